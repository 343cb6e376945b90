"""Pure model and rules: no I/O, no clock, no randomness; stdlib and attrs only."""
