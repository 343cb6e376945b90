"""The WSGI application: ``create_app`` for tests, ``app_from_env`` for gunicorn."""
