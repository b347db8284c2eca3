"""The e-mail outbox: every message is rendered, stored, then delivered by a job with retries.

Nothing is sent inline, so a crash between "queued" and "sent" loses nothing: on start-up the
job runner picks up whatever is still pending. Temporary failures (connection, time-out, 4xx)
retry with backoff; a permanent refusal of the recipient (5xx) marks the message bounced and
the address failing until a later send succeeds or the address is changed.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from domain.errors import DomainError, Retryable
from domain.events import EmailAddressCleared, EmailAddressFailing, EmailStatusChanged
from domain.mail_templates import EmailTemplates
from domain.ports import Clock, EventBus, JobQueue, Mailer

__all__ = ["EmailTemplates"]  # re-exported: bootstrap and tests import it from here

log = logging.getLogger(__name__)

DELIVER_EMAIL_JOB = "deliver_email"
LogoLookup = Callable[[int], Awaitable[str | None]]


class EmailStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    BOUNCED = "bounced"

    @property
    def public(self) -> str:
        """The word other parts of the system use: queued, sent, failed or bounced."""
        return "queued" if self is EmailStatus.PENDING else self.value


@dataclass(frozen=True)
class EmailAttachment:
    """A file sent with a message; its bytes stay in the file store until the send."""

    filename: str
    content_type: str
    file_key: str

    def to_json(self) -> dict[str, str]:
        return {
            "filename": self.filename,
            "content_type": self.content_type,
            "file_key": self.file_key,
        }

    @staticmethod
    def from_json(data: dict[str, Any]) -> EmailAttachment:
        return EmailAttachment(
            str(data["filename"]), str(data["content_type"]), str(data["file_key"])
        )


@dataclass(frozen=True)
class OutgoingEmail:
    id: int
    to: str
    subject: str
    text: str
    html: str
    office_id: int | None = None  # whose e-mail it is: an office may send through its own SMTP
    attachments: tuple[EmailAttachment, ...] = field(default=())


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
    smtp_code: int | None = None
    bounced_at: datetime | None = None


@dataclass(frozen=True)
class FailingInfo:
    """An address a server refused for good, shown in red until fixed."""

    address: str
    error: str
    failed_at: datetime
    email_id: int | None


class EmailRefused(DomainError):
    """The server refused the recipient for good (5xx): the message bounced."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


class OutboxRepository(Protocol):
    async def add(
        self,
        office_id: int | None,
        to: str,
        subject: str,
        text: str,
        html: str,
        template: str,
        attachments: Sequence[EmailAttachment] = (),
    ) -> int: ...

    async def get(self, email_id: int) -> tuple[OutgoingEmail, EmailStatus, int | None] | None:
        """The message, its status and its office."""
        ...

    async def mark_sent(self, email_id: int, at: datetime, eml_path: str) -> None: ...

    async def record_failure(self, email_id: int, error: str, final: bool) -> None: ...

    async def mark_bounced(self, email_id: int, code: int, error: str, at: datetime) -> None: ...

    async def statuses(self, email_ids: Sequence[int]) -> dict[int, EmailStatus]: ...

    async def list_recent(self, office_id: int, limit: int) -> list[OutboxEntry]: ...

    async def read_body(self, office_id: int, email_id: int) -> OutgoingEmail | None: ...

    async def mark_failing(
        self, office_id: int, address: str, error: str, email_id: int, at: datetime
    ) -> None:
        """Insert or update the office's failing mark for the address."""
        ...

    async def clear_failing(self, office_id: int, address: str) -> bool:
        """Remove the mark; True when there was one."""
        ...

    async def failing(self, office_id: int) -> list[FailingInfo]: ...


class StaffNotifier(Protocol):
    async def notify_staff(
        self, office_id: int, title: str, body: str = "", link: str = "", admins_only: bool = False
    ) -> None: ...


def normalise_address(address: str) -> str:
    """Addresses are matched case-insensitively (the local part rarely differs by case)."""
    return address.strip().lower()


class EmailService:
    def __init__(
        self,
        outbox: OutboxRepository,
        templates: EmailTemplates,
        jobs: JobQueue,
        mailer: Mailer,
        events: EventBus,
        clock: Clock,
        staff: StaffNotifier | None = None,
    ) -> None:
        self._outbox = outbox
        self._templates = templates
        self._jobs = jobs
        self._mailer = mailer
        self._events = events
        self._clock = clock
        self._staff = staff
        self._logo_lookup: LogoLookup | None = None

    def use_logo_lookup(self, lookup: LogoLookup) -> None:
        """Where an office's logo URL comes from (set once the office settings exist)."""
        self._logo_lookup = lookup

    async def queue(
        self,
        to: str,
        template: str,
        context: dict[str, Any],
        office_id: int | None = None,
        attachments: Sequence[EmailAttachment] = (),
    ) -> int:
        """Render and store a message, then hand it to the delivery job."""
        # Clients should see their accountant's logo, not a software vendor's.
        logo_url = None
        if office_id is not None and self._logo_lookup is not None:
            logo_url = await self._logo_lookup(office_id)
        subject, text, html = self._templates.render(template, {"logo_url": logo_url, **context})
        email_id = await self._outbox.add(
            office_id, to, subject, text, html, template, tuple(attachments)
        )
        await self._jobs.enqueue(DELIVER_EMAIL_JOB, email_id, key=f"email:{email_id}")
        return email_id

    async def statuses(self, email_ids: Sequence[int]) -> dict[int, str]:
        """Each known message's status: "queued", "sent", "failed" or "bounced"."""
        if not email_ids:
            return {}
        found = await self._outbox.statuses(email_ids)
        return {email_id: status.public for email_id, status in found.items()}

    async def failing_addresses(self, office_id: int) -> dict[str, FailingInfo]:
        """The office's failing addresses by normalised address (for pages)."""
        return {info.address: info for info in await self._outbox.failing(office_id)}

    async def deliver(self, email_id: int, last_try: bool) -> None:
        """Job body: idempotent (a sent message is never sent again)."""
        found = await self._outbox.get(email_id)
        if found is None or found[1] is not EmailStatus.PENDING:
            return
        message, _, office_id = found
        message = replace(message, office_id=office_id)
        try:
            eml_path = await self._mailer.send(message)
        except EmailRefused as error:
            await self._bounce(message, error)
            return
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
        if office_id is not None:
            address = normalise_address(message.to)
            if await self._outbox.clear_failing(office_id, address):
                await self._events.publish(EmailAddressCleared(office_id, address))

    async def _bounce(self, message: OutgoingEmail, error: EmailRefused) -> None:
        now = self._clock.now()
        office_id = message.office_id
        await self._outbox.mark_bounced(message.id, error.code, error.message, now)
        await self._publish(office_id, message.id, EmailStatus.BOUNCED)
        if office_id is None:
            return
        address = normalise_address(message.to)
        await self._outbox.mark_failing(office_id, address, error.message, message.id, now)
        if self._staff is not None:
            # Admins only: the link leads to the sent e-mails page, which only they may open
            # (employees still see the address in red on the company's users tab).
            await self._staff.notify_staff(
                office_id,
                f"Adres {address} odrzuca e-maile",
                error.message,
                BOUNCE_LINK,
                admins_only=True,
            )
        await self._events.publish(EmailAddressFailing(office_id, address))

    async def _publish(self, office_id: int | None, email_id: int, status: EmailStatus) -> None:
        await self._events.publish(EmailStatusChanged(office_id, email_id, status.value))


BOUNCE_LINK = "/biuro/emaile"  # the office sent e-mails page
