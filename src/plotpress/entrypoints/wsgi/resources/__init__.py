"""Falcon resources: thin, stateless nouns with collaborators passed to ``__init__``."""
