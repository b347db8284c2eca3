"""What the messages service needs from outside: its repository, and the senders of the other
areas (e-mail outbox, SMS log, in-app notifications) as narrow protocols."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from domain.actors import Actor, ActorKind, CompanyRef
from domain.channels import Channel, Recipient
from domain.messages.model import (
    Audience,
    ClientMessageItem,
    MessageSummary,
    ThreadSummary,
)


@dataclass(frozen=True)
class AudienceCompany:
    id: int
    name: str
    active: bool


@dataclass(frozen=True)
class Person:
    """A client user of one company as a recipient, with the name shown on receipts."""

    recipient: Recipient
    name: str
    first_name: str


@dataclass(frozen=True)
class StoredMessage:
    id: int
    office_id: int
    thread_id: int | None
    company_id: int | None
    kind: str
    author_kind: str
    author_id: int
    author_name: str
    subject: str
    body: str
    status: str
    recipients_total: int
    recipients_done: int
    created_at: datetime

    @property
    def root_id(self) -> int:
        return self.thread_id if self.thread_id is not None else self.id


@dataclass(frozen=True)
class StoredAttachment:
    id: int
    message_id: int
    filename: str
    content_type: str
    size: int
    sha256: str
    file_key: str


@dataclass(frozen=True)
class NewMessage:
    office_id: int
    thread_id: int | None
    company_id: int | None
    kind: str
    author_kind: str
    author_id: int
    author_name: str
    subject: str
    body: str
    audience: dict[str, Any]
    idempotency_key: str | None
    created_at: datetime  # the service's clock, so receipts and reminders use one time line


@dataclass(frozen=True)
class AttachmentMeta:
    filename: str
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class NewRecipient:
    company_id: int
    user_kind: str
    user_id: int
    channels: frozenset[Channel]


@dataclass(frozen=True)
class DeliveryRow:
    """A recipient row with what delivery needs (contact data read at delivery time)."""

    id: int
    company_id: int
    company_name: str
    user_kind: str
    user_id: int
    email: str
    phone: str
    first_name: str
    channels: frozenset[Channel]
    email_id: int | None
    sms_id: int | None


@dataclass(frozen=True)
class StoredReceipt:
    company_id: int
    company_name: str
    company_identifier: str
    user_id: int
    person_name: str
    channels: frozenset[Channel]
    read_at: datetime | None
    reminded_at: datetime | None
    email_id: int | None
    sms_status: str | None


class MessageRepository(Protocol):
    async def company_ref(self, company_id: int) -> CompanyRef | None: ...

    async def audience_companies(
        self, office_id: int, audience: Audience, only: frozenset[int] | None
    ) -> list[AudienceCompany]:
        """Not deleted companies of the office the audience names, by name; ``only`` limits
        them to those a restricted employee sees."""
        ...

    async def people(self, company_ids: Sequence[int]) -> list[Person]:
        """Active memberships of active client users of the companies."""
        ...

    async def default_staff(self, office_id: int, company_id: int) -> list[int]:
        """Active staff assigned to the company, else every active staff member."""
        ...

    async def find_by_key(self, key: str) -> int | None: ...

    async def create(
        self, message: NewMessage, attachments: list[AttachmentMeta], rows: list[NewRecipient]
    ) -> tuple[int, list[str]] | None:
        """Store everything in one transaction: the message id and the attachments' file
        keys; None when the idempotency key is already taken."""
        ...

    async def message(self, office_id: int | None, message_id: int) -> StoredMessage | None: ...

    async def posts(self, office_id: int, root_id: int) -> list[StoredMessage]:
        """The thread's messages, oldest first."""
        ...

    async def attachments(
        self, message_ids: Sequence[int]
    ) -> dict[int, list[StoredAttachment]]: ...

    async def attachment(self, attachment_id: int) -> StoredAttachment | None: ...

    async def delivery_rows(self, message_id: int, offset: int, limit: int) -> list[DeliveryRow]:
        """Recipient rows in id order."""
        ...

    async def record_delivery(self, row_id: int, email_id: int | None, sms_id: int | None) -> None:
        """Set the ids that are not set yet (never overwrites one)."""
        ...

    async def progress(self, message_id: int, done: int, finished_at: datetime | None) -> None: ...

    async def sent(
        self, office_id: int, visible: frozenset[int] | None, author_id: int, limit: int
    ) -> list[MessageSummary]: ...

    async def summary(self, message_id: int, visible: frozenset[int] | None) -> MessageSummary: ...

    async def receipts(
        self, message_id: int, visible: frozenset[int] | None
    ) -> list[StoredReceipt]: ...

    async def mark_read(
        self,
        message_ids: Sequence[int],
        user_kind: str,
        user_id: int,
        company_id: int | None,
        at: datetime,
    ) -> list[tuple[int, int]]:
        """Set ``read_at`` where it is NULL; the (message id, company id) pairs newly read."""
        ...

    async def claim_reminders(
        self, message_id: int, visible: frozenset[int] | None, since: datetime, at: datetime
    ) -> list[tuple[int, int]]:
        """Rows of companies where no client has read the message and that were not reminded
        since ``since``: ``reminded_at`` set to ``at`` (per company, conditionally); their
        (row id, company id)."""
        ...

    async def rows_by_id(self, row_ids: Sequence[int]) -> list[DeliveryRow]: ...

    async def reminder_days(self, office_id: int) -> int | None: ...

    async def set_reminder_days(self, office_id: int, days: int) -> None: ...

    async def inbox(
        self, office_id: int, staff_id: int, visible: frozenset[int] | None
    ) -> list[ThreadSummary]: ...

    async def staff_unread(
        self, office_id: int, staff_id: int, visible: frozenset[int] | None
    ) -> int: ...

    async def client_threads(self, user_id: int, company_id: int) -> list[ClientMessageItem]: ...

    async def client_unread(self, user_id: int, company_id: int) -> int: ...

    async def is_recipient(self, message_id: int, user_id: int, company_id: int) -> bool: ...


class MessageMailer(Protocol):
    """``EmailService.queue`` with attachments (the outbox keeps file keys, not bytes)."""

    async def queue(
        self,
        to: str,
        template: str,
        context: dict[str, Any],
        office_id: int | None = None,
        attachments: Sequence[Any] = (),
    ) -> int: ...


class EmailStatusLookup(Protocol):
    async def statuses(self, ids: Sequence[int]) -> Mapping[int, str]:
        """queued | sent | failed | bounced per outbox id."""
        ...


class Notifier(Protocol):
    async def notify(
        self,
        office_id: int | None,
        kind: ActorKind,
        user_id: int,
        title: str,
        body: str = "",
        link: str = "",
        event_type: str = "",
    ) -> int: ...

    async def mark_read_by_link(self, actor: Actor, link: str) -> None: ...
