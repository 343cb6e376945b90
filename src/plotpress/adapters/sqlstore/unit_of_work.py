"""One transaction's repositories, as the port's UnitOfWork."""

from __future__ import annotations

from plotpress.adapters.sqlstore.audit import SqlAuditLog
from plotpress.adapters.sqlstore.cache import SqlQueryCache
from plotpress.adapters.sqlstore.dialect import Cursor, Dialect, Executor
from plotpress.adapters.sqlstore.otp import SqlOtpCodes
from plotpress.adapters.sqlstore.sessions import SqlSessions
from plotpress.adapters.sqlstore.small import SqlKeyValue, SqlRateLimiter
from plotpress.adapters.sqlstore.users import SqlUsers
from plotpress.ports.store import (
    AuditLog,
    KeyValue,
    OtpRepository,
    QueryCache,
    RateLimiter,
    SessionRepository,
    UserRepository,
)


class SqlUnitOfWork:
    """Every repository bound to the cursor of one open transaction."""

    def __init__(self, cursor: Cursor, dialect: Dialect, *, max_cache_entries: int) -> None:
        x = Executor(cursor, dialect)
        self.users: UserRepository = SqlUsers(x)
        self.sessions: SessionRepository = SqlSessions(x)
        self.otp_codes: OtpRepository = SqlOtpCodes(x)
        self.rate_limits: RateLimiter = SqlRateLimiter(x)
        self.audit: AuditLog = SqlAuditLog(x)
        self.cache: QueryCache = SqlQueryCache(x, max_cache_entries)
        self.kv: KeyValue = SqlKeyValue(x)
