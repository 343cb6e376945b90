"""What the services report about their work: metrics and structured log lines."""

from __future__ import annotations

from typing import Protocol

import attrs


@attrs.frozen
class QueryReport:
    """One finished query request, as metrics and the query log see it."""

    dashboard: str
    name: str
    kind: str
    connection: str | None
    outcome: str
    duration_s: float
    user: str | None
    row_count: int | None


class Telemetry(Protocol):
    def query_finished(self, report: QueryReport) -> None:
        """Count and log one query request (after its audit row was written or failed)."""
        ...

    def cache_lookup(self, hit: bool) -> None:
        """Count one query-cache lookup."""
        ...

    def audit_write_failed(self) -> None:
        """Count an audit row that could not be written."""
        ...

    def sign_in(self, method: str, outcome: str) -> None:
        """Count one sign-in attempt: method ``email`` or ``oidc``; outcome ``ok`` or why not."""
        ...


class NoTelemetry:
    """Telemetry that records nothing (tests that do not look at metrics)."""

    def query_finished(self, report: QueryReport) -> None:
        pass

    def cache_lookup(self, hit: bool) -> None:
        pass

    def audit_write_failed(self) -> None:
        pass

    def sign_in(self, method: str, outcome: str) -> None:
        pass
