"""Per-client limits see the real client behind trusted proxies, and only then."""

from __future__ import annotations

import falcon.testing
import pytest

from plotpress.entrypoints.wsgi.client_address import client_address, parse_networks

PROXIES = parse_networks(["10.0.0.0/8", "::1/128"])


def request(remote: str, forwarded: str | None = None) -> falcon.Request:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    env = falcon.testing.create_environ(remote_addr=remote, headers=headers)
    return falcon.Request(env)


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.9", None, "203.0.113.9"),
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),  # untrusted peer: header ignored
        ("10.1.2.3", "198.51.100.1", "198.51.100.1"),
        ("10.1.2.3", "1.1.1.1, 198.51.100.1, 10.9.9.9", "198.51.100.1"),  # spoofed left part
        ("10.1.2.3", None, "10.1.2.3"),
        ("10.1.2.3", "10.4.4.4", "10.4.4.4"),
        ("::ffff:10.1.2.3", "198.51.100.1", "198.51.100.1"),  # IPv4 proxy on a v6 socket
    ],
)
def test_the_client_is_the_first_untrusted_hop_from_the_right(remote, forwarded, expected):
    assert client_address(request(remote, forwarded), PROXIES) == expected


def test_without_trusted_proxies_the_peer_is_the_client():
    assert client_address(request("10.1.2.3", "198.51.100.1"), ()) == "10.1.2.3"
