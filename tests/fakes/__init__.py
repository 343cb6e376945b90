"""In-memory adapters for our own ports, for unit tests (fakes over mocks)."""
