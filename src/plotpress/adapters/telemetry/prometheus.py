"""Prometheus metrics and the per-query JSON log line.

Metrics live in a registry of their own (one per app), so several apps in one test
process never collide. Under gunicorn, ``PROMETHEUS_MULTIPROC_DIR`` makes every worker
write its values to shared files, and ``exposition`` merges all workers' files: a scrape
answered by any worker counts the whole server.
"""

from __future__ import annotations

import logging
import os

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from plotpress.ports.telemetry import QueryReport

query_log = logging.getLogger("plotpress.query")

DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


class PrometheusTelemetry:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "plotpress_http_requests",
            "HTTP requests by route template, method and status.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.request_seconds = Histogram(
            "plotpress_http_request_duration_seconds",
            "HTTP request duration by route template.",
            ["route"],
            buckets=DURATION_BUCKETS,
            registry=self.registry,
        )
        self.query_seconds = Histogram(
            "plotpress_query_duration_seconds",
            "Query request duration by dashboard, connection and outcome.",
            ["dashboard", "connection", "outcome"],
            buckets=DURATION_BUCKETS,
            registry=self.registry,
        )
        self.cache = Counter(
            "plotpress_query_cache_lookups",
            "Query cache lookups by result (hit or miss).",
            ["result"],
            registry=self.registry,
        )
        self.audit_failures = Counter(
            "plotpress_audit_write_failures",
            "Audit rows that could not be written (their requests were refused).",
            registry=self.registry,
        )
        self.sign_ins = Counter(
            "plotpress_sign_ins",
            "Sign-in attempts by method and outcome.",
            ["method", "outcome"],
            registry=self.registry,
        )

    # -- the Telemetry port --------------------------------------------------------------

    def query_finished(self, report: QueryReport) -> None:
        self.query_seconds.labels(
            report.dashboard, report.connection or "", report.outcome
        ).observe(report.duration_s)
        query_log.info(
            "query",
            extra={
                "event": "query",
                "dashboard": report.dashboard,
                "kind": report.kind,
                "target": report.name,
                "connection": report.connection,
                "outcome": report.outcome,
                "duration_ms": round(report.duration_s * 1000, 3),
                "rows": report.row_count,
                "user": report.user,
            },
        )

    def cache_lookup(self, hit: bool) -> None:
        self.cache.labels("hit" if hit else "miss").inc()

    def audit_write_failed(self) -> None:
        self.audit_failures.inc()

    def sign_in(self, method: str, outcome: str) -> None:
        self.sign_ins.labels(method, outcome).inc()

    # -- for the web layer ---------------------------------------------------------------

    def request_finished(self, route: str, method: str, status: int, seconds: float) -> None:
        self.requests.labels(route, method, str(status)).inc()
        self.request_seconds.labels(route).observe(seconds)

    def exposition(self) -> bytes:
        """The Prometheus text format of every metric (all workers' under gunicorn)."""
        if multiprocess_dir() is not None:
            merged = CollectorRegistry()
            MultiProcessCollector(merged)  # type: ignore[no-untyped-call]
            return generate_latest(merged)
        return generate_latest(self.registry)
