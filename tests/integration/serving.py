"""Run ``plotpress serve`` as a real process on a loopback port, and sign in through it."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import attrs
import requests

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "examples" / "demo"
_CODE = re.compile(r"^\s+(\d{6,})\s*$", re.MULTILINE)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@attrs.define
class Server:
    url: str
    process: subprocess.Popen[str]
    cwd: Path
    output: list[str] = attrs.Factory(list)
    _lock: threading.Lock = attrs.Factory(threading.Lock)

    def log(self) -> str:
        with self._lock:
            return "".join(self.output)

    def wait_for(self, pattern: re.Pattern[str], after: int, deadline: float = 10.0) -> str:
        """The first match of ``pattern`` in the log after offset ``after`` (polled)."""
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            match = pattern.search(self.log(), after)
            if match:
                return match.group(1)
            time.sleep(0.02)  # polling the log of another process, bounded by the deadline
        raise AssertionError(f"{pattern.pattern!r} not in server output:\n{self.log()[-3000:]}")

    def wait_for_text(self, text: str, after: int, deadline: float = 30.0) -> None:
        self.wait_for(re.compile(f"({re.escape(text)})"), after, deadline)

    def wait_for_text_match(self, pattern: str, after: int, deadline: float = 30.0) -> str:
        return self.wait_for(re.compile(pattern), after, deadline)

    def sign_in(self, email: str) -> requests.Session:
        """The OTP flow through the forms, reading the code from the console mailer."""
        browser = requests.Session()
        mark = len(self.log())
        resp = browser.post(f"{self.url}/auth/email", data={"email": email}, timeout=10)
        assert resp.status_code == 202, resp.text
        code = self.wait_for(_CODE, mark)
        resp = browser.post(
            f"{self.url}/auth/email/verify",
            data={"email": email, "code": code, "next": "/api/me"},
            timeout=10,
        )
        assert resp.status_code == 200, resp.text
        assert resp.json()["email"] == email.lower()
        return browser


def _pump(server: Server, stream: object) -> None:
    for line in iter(stream.readline, ""):  # type: ignore[attr-defined]
        with server._lock:
            server.output.append(line)


@contextmanager
def serve(
    workspace: Path = DEMO,
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    args: tuple[str, ...] = ("--workers", "1"),
) -> Iterator[Server]:
    port = free_port()
    environ = {**os.environ, **(env or {})}
    environ.pop("PLOTPRESS_REQUIRE_SERVICES", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "plotpress.entrypoints.cli",
            "serve",
            str(workspace),
            "--listen",
            f"127.0.0.1:{port}",
            *args,
        ],
        cwd=cwd,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    server = Server(f"http://127.0.0.1:{port}", process, cwd)
    threading.Thread(target=_pump, args=(server, process.stdout), daemon=True).start()
    try:
        end = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise AssertionError(f"serve exited early:\n{server.log()}")
            try:
                if requests.get(f"{server.url}/healthz", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > end:
                raise AssertionError(f"serve did not answer within 30 s:\n{server.log()}")
            time.sleep(0.05)  # polling a starting server, bounded by the deadline
        yield server
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
