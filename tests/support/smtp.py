"""A real SMTP server (aiosmtpd) for tests, on a free loopback port."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Inbox:
    """Collects messages; ``refuse_with`` makes the server answer DATA with that reply,
    ``refuse_rcpt`` maps an address to the reply its RCPT TO gets (e.g. "550 ...")."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse_with: str | None = None
        self.refuse_rcpt: dict[str, str] = {}

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        refusal = self.refuse_rcpt.get(address)
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse_with:
            return self.refuse_with
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(parsed)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


class _CountingController(Controller):
    """Counts client connections: aiosmtpd builds one protocol object per connection."""

    connections = 0

    def factory(self) -> Any:
        self.connections += 1
        return super().factory()


class SmtpServer:
    def __init__(self, port: int | None = None, login_refusal: str | None = None) -> None:
        """``login_refusal`` (e.g. "535 5.7.8 ...") makes the server offer AUTH and refuse
        every login with that reply."""
        self.port = port or free_port()
        self.inbox = Inbox()
        self._login_refusal = login_refusal
        self._controller: _CountingController | None = None
        self._connections_before = 0

    @property
    def connections(self) -> int:
        """Connections accepted so far (over every start)."""
        running = 0 if self._controller is None else self._controller.connections
        return self._connections_before + running

    def start(self) -> None:
        extra: dict[str, Any] = {}
        if self._login_refusal is not None:
            refusal = self._login_refusal
            extra = {
                "auth_require_tls": False,
                "authenticator": lambda *_: AuthResult(
                    success=False, handled=False, message=refusal
                ),
            }
        self._controller = _CountingController(
            self.inbox, hostname="127.0.0.1", port=self.port, **extra
        )
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._connections_before += self._controller.connections
            self._controller.stop()
            self._controller = None
