"""Composition roots: the WSGI app and the command line."""
