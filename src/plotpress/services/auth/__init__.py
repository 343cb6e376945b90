"""Sign-in: e-mailed one-time codes, OpenID Connect, and the sessions they open.

Services take ports (store, mailer, identity provider, clock, tokens) and the server
secret; see ``sessions``, ``otp`` and ``oidc`` for the calls the HTTP layer makes.
"""
