"""Child-process scripts for the store integration tests (run as ``python <file> …``)."""
