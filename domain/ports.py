"""Protocols the domain needs from the outside world; adapters live in persistence/ and tasks/."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, Protocol

from domain.events import DomainEvent
from domain.smtp import SmtpServerConfig

EventHandler = Callable[[DomainEvent], Awaitable[None] | None]
JobFunction = Callable[..., Awaitable[None]]


class Clock(Protocol):
    def now(self) -> datetime:
        """An aware datetime (UTC)."""
        ...


class JobQueue(Protocol):
    """Durable job queue: the job row is the truth, the adapter only wakes a runner."""

    async def enqueue(self, name: str, *args: Any, key: str | None = None) -> int:
        """Store a job and schedule it; ``key`` makes enqueueing idempotent."""
        ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


class EventBus(Protocol):
    async def publish(self, event: DomainEvent) -> None: ...

    def subscribe(self, handler: EventHandler) -> Callable[[], None]:
        """Register a handler; returns the function that unsubscribes it."""
        ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


class Mailer(Protocol):
    """Delivers one rendered e-mail; raises ``Retryable`` on temporary failures."""

    async def send(self, message: Any) -> str | None:
        """Deliver; returns where a copy was written (the .eml file), if anywhere."""
        ...


class FileStore(Protocol):
    """Stored files (office logos, later documents) by key, e.g. ``logos/3/ab12.png``."""

    async def save(self, key: str, data: bytes) -> None: ...

    async def read(self, key: str) -> bytes | None:
        """The file's bytes, or None when there is no such file."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the file; a missing file is not an error."""
        ...


class SmtpTester(Protocol):
    """Sends one test message through the given server at once (no outbox, no retries)."""

    async def send_test(self, server: SmtpServerConfig, to: str, subject: str, text: str) -> None:
        """Raise ``DomainError`` with a plain Polish message when the server refuses or fails."""
        ...


class SmsQueue(Protocol):
    """The SMS service's side: check, log and queue one text (None: the office sends no SMS)."""

    async def queue(
        self,
        office_id: int,
        to: str,
        text: str,
        company_id: int | None = None,
        client_user_id: int | None = None,
        event_type: str = "",
    ) -> int | None: ...
