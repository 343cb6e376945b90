"""The client's address, for per-client rate limits, behind trusted reverse proxies.

Only a proxy listed in ``trusted_proxies`` may say who the client is: its
``X-Forwarded-For`` is read from the right, skipping further trusted proxies, and the
first address that is not one of them is the client. Anyone else's header is ignored,
so a client cannot pick a fresh address per request to dodge its limit.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

import falcon

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values)


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return False
    # A dual-stack listener shows an IPv4 proxy as ::ffff:a.b.c.d.
    mapped = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) else None
    return any(ip in network or (mapped is not None and mapped in network) for network in networks)


def client_address(req: falcon.Request, trusted: tuple[Network, ...]) -> str:
    peer = req.remote_addr or "unknown"
    if not trusted or not _trusted(peer, trusted):
        return peer
    forwarded = req.get_header("X-Forwarded-For") or ""
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, trusted):
            return hop[:64]
    return hops[0][:64] if hops else peer
