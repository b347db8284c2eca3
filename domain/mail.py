"""The e-mail outbox: every message is rendered, stored, then delivered by a job with retries.

Nothing is sent inline, so a crash between "queued" and "sent" loses nothing: on start-up the
job runner picks up whatever is still pending.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from domain.errors import DomainError, Retryable
from domain.events import EmailStatusChanged
from domain.ports import Clock, EventBus, JobQueue, Mailer

log = logging.getLogger(__name__)

DELIVER_EMAIL_JOB = "deliver_email"
LogoLookup = Callable[[int], Awaitable[str | None]]


class EmailStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


@dataclass(frozen=True)
class OutgoingEmail:
    id: int
    to: str
    subject: str
    text: str
    html: str
    office_id: int | None = None  # whose e-mail it is: an office may send through its own SMTP


@dataclass(frozen=True)
class OutboxEntry:
    id: int
    office_id: int | None
    to: str
    subject: str
    status: EmailStatus
    tries: int
    last_error: str
    created_at: datetime
    sent_at: datetime | None
    eml_path: str


class OutboxRepository(Protocol):
    async def add(
        self, office_id: int | None, to: str, subject: str, text: str, html: str, template: str
    ) -> int: ...

    async def get(self, email_id: int) -> tuple[OutgoingEmail, EmailStatus, int | None] | None:
        """The message, its status and its office."""
        ...

    async def mark_sent(self, email_id: int, at: datetime, eml_path: str) -> None: ...

    async def record_failure(self, email_id: int, error: str, final: bool) -> None: ...

    async def list_recent(self, office_id: int, limit: int) -> list[OutboxEntry]: ...

    async def read_body(self, office_id: int, email_id: int) -> OutgoingEmail | None: ...


class EmailTemplates:
    """Jinja2 templates ``<name>.subject.txt``, ``<name>.txt`` and ``<name>.html``."""

    def __init__(self, directory: Path) -> None:
        self._text = Environment(
            loader=FileSystemLoader(directory),
            undefined=StrictUndefined,
            autoescape=False,  # noqa: S701 - plain-text parts; the HTML environment escapes
            keep_trailing_newline=True,
        )
        self._html = Environment(
            loader=FileSystemLoader(directory),
            undefined=StrictUndefined,
            autoescape=select_autoescape(["html"]),
        )

    def render(self, name: str, context: dict[str, Any]) -> tuple[str, str, str]:
        subject = self._text.get_template(f"{name}.subject.txt").render(context).strip()
        text = self._text.get_template(f"{name}.txt").render(context)
        html = self._html.get_template(f"{name}.html").render(context)
        return subject, text, html


class EmailService:
    def __init__(
        self,
        outbox: OutboxRepository,
        templates: EmailTemplates,
        jobs: JobQueue,
        mailer: Mailer,
        events: EventBus,
        clock: Clock,
    ) -> None:
        self._outbox = outbox
        self._templates = templates
        self._jobs = jobs
        self._mailer = mailer
        self._events = events
        self._clock = clock
        self._logo_lookup: LogoLookup | None = None

    def use_logo_lookup(self, lookup: LogoLookup) -> None:
        """Where an office's logo URL comes from (set once the office settings exist)."""
        self._logo_lookup = lookup

    async def queue(
        self, to: str, template: str, context: dict[str, Any], office_id: int | None = None
    ) -> int:
        """Render and store a message, then hand it to the delivery job."""
        # Clients should see their accountant's logo, not a software vendor's.
        logo_url = None
        if office_id is not None and self._logo_lookup is not None:
            logo_url = await self._logo_lookup(office_id)
        subject, text, html = self._templates.render(template, {"logo_url": logo_url, **context})
        email_id = await self._outbox.add(office_id, to, subject, text, html, template)
        await self._jobs.enqueue(DELIVER_EMAIL_JOB, email_id, key=f"email:{email_id}")
        return email_id

    async def deliver(self, email_id: int, last_try: bool) -> None:
        """Job body: idempotent (a sent message is never sent again)."""
        found = await self._outbox.get(email_id)
        if found is None or found[1] is not EmailStatus.PENDING:
            return
        message, _, office_id = found
        message = replace(message, office_id=office_id)
        try:
            eml_path = await self._mailer.send(message)
        except Retryable as error:
            await self._outbox.record_failure(email_id, error.message, final=last_try)
            if last_try:
                await self._publish(office_id, email_id, EmailStatus.FAILED)
            raise
        except DomainError as error:
            await self._outbox.record_failure(email_id, error.message, final=True)
            await self._publish(office_id, email_id, EmailStatus.FAILED)
            return
        await self._outbox.mark_sent(email_id, self._clock.now(), str(eml_path or ""))
        await self._publish(office_id, email_id, EmailStatus.SENT)

    async def _publish(self, office_id: int | None, email_id: int, status: EmailStatus) -> None:
        await self._events.publish(EmailStatusChanged(office_id, email_id, status.value))
