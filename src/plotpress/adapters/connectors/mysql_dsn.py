"""``mysql://user:password@host:port/database`` (or ``mariadb://``) as PyMySQL arguments."""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlsplit

from plotpress.ports.connector import ConnectorConfigError

_SCHEMES = ("mysql", "mariadb", "mysql+pymysql")
_OPTIONS = {"unix_socket", "ssl_ca", "ssl_cert", "ssl_key"}


def parse(name: str, dsn: str) -> dict[str, object]:
    """PyMySQL ``connect()`` keyword arguments; errors never repeat the DSN."""
    problem = f"connection '{name}': the dsn must look like mysql://user:password@host:3306/db"
    try:
        parts = urlsplit(dsn.strip())
        port = parts.port or 3306
    except ValueError:
        raise ConnectorConfigError(problem) from None
    if parts.scheme not in _SCHEMES or not (parts.hostname or "unix_socket" in parts.query):
        raise ConnectorConfigError(problem)
    args: dict[str, object] = {
        "host": parts.hostname or "localhost",
        "port": port,
        "user": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
    }
    database = unquote(parts.path.lstrip("/"))
    if database:
        args["database"] = database
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key not in _OPTIONS:
            raise ConnectorConfigError(
                f"connection '{name}': unsupported dsn option '{key}' "
                f"(supported: {', '.join(sorted(_OPTIONS))})"
            )
        args[key] = value
    return args
