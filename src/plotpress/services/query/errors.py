"""Why a query request did not produce data; each maps to one HTTP status and audit outcome.

The web layer turns these into ``application/problem+json`` with the stable ``type``.
Messages are safe to show to the viewer: no DSN, no credentials, no SQL values.
"""

from __future__ import annotations

from plotpress.domain.audit import Outcome


class QueryProblem(Exception):
    status = 500
    slug = "internal"
    title = "Internal error"
    outcome = Outcome.ERROR

    def __init__(self, detail: str, *, param: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.param = param

    @property
    def type_uri(self) -> str:
        return f"urn:plotpress:problem:{self.slug}"


class NotSignedIn(QueryProblem):
    status, slug, title, outcome = 401, "not-signed-in", "Not signed in", Outcome.DENIED


class NotAllowed(QueryProblem):
    status, slug, title, outcome = 403, "forbidden", "Not allowed", Outcome.DENIED


class NotFound(QueryProblem):
    status, slug, title, outcome = 404, "not-found", "Not found", Outcome.NOT_FOUND


class InvalidRequest(QueryProblem):
    status, slug, title, outcome = 400, "invalid-parameters", "Invalid parameters", Outcome.INVALID


class ReadOnlyViolation(QueryProblem):
    status, slug, title, outcome = 400, "read-only", "Statement refused", Outcome.INVALID


class TimedOut(QueryProblem):
    status, slug, title, outcome = 504, "timeout", "Query timed out", Outcome.TIMEOUT


class DataSourceFailed(QueryProblem):
    status, slug, title, outcome = 502, "data-source-error", "Data source error", Outcome.ERROR


class Unavailable(QueryProblem):
    status, slug, title, outcome = 503, "unavailable", "Service unavailable", Outcome.UNAVAILABLE
