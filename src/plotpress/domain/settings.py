"""Server settings from ``plotpress.yaml`` plus ``PLOTPRESS_*`` environment variables.

Built once at start-up by the workspace adapter; every key has a default so an empty
(or missing) ``plotpress.yaml`` gives a working local server.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class OidcSettings:
    issuer: str
    client_id: str
    client_secret: str | None = attrs.field(default=None, repr=False)
    scopes: tuple[str, ...] = ("openid", "email", "profile")
    email_claim: str = "email"


@attrs.frozen
class EmailOtpSettings:
    enabled: bool = True
    smtp: str | None = attrs.field(default=None, repr=False)  # may carry credentials
    sender: str = "plotpress@localhost"
    code_ttl: float = 600.0
    max_attempts: int = 5
    allowed_domains: tuple[str, ...] = ()


@attrs.frozen
class AuthSettings:
    session_ttl: float = 86400.0
    admins: frozenset[str] = frozenset()  # lower-cased addresses
    oidc: OidcSettings | None = None
    email_otp: EmailOtpSettings = EmailOtpSettings()


@attrs.frozen
class CacheSettings:
    ttl: float = 60.0  # 0 disables the query cache
    max_entries: int = 10_000


@attrs.frozen
class AuditSettings:
    retention_days: int = 0  # 0 keeps forever


@attrs.frozen
class Settings:
    listen: str = "127.0.0.1:8080"
    public_url: str = "http://localhost:8080"
    storage: str = attrs.field(default="sqlite:///.plotpress/plotpress.db", repr=False)
    secret_key: str | None = attrs.field(default=None, repr=False)
    trusted_proxies: tuple[str, ...] = ()  # CIDRs whose X-Forwarded-For names the client
    auth: AuthSettings = AuthSettings()
    cache: CacheSettings = CacheSettings()
    audit: AuditSettings = AuditSettings()

    @property
    def listen_host(self) -> str:
        host, _, _ = self.listen.rpartition(":")
        return host.strip("[]")

    @property
    def listen_port(self) -> int:
        return int(self.listen.rpartition(":")[2])

    @property
    def secure_cookies(self) -> bool:
        return self.public_url.lower().startswith("https://")
