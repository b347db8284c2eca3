"""A local HTTP server speaking the SMSAPI.pl protocol (DOMAIN.md 9.1) for tests.

It runs on 127.0.0.1 in a thread, records every request and answers with whatever the test
queued (``answer``); with nothing queued it answers HTTP 500 (retryable). Nothing leaves the
machine.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs


@dataclass
class Reply:
    status: int
    body: str
    delay: float = 0.0


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    form: dict[str, list[str]]


@dataclass
class FakeSmsApi:
    base_url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)

    def answer(self, status: int, payload: object, delay: float = 0.0) -> None:
        body = payload if isinstance(payload, str) else json.dumps(payload)
        self.replies.append(Reply(status, body, delay))

    def answer_sent(self, number: str, points: float = 0.16, message_id: str = "") -> None:
        """The documented success shape for one number (``48…`` as SMSAPI reports it)."""
        self.answer(
            201, success_payload([(message_id or f"ID{len(self.replies)}", number)], points)
        )


def success_payload(items: list[tuple[str, str]], points: float = 0.16) -> dict[str, Any]:
    return {
        "count": len(items),
        "list": [
            {
                "id": message_id,
                "points": points,
                "number": number,
                "date_sent": 1460969712,
                "submitted_number": number,
                "status": "QUEUE",
            }
            for message_id, number in items
        ],
    }


def invalid_numbers_payload(number: str) -> dict[str, Any]:
    """Error 13 as the SMSAPI client's fixture shows it."""
    return {
        "error": 13,
        "message": "No correct phone numbers",
        "invalid_numbers": [
            {"number": number, "submitted_number": number, "message": "Invalid phone number"}
        ],
    }


def handler(fake: FakeSmsApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode("utf-8")
            fake.requests.append(
                Recorded("POST", self.path, dict(self.headers.items()), parse_qs(body))
            )
            reply = fake.replies.pop(0) if fake.replies else Reply(500, "{}")
            if reply.delay:
                time.sleep(reply.delay)
            data = reply.body.encode("utf-8")
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                pass  # the client gave up (time-out test)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def running_smsapi() -> Iterator[FakeSmsApi]:
    """Start the fake gateway; ``base_url`` ends in ``/api`` (requests go to ``/api/sms.do``)."""
    fake = FakeSmsApi()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler(fake))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}/api"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
