"""Sends each e-mail the way its office chose: through the office's own SMTP server when it has
one, otherwise through the platform's mailer (SMTP or .eml files)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from domain.mail import OutgoingEmail
from domain.ports import Mailer
from domain.smtp import SmtpServerConfig
from tasks.mailers import SmtpMailer

OfficeSmtpLookup = Callable[[int], Awaitable[SmtpServerConfig | None]]


class OfficeAwareMailer:
    def __init__(self, platform: Mailer, office_smtp: OfficeSmtpLookup, timeout: float) -> None:
        self._platform = platform
        self._office_smtp = office_smtp
        self._timeout = timeout

    async def send(self, message: OutgoingEmail) -> str | None:
        server = None if message.office_id is None else await self._office_smtp(message.office_id)
        if server is None:
            return await self._platform.send(message)
        mailer = SmtpMailer(
            server.host,
            server.port,
            server.security.value,
            server.username,
            server.password,
            server.sender,
            self._timeout,
        )
        await mailer.send(message)
        return None
