"""The browser's part of the OIDC flow, played with requests against the provider."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import requests


def approve_at_provider(authorization_url: str, subject: str) -> dict[str, str]:
    """Open the provider's login form, sign in as ``subject``, and return the query of
    the redirect back to us (``code`` and ``state``), without following it."""
    browser = requests.Session()
    form = browser.get(authorization_url, timeout=5)
    assert form.status_code == 200, form.text[:500]
    assert 'name="sub"' in form.text  # the provider's sign-in form
    # The form posts to the URL it was served from.
    answer = browser.post(
        authorization_url, data={"sub": subject}, allow_redirects=False, timeout=5
    )
    assert answer.status_code in (302, 303), answer.text[:500]
    location = urlsplit(answer.headers["Location"])
    return {k: v[-1] for k, v in parse_qs(location.query).items()}
