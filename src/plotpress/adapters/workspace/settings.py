"""``plotpress.yaml`` plus ``PLOTPRESS_*`` environment overrides → :class:`Settings`.

Every key is optional. ``${VAR}`` is expanded in ``storage``, ``secret_key``,
``auth.oidc.client_secret`` and ``auth.email_otp.smtp`` only (see env.py); ``secret_key:
${NAME}`` with NAME unset counts as no key (one is then generated and kept in the
metadata store, SPEC §2). The environment overrides listed in :data:`ENV_OVERRIDES`
win over the file; problems in them are reported against ``<environment>``.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Mapping

import attrs

from plotpress.adapters.workspace.converter import Duration, structure
from plotpress.adapters.workspace.env import SETTINGS_EXPANDED, expand_tree
from plotpress.adapters.workspace.problems import ProblemLog
from plotpress.adapters.workspace.yaml_source import YamlDocument, dotted
from plotpress.domain.settings import (
    AuditSettings,
    AuthSettings,
    CacheSettings,
    EmailOtpSettings,
    OidcSettings,
    Settings,
)

SETTINGS_FILE = "plotpress.yaml"
ENVIRONMENT = "<environment>"
_DEFAULTS = Settings()
_WHOLE_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_EXPANDED_WHERE = ", ".join(dotted(path) for path in SETTINGS_EXPANDED[:-1]) + (
    f" and {dotted(SETTINGS_EXPANDED[-1])}"
)
_LISTEN = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[^\s:\[\]]+):([0-9]{1,5})")


@attrs.frozen
class OidcSpec:
    issuer: str
    client_id: str
    client_secret: str | None = None
    scopes: list[str] = attrs.Factory(lambda: ["openid", "email", "profile"])
    email_claim: str = "email"


@attrs.frozen
class EmailOtpSpec:
    enabled: bool = True
    smtp: str | None = None
    from_: str = "plotpress@localhost"
    code_ttl: Duration = attrs.field(default=Duration(600.0))
    max_attempts: int = 5
    allowed_domains: list[str] = attrs.Factory(list)


@attrs.frozen
class AuthSpec:
    session_ttl: Duration = attrs.field(default=Duration(86400.0))
    admins: list[str] = attrs.Factory(list)
    oidc: OidcSpec | None = None
    email_otp: EmailOtpSpec = EmailOtpSpec()


@attrs.frozen
class CacheSpec:
    ttl: Duration = attrs.field(default=Duration(60.0))
    max_entries: int = 10_000


@attrs.frozen
class AuditSpec:
    retention: int = 0


@attrs.frozen
class SettingsSpec:
    """``plotpress.yaml``."""

    listen: str = _DEFAULTS.listen
    public_url: str = _DEFAULTS.public_url
    storage: str = _DEFAULTS.storage
    secret_key: str | None = None
    trusted_proxies: list[str] = attrs.Factory(list)
    auth: AuthSpec = AuthSpec()
    cache: CacheSpec = CacheSpec()
    audit: AuditSpec = AuditSpec()


def _text(value: str) -> object:
    return value


def _flag(value: str) -> object:
    lowered = value.strip().lower()
    return {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}.get(
        lowered, value
    )


def _integer(value: str) -> object:
    return int(value) if re.fullmatch(r"-?[0-9]{1,18}", value.strip()) else value


def _words(value: str) -> object:
    return [part.strip() for part in value.split(",") if part.strip()]


ENV_OVERRIDES: dict[str, tuple[tuple[str, ...], Callable[[str], object]]] = {
    "PLOTPRESS_LISTEN": (("listen",), _text),
    "PLOTPRESS_PUBLIC_URL": (("public_url",), _text),
    "PLOTPRESS_STORAGE": (("storage",), _text),
    "PLOTPRESS_SECRET_KEY": (("secret_key",), _text),
    "PLOTPRESS_TRUSTED_PROXIES": (("trusted_proxies",), _words),
    "PLOTPRESS_SESSION_TTL": (("auth", "session_ttl"), _text),
    "PLOTPRESS_ADMINS": (("auth", "admins"), _words),
    "PLOTPRESS_OIDC_ISSUER": (("auth", "oidc", "issuer"), _text),
    "PLOTPRESS_OIDC_CLIENT_ID": (("auth", "oidc", "client_id"), _text),
    "PLOTPRESS_OIDC_CLIENT_SECRET": (("auth", "oidc", "client_secret"), _text),
    "PLOTPRESS_EMAIL_OTP_ENABLED": (("auth", "email_otp", "enabled"), _flag),
    "PLOTPRESS_SMTP": (("auth", "email_otp", "smtp"), _text),
    "PLOTPRESS_EMAIL_FROM": (("auth", "email_otp", "from"), _text),
    "PLOTPRESS_CACHE_TTL": (("cache", "ttl"), _text),
    "PLOTPRESS_AUDIT_RETENTION": (("audit", "retention"), _integer),
}
"""Environment variable → key path in ``plotpress.yaml`` and how its text is read."""


def build_settings(
    doc: YamlDocument | None, environ: Mapping[str, str], problems: ProblemLog
) -> Settings | None:
    """Settings from the parsed file (None when absent) and the environment."""
    data = doc.data if doc is not None else None
    doc = doc or YamlDocument(None, {(): 1})
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problems.add(SETTINGS_FILE, "expected a mapping of settings", line=doc.line_of(()))
        return None
    secret = data.get("secret_key")
    ref = _WHOLE_REFERENCE.fullmatch(secret) if isinstance(secret, str) else None
    if ref is not None and ref.group(1) not in environ:
        data = {key: value for key, value in data.items() if key != "secret_key"}
    expanded, failures = expand_tree(
        data, environ, expanded=SETTINGS_EXPANDED, where=_EXPANDED_WHERE
    )
    for path, message in failures:
        problems.add(SETTINGS_FILE, message, line=doc.line_of(path), key=dotted(path))
    # Reported once above; structuring would only repeat it.
    failed_keys = {dotted(path) for path, _ in failures}
    assert isinstance(expanded, dict)
    overridden = _apply_overrides(expanded, environ)
    local = ProblemLog()
    spec = structure(expanded, SettingsSpec, doc=doc, file=SETTINGS_FILE, problems=local)
    for problem in local.sorted():
        if problem.key in failed_keys and problem.key not in overridden.values():
            continue
        source = next((var for var, key in overridden.items() if problem.key == key), None)
        if source is None:
            problems.extend([problem])
        else:
            problems.add(ENVIRONMENT, problem.message, key=source)
    if spec is None:
        return None
    return _checked(spec, doc, problems, overridden)


def _apply_overrides(data: dict[str, object], environ: Mapping[str, str]) -> dict[str, str]:
    overridden: dict[str, str] = {}
    for var, (path, read) in ENV_OVERRIDES.items():
        if var not in environ:
            continue
        target = data
        for part in path[:-1]:
            child = target.get(part)
            if not isinstance(child, dict):
                child = {}
                target[part] = child
            target = child
        target[path[-1]] = read(environ[var])
        overridden[var] = dotted(path)
    return overridden


def _checked(
    spec: SettingsSpec, doc: YamlDocument, problems: ProblemLog, overridden: dict[str, str]
) -> Settings | None:
    found = len(problems)

    def problem(path: tuple[str | int, ...], message: str) -> None:
        key = dotted(path)
        var = next((v for v, k in overridden.items() if k == key), None)
        if var is not None:
            problems.add(ENVIRONMENT, message, key=var)
        else:
            problems.add(SETTINGS_FILE, message, line=doc.line_of(path), key=key)

    listen = _LISTEN.fullmatch(spec.listen)
    if listen is None or not 0 < int(listen.group(2)) < 65536:
        problem(("listen",), "expected HOST:PORT, e.g. 127.0.0.1:8080")
    if not spec.public_url.lower().startswith(("http://", "https://")):
        problem(("public_url",), "expected an http:// or https:// URL")
    for i, network in enumerate(spec.trusted_proxies):
        try:
            ipaddress.ip_network(network.strip(), strict=False)
        except ValueError:
            problem(("trusted_proxies", i), f"expected an address or CIDR, got {network!r}")
    otp = spec.auth.email_otp
    if otp.enabled and otp.smtp is None and listen is not None and not _loopback(listen.group(1)):
        problem(
            ("auth", "email_otp", "smtp"),
            "required when listen is not a loopback address (without smtp, codes are "
            "printed to the console, which only suits a local demo); or set enabled: false",
        )
    if len(problems) > found:
        return None
    auth = spec.auth
    oidc = auth.oidc
    return Settings(
        listen=spec.listen,
        public_url=spec.public_url,
        storage=spec.storage,
        secret_key=spec.secret_key or None,
        trusted_proxies=tuple(p.strip() for p in spec.trusted_proxies),
        auth=AuthSettings(
            session_ttl=auth.session_ttl,
            admins=frozenset(a.strip().lower() for a in auth.admins),
            oidc=OidcSettings(
                oidc.issuer,
                oidc.client_id,
                oidc.client_secret,
                tuple(oidc.scopes),
                oidc.email_claim,
            )
            if oidc
            else None,
            email_otp=EmailOtpSettings(
                enabled=otp.enabled,
                smtp=otp.smtp,
                sender=otp.from_,
                code_ttl=otp.code_ttl,
                max_attempts=otp.max_attempts,
                allowed_domains=tuple(d.strip().lower() for d in otp.allowed_domains),
            ),
        ),
        cache=CacheSettings(ttl=spec.cache.ttl, max_entries=spec.cache.max_entries),
        audit=AuditSettings(retention_days=spec.audit.retention),
    )


def _loopback(host: str) -> bool:
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
