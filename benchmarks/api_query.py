"""Throughput of ``POST /api/query`` next to a bare Falcon + sqlite3 handler, in one run.

Both apps run the same SQL against the same SQLite file, driven the same way: by
default called in-process through WSGI (``falcon.testing``, one caller: what the app
itself costs per request), or with ``--http`` behind the same threaded loopback server
and keep-alive clients (closer to production, but the Python HTTP server and client in
one process weigh on both sides):

* ``plotpress``: the real app — session cookie lookup, role resolution, target and
  permission checks, column check of the view, bound statement through the pooled
  SQLite connector, and one audit row written to the SQLite metadata store
  (``synchronous=FULL``) per request. Run twice: cache off, and cache on (after the
  first request every answer is a cache hit, still audited).
* ``bare``: a Falcon resource that parses the same JSON body, runs the same
  ``SELECT * FROM "sales_by_region" WHERE "region" = ?`` on a per-thread sqlite3
  connection and returns the same JSON shape. No auth, no audit.

Usage: ``python benchmarks/api_query.py [--requests 2000] [--repeat 3] [--http [--clients 4]]``
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import falcon
import falcon.testing
import requests

from plotpress.adapters.connector_registry import ConnectorRegistry
from plotpress.adapters.connectors import build_connector
from plotpress.adapters.sqlite import SqliteStore
from plotpress.adapters.system import SecretsTokenFactory, SystemClock
from plotpress.adapters.workspace import FilesystemWorkspace
from plotpress.domain.settings import CacheSettings, Settings
from plotpress.entrypoints.wsgi.app import Ports, create_app
from plotpress.services.auth.sessions import SessionService
from plotpress.services.workspace_state import WorkspaceState

SQL = 'SELECT * FROM "sales_by_region" WHERE "region" = ?'
BODY = {"dashboard": "bench", "view": "sales_by_region", "params": {"region": "EU"}}
SECRET = "benchmark-secret-" + "x" * 32
EMAIL = "bench@example.com"
EXPECTED_ROWS = 3  # EU holds ids 0, 4, 8, ...: months 1, 5 and 9


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Quiet(WSGIRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as browsers do

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(app: Any) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, server_class=_Server, handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def write_workspace(root: Path) -> None:
    with sqlite3.connect(root / "data.db") as db:
        db.execute("CREATE TABLE sales (id INTEGER, region TEXT, month TEXT, revenue REAL)")
        regions = ["EU", "NA", "APAC", "LATAM"]
        db.executemany(
            "INSERT INTO sales VALUES (?, ?, ?, ?)",
            [(i, regions[i % 4], f"2025-{i % 12 + 1:02d}", i * 1.5) for i in range(2000)],
        )
        db.execute(
            "CREATE VIEW sales_by_region AS SELECT region, month, sum(revenue) AS revenue "
            "FROM sales GROUP BY region, month"
        )
    board = root / "dashboards" / "bench"
    board.mkdir(parents=True)
    (board / "dashboard.yaml").write_text("title: Bench\nconnection: db\n")
    (board / "users.yaml").write_text(f"viewers:\n  members: [{EMAIL}]\n")
    (board / "connections.yaml").write_text(
        "db:\n  driver: sqlite\n  dsn: data.db\n  allowed_users: [viewers]\n"
    )
    (board / "index.md").write_text(
        "# Bench\n\n```plot view=sales_by_region\nPlot.barY(data, {x: 'month'})\n```\n"
    )


def plotpress_app(root: Path, cache_ttl: float) -> tuple[Any, str]:
    store = SqliteStore(root / f"meta-{cache_ttl:g}.db")
    store.migrate()
    source = FilesystemWorkspace(root, {})
    clock, tokens = SystemClock(), SecretsTokenFactory()
    ports = Ports(
        store=store,
        connectors=ConnectorRegistry(root, build_connector),
        clock=clock,
        tokens=tokens,
        mailer=_NoMail(),
        source=source,
    )
    settings = Settings(cache=CacheSettings(ttl=cache_ttl))
    app = create_app(settings, state=WorkspaceState(source.load()), ports=ports, secret=SECRET)
    with store.unit_of_work() as uow:
        user = uow.users.upsert_email_user(EMAIL, clock.now(), tokens.new_id())
    sessions = SessionService(store, clock, tokens, SECRET, 3600)
    return app, sessions.start(user, {"email": EMAIL, "sub": f"email:{EMAIL}"})


class _NoMail:
    def send(self, to: str, subject: str, text: str) -> None:
        raise AssertionError("the benchmark signs in without mail")


def bare_app(root: Path) -> Any:
    local = threading.local()

    class Query:
        def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
            body = req.get_media()
            conn = getattr(local, "conn", None)
            if conn is None:
                conn = local.conn = sqlite3.connect(
                    f"file:{root / 'data.db'}?mode=ro", uri=True, check_same_thread=False
                )
            started = time.monotonic()
            cursor = conn.execute(SQL, (body["params"]["region"],))
            rows = [list(r) for r in cursor.fetchall()]
            columns = [{"name": d[0], "type": "string"} for d in cursor.description]
            resp.media = {
                "columns": columns,
                "rows": rows,
                "row_count": len(rows),
                "truncated": False,
                "cached": False,
                "duration_ms": (time.monotonic() - started) * 1000,
            }

    app = falcon.App()
    app.add_route("/api/query", Query())
    return app


def drive(url: str, cookie: str | None, total: int, clients: int) -> float:
    """Requests per second for ``total`` POSTs spread over ``clients`` threads."""
    per_client = total // clients
    errors: list[str] = []

    def client() -> None:
        session = requests.Session()
        if cookie:
            session.cookies.set("plotpress_session", cookie)
        for _ in range(per_client):
            answer = session.post(
                f"{url}/api/query",
                data=json.dumps(BODY),
                headers={"Content-Type": "application/json"},
                timeout=30,
            )
            if answer.status_code != 200 or answer.json()["row_count"] != EXPECTED_ROWS:
                errors.append(f"{answer.status_code} {answer.text[:200]}")

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise SystemExit(f"{len(errors)} failed requests, first: {errors[0]}")
    return per_client * clients / elapsed


def drive_wsgi(app: Any, cookie: str | None, total: int) -> float:
    """Requests per second for ``total`` in-process WSGI calls."""
    client = falcon.testing.TestClient(app)
    cookies = {"plotpress_session": cookie} if cookie else None
    started = time.perf_counter()
    for _ in range(total):
        answer = client.simulate_post("/api/query", json=BODY, cookies=cookies)
        if answer.status_code != 200 or answer.json["row_count"] != EXPECTED_ROWS:
            raise SystemExit(f"failed request: {answer.status_code} {answer.text[:200]}")
    return total / (time.perf_counter() - started)


def measure(name: str, run: Callable[[], float], repeat: int) -> tuple[str, float]:
    rates = [run() for _ in range(repeat)]
    print(f"  {name:<22} " + "  ".join(f"{r:8.0f}" for r in rates) + " req/s")
    return name, statistics.median(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--http", action="store_true", help="drive over loopback HTTP")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_workspace(root)
        results: dict[str, float] = {}
        if not args.http:
            bare = bare_app(root)
            drive_wsgi(bare, None, 200)
            name, rate = measure(
                "bare falcon+sqlite3", lambda: drive_wsgi(bare, None, args.requests), args.repeat
            )
            results[name] = rate
            for ttl, label in ((0.0, "plotpress (no cache)"), (60.0, "plotpress (cache on)")):
                app, cookie = plotpress_app(root, ttl)
                drive_wsgi(app, cookie, 200)
                name, rate = measure(
                    label,
                    lambda app=app, cookie=cookie: drive_wsgi(app, cookie, args.requests),
                    args.repeat,
                )
                results[name] = rate
            report(results)
            return
        with serve(bare_app(root)) as bare_url:
            drive(bare_url, None, 200, args.clients)  # warm-up
            name, rate = measure(
                "bare falcon+sqlite3",
                lambda: drive(bare_url, None, args.requests, args.clients),
                args.repeat,
            )
            results[name] = rate
        for ttl, label in ((0.0, "plotpress (no cache)"), (60.0, "plotpress (cache on)")):
            app, cookie = plotpress_app(root, ttl)
            with serve(app) as url:
                drive(url, cookie, 200, args.clients)  # warm-up: pools, caches
                name, rate = measure(
                    label,
                    lambda url=url, cookie=cookie: drive(url, cookie, args.requests, args.clients),
                    args.repeat,
                )
                results[name] = rate
    report(results)


def report(results: dict[str, float]) -> None:
    bare = results["bare falcon+sqlite3"]
    print("\nmedian req/s and ratio to the bare handler:")
    for name, rate in results.items():
        print(f"  {name:<22} {rate:8.0f}  {rate / bare:5.2f}")


if __name__ == "__main__":
    main()
