import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from aiosmtpd.controller import Controller

from plotpress.adapters.sqlite import SqliteStore

ALICE_CLAIMS = {"sub": "alice", "email": "alice@example.com", "groups": ["analysts"]}
BOB_CLAIMS = {"sub": "bob", "email": "bob@example.com", "groups": ["finance-team"]}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(condition, *, deadline_s: float, what: str, poll_s: float = 0.05):
    """Poll ``condition`` until it returns something truthy or the deadline passes."""
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        # Not a sleep-to-wait: a bounded pause between polls of an explicit condition.
        time.sleep(poll_s)
    pytest.fail(f"timed out after {deadline_s}s waiting for {what}")


class Inbox:
    """The aiosmtpd handler: keeps every message it accepts, as bytes."""

    def __init__(self):
        self.messages: list[bytes] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(envelope.original_content or envelope.content)
        return "250 Message accepted"


@pytest.fixture
def inbox():
    return Inbox()


@pytest.fixture
def smtp_server(inbox):
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()  # returns once the server answers a connection
    try:
        yield controller
    finally:
        controller.stop()


@pytest.fixture
def sqlite_store(tmp_path):
    store = SqliteStore(tmp_path / "plotpress.db")
    store.migrate()
    try:
        yield store
    finally:
        store.close()


def database_bytes(store: SqliteStore) -> bytes:
    """The database file and its WAL as they lie on disk."""
    path = Path(store.path)
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


@pytest.fixture(scope="module")
def provider_process(tmp_path_factory):
    """A real OpenID provider (oidc-provider-mock) in its own process on 127.0.0.1."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("oidc") / "provider.log"
    command = [
        sys.executable,
        "-m",
        "oidc_provider_mock",
        "--host=127.0.0.1",
        f"--port={port}",
        "--require-nonce=true",
        f"--user-claims={json.dumps(ALICE_CLAIMS)}",
        f"--user-claims={json.dumps(BOB_CLAIMS)}",
    ]
    env = {**os.environ, "NO_COLOR": "1", "PYTHONWARNINGS": "ignore"}
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    issuer = f"http://127.0.0.1:{port}"

    def ready():
        if process.poll() is not None:
            pytest.fail(f"the OIDC provider exited: {log_path.read_text()[-2000:]}")
        try:
            answer = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1)
        except requests.ConnectionError:
            return False
        return answer.status_code == 200

    try:
        wait_until(ready, deadline_s=30, what="the OIDC provider process")
        yield issuer
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
