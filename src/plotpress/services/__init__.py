"""Use cases: functions and classes that take ports as arguments."""
