"""Open SMTP connections kept per server, so a burst of e-mails pays the TLS and login
handshake once instead of once per message.

Each server (host, port, security, login) gets one ``aiosmtplib.SMTP`` guarded by a lock: sends
to the same server go one after another over it. A connection the server dropped while idle is
reopened once; a connection unused for ``idle_seconds`` is closed (servers drop idle clients
anyway, and an open socket per office costs the server).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage

import aiosmtplib

from domain.smtp import SmtpSecurity, SmtpServerConfig

log = logging.getLogger(__name__)

ServerKey = tuple[str, int, str, str, str]
# Answers to one message: aiosmtplib resets the envelope after them, the connection stays good.
QUIT_SECONDS = 2.0
REFUSALS = (aiosmtplib.SMTPResponseException, aiosmtplib.SMTPRecipientsRefused)


@dataclass
class _Pooled:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    smtp: aiosmtplib.SMTP | None = None
    idle_timer: asyncio.TimerHandle | None = None


class SmtpConnections:
    def __init__(
        self,
        timeout: float,
        idle_seconds: float = 30.0,
        tls_context: ssl.SSLContext | None = None,
    ) -> None:
        self._timeout = timeout
        self._idle_seconds = idle_seconds
        self._tls_context = tls_context  # None: the system's CAs (a test may trust its own)
        self._pool: dict[ServerKey, _Pooled] = {}
        self._closers: set[asyncio.Task[None]] = set()
        self.connects = 0  # how many connections were opened (for the benchmark and tests)

    async def send(self, server: SmtpServerConfig, message: EmailMessage) -> None:
        key = _key(server)
        pooled = self._pool.setdefault(key, _Pooled())
        async with pooled.lock:
            if pooled.idle_timer is not None:
                pooled.idle_timer.cancel()
            try:
                await self._send_locked(pooled, server, message)
            finally:
                self._arm_idle_timer(key, pooled)

    async def _send_locked(
        self, pooled: _Pooled, server: SmtpServerConfig, message: EmailMessage
    ) -> None:
        reused = pooled.smtp is not None and pooled.smtp.is_connected
        if not reused:
            await _close(pooled)
            pooled.smtp = await self._connect(server)
        assert pooled.smtp is not None
        try:
            await pooled.smtp.send_message(message)
        except aiosmtplib.SMTPServerDisconnected:
            await _close(pooled)
            if not reused:
                raise
            # The server dropped the idle connection: reconnect once and try again.
            pooled.smtp = await self._connect(server)
            await self._send_fresh(pooled, message)
        except REFUSALS:
            raise  # a refusal; aiosmtplib has reset the envelope, the connection stays usable
        except BaseException:
            await _close(pooled)  # unknown state (time-out, TLS): never reuse it
            raise

    async def _send_fresh(self, pooled: _Pooled, message: EmailMessage) -> None:
        assert pooled.smtp is not None
        try:
            await pooled.smtp.send_message(message)
        except REFUSALS:
            raise
        except BaseException:
            await _close(pooled)
            raise

    async def _connect(self, server: SmtpServerConfig) -> aiosmtplib.SMTP:
        smtp = aiosmtplib.SMTP(
            hostname=server.host,
            port=server.port,
            timeout=self._timeout,
            use_tls=server.security is SmtpSecurity.SSL,
            # Explicit False: the default would upgrade whenever the server offers it.
            start_tls=server.security is SmtpSecurity.STARTTLS,
            tls_context=self._tls_context,
        )
        await smtp.connect()
        self.connects += 1
        try:
            if server.username:
                await smtp.login(server.username, server.password)
        except BaseException:
            smtp.close()
            raise
        return smtp

    def _arm_idle_timer(self, key: ServerKey, pooled: _Pooled) -> None:
        loop = asyncio.get_running_loop()
        pooled.idle_timer = loop.call_later(self._idle_seconds, self._close_idle, key, pooled)

    def _close_idle(self, key: ServerKey, pooled: _Pooled) -> None:
        task = asyncio.get_running_loop().create_task(self._close_if_unused(key, pooled))
        self._closers.add(task)
        task.add_done_callback(self._closers.discard)

    async def _close_if_unused(self, key: ServerKey, pooled: _Pooled) -> None:
        if pooled.lock.locked():
            return  # a send is running; it re-arms the timer when done
        async with pooled.lock:
            await _quit(pooled)

    async def close(self) -> None:
        """At shutdown: say QUIT to every server still connected."""
        for pooled in list(self._pool.values()):
            if pooled.idle_timer is not None:
                pooled.idle_timer.cancel()
            if pooled.lock.locked():
                await _close(pooled)  # a send still holds it: a stuck server must not hang us
                continue
            async with pooled.lock:
                await _quit(pooled)
        for task in list(self._closers):
            task.cancel()
        self._pool.clear()


def _key(server: SmtpServerConfig) -> ServerKey:
    # The password is part of the key so a changed password opens a new login; the key never
    # leaves this object.
    return (server.host, server.port, server.security.value, server.username, server.password)


async def _quit(pooled: _Pooled) -> None:
    smtp, pooled.smtp = pooled.smtp, None
    if smtp is None or not smtp.is_connected:
        return
    try:
        # Bounded: QUIT is a courtesy, and a server that stopped answering must not hold
        # shutdown for the whole SMTP time-out.
        await asyncio.wait_for(smtp.quit(), QUIT_SECONDS)
    except (aiosmtplib.SMTPException, OSError, TimeoutError):
        smtp.close()


async def _close(pooled: _Pooled) -> None:
    smtp, pooled.smtp = pooled.smtp, None
    if smtp is not None:
        with contextlib.suppress(Exception):
            smtp.close()
