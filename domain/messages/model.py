"""The messages contract: values the UI sees (``MessageService`` returns only these).

Office broadcasts (kind "broadcast") go to the client users of the chosen companies; a client
starts a conversation with the office (kind "thread") and either side adds posts (kind
"reply"). ``thread_id`` of a post is the id of its thread's first message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.channels import Channel

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_TOTAL_BYTES = 25 * 1024 * 1024
MAX_SUBJECT = 300
MAX_BODY = 50_000
PREVIEW_ROWS = 50
DEFAULT_REMINDER_DAYS = 3
MIN_REMINDER_DAYS = 1
MAX_REMINDER_DAYS = 60


class AudienceKind(StrEnum):
    ONE = "one"
    SELECTED = "selected"
    ALL_ACTIVE = "all_active"
    FILTER = "filter"


class MessageKind(StrEnum):
    BROADCAST = "broadcast"
    THREAD = "thread"
    REPLY = "reply"


class UserKind(StrEnum):
    STAFF = "staff"
    CLIENT = "client"


@dataclass(frozen=True)
class AudienceFilter:
    """Every set field must match; None = any."""

    tax_form: str | None = None  # domain.companies.model.TaxForm values
    vat_period: str | None = None  # "monthly" | "quarterly" | "none"
    staff_id: int | None = None  # assigned employee
    active: bool | None = None  # company status


@dataclass(frozen=True)
class Audience:
    kind: AudienceKind
    company_ids: tuple[int, ...] = ()  # ONE (exactly one) and SELECTED
    filter: AudienceFilter | None = None  # FILTER


@dataclass(frozen=True)
class NewAttachment:
    filename: str
    data: bytes


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str  # Markdown; rendered safely (markdown-it-py, html disabled)
    audience: Audience
    attachments: tuple[NewAttachment, ...] = ()
    idempotency_key: str | None = None  # one per open form: a double click sends once


@dataclass(frozen=True)
class PreviewRow:
    company_id: int
    company_name: str
    people: list[tuple[str, frozenset[Channel]]]


@dataclass(frozen=True)
class AudiencePreview:
    companies: int
    people: int
    by_channel: dict[Channel, int]  # people per channel
    rows: list[PreviewRow]  # the first 50 companies


@dataclass(frozen=True)
class MessageSummary:
    """One sent office message (the list on /biuro/wiadomosci)."""

    id: int
    subject: str
    created_at: datetime
    author_name: str
    status: str  # "sending" | "sent"
    recipients_total: int
    recipients_done: int  # delivery progress (rows processed by the job)
    companies_total: int
    companies_read: int  # "przeczytane 12 z 40" counts companies
    people_total: int
    people_read: int


@dataclass(frozen=True)
class ReceiptRow:
    company_id: int
    company_name: str
    user_id: int
    person_name: str
    channels: frozenset[Channel]
    read_at: datetime | None
    reminded_at: datetime | None
    email_status: str | None  # "queued" | "sent" | "failed" | "bounced" | None (not e-mailed)
    sms_status: str | None  # "queued" | "sent" | "failed" | None


@dataclass(frozen=True)
class AttachmentView:
    id: int
    filename: str
    content_type: str
    size: int


@dataclass(frozen=True)
class MessageView:
    """One post of a thread."""

    id: int
    thread_id: int
    subject: str
    body: str
    body_html: str  # sanitized HTML
    author_kind: str
    author_name: str
    created_at: datetime
    attachments: list[AttachmentView]
    company_id: int | None


@dataclass(frozen=True)
class ThreadSummary:
    """An office inbox row: a conversation with one company."""

    thread_id: int
    company_id: int
    company_name: str
    subject: str
    last_at: datetime
    last_author: str
    unread: int  # posts from clients this staff user has not read


@dataclass(frozen=True)
class ClientMessageItem:
    """A row of the client's list."""

    thread_id: int
    subject: str
    author_name: str
    last_at: datetime
    unread: bool
    posts: int
