"""A worker whose app cannot be built yet answers 503 and keeps trying, never crashes."""

from __future__ import annotations

import falcon
import falcon.testing

from plotpress.entrypoints.wsgi.deferred import DeferredApp


def _real_app() -> falcon.App:
    app = falcon.App()

    class Hello:
        def on_get(self, req, resp):
            resp.media = {"hello": True}

    app.add_route("/hello", Hello())
    return app


def test_a_failing_build_answers_503_keeps_healthz_and_is_retried_until_it_works():
    attempts: list[int] = []

    def build():
        attempts.append(1)
        if len(attempts) < 3:
            raise ConnectionError("metadata store down")
        return _real_app()

    deferred = DeferredApp(build, retry_interval=0.0)
    client = falcon.testing.TestClient(deferred)
    assert not deferred.ready
    down = client.simulate_get("/hello")
    assert down.status_code == 503
    assert down.headers["Content-Type"] == "application/problem+json"
    assert down.json["type"] == "urn:plotpress:problem:unavailable"
    assert client.simulate_get("/hello").json == {"hello": True}
    assert deferred.ready
    assert len(attempts) == 3


def test_healthz_answers_while_the_app_is_not_built():
    deferred = DeferredApp(lambda: (_ for _ in ()).throw(RuntimeError("no")), retry_interval=60)
    client = falcon.testing.TestClient(deferred)
    assert client.simulate_get("/healthz").json == {"status": "ok"}
    assert client.simulate_get("/readyz").status_code == 503
