"""Fixtures for the exchange tests (K11): configured targets and a real upstream stub on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from fawang.hotline.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature_verify

SECRET = "test-only-exchange-secret"


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    signature_ok: bool


@dataclass
class Upstream:
    """A local HTTP server that verifies the signature and answers from a script: an int status or "hang"."""

    url: str
    script: list[int | str] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def answer(self, *replies: int | str) -> None:
        self.script.extend(replies)


def _handler(upstream: Upstream) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802  # the http.server protocol
            body = self.rfile.read(int(self.headers["Content-Length"]))
            verdict = signature_verify(
                secret=SECRET,
                timestamp=self.headers.get(TIMESTAMP_HEADER),
                signature=self.headers.get(SIGNATURE_HEADER),
                body=body,
                now=time.time(),
            )
            upstream.received.append(Received(dict(self.headers.items()), body, verdict.ok))
            reply = upstream.script.pop(0) if upstream.script else 200
            if reply == "hang":
                upstream.release.wait(5)  # longer than the target's timeout; released at teardown
                return
            status = int(reply) if verdict.ok else 401
            text = "bad payload: missing record" if status == 400 else "ok"
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.end_headers()
            self.wfile.write(text.encode())

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002  # keep test output quiet
            return

    return Handler


@pytest.fixture
def upstream() -> Iterator[Upstream]:
    stub = Upstream(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stub))
    server.daemon_threads = True
    stub.url = f"http://127.0.0.1:{server.server_address[1]}/exchange"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield stub
    stub.release.set()
    server.shutdown()
    server.server_close()


Configure = Callable[..., None]


def target(code: str, url: str, **extra: Any) -> dict[str, Any]:
    return {
        "code": code,
        "name": {"12348_national": "中国法律服务网", "province_gov": "省政务服务平台"}.get(code, code),
        "url": url,
        "secret_env": f"TEST_EXCHANGE_{code.upper()}_SECRET",
        "kinds": ["case_accepted", "case_concluded", "rating"],
        **extra,
    }


@pytest.fixture
def configure(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Configure:
    """Set FAWANG_EXCHANGE_TARGETS to these targets and their secrets in the environment."""

    def apply(*targets: dict[str, Any]) -> None:
        settings.FAWANG_EXCHANGE_TARGETS = json.dumps(list(targets), ensure_ascii=False)
        for entry in targets:
            monkeypatch.setenv(entry["secret_env"], SECRET)

    return apply


@pytest.fixture
def no_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    """Backoff without its random half, so retry times are exact."""
    monkeypatch.setattr("fawang.exchange.services._jitter", lambda: 0.0)
