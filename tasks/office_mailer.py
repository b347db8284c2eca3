"""Sends each e-mail the way its office chose: through the office's own SMTP server when it has
one, otherwise through the platform's mailer (SMTP or .eml files)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from domain.mail import OutgoingEmail
from domain.ports import FileStore, Mailer
from domain.smtp import SmtpServerConfig
from tasks.mailers import SmtpMailer
from tasks.smtp_pool import SmtpConnections

OfficeSmtpLookup = Callable[[int], Awaitable[SmtpServerConfig | None]]


class OfficeAwareMailer:
    def __init__(
        self,
        platform: Mailer,
        office_smtp: OfficeSmtpLookup,
        timeout: float,
        files: FileStore | None = None,
    ) -> None:
        self._platform = platform
        self._office_smtp = office_smtp
        self._timeout = timeout
        self._files = files
        # Shared by every office's server: one kept-open connection per server config.
        self.connections = SmtpConnections(timeout)

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
            files=self._files,
            connections=self.connections,
        )
        await mailer.send(message)
        return None

    async def close(self) -> None:
        """At shutdown: close the kept-open connections (the platform's and the offices')."""
        await self.connections.close()
        platform_connections = getattr(self._platform, "connections", None)
        if isinstance(platform_connections, SmtpConnections):
            await platform_connections.close()
