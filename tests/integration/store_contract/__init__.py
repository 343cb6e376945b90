"""One contract suite for the metadata store, run against the fake, SQLite and PostgreSQL."""
