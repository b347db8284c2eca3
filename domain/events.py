"""Past-tense events that services publish after commit; pages subscribe and refresh live.

Events are small and carry ids only: a subscriber re-reads through the services, so a lost
event (Redis pub/sub may drop one) never shows stale data for long.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True)
class DomainEvent:
    """Base: every event names the office it belongs to (None for platform-wide)."""

    office_id: int | None
    registry: ClassVar[dict[str, type[DomainEvent]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        DomainEvent.registry[cls.__name__] = cls

    def to_json(self) -> str:
        return json.dumps({"type": type(self).__name__, "data": dataclasses.asdict(self)})

    @staticmethod
    def from_json(raw: str | bytes) -> DomainEvent:
        decoded = json.loads(raw)
        event_type = DomainEvent.registry[decoded["type"]]
        return event_type(**decoded["data"])


@dataclass(frozen=True)
class NotificationCreated(DomainEvent):
    recipient_kind: str
    recipient_id: int
    notification_id: int


@dataclass(frozen=True)
class NotificationsRead(DomainEvent):
    recipient_kind: str
    recipient_id: int


@dataclass(frozen=True)
class EmailStatusChanged(DomainEvent):
    email_id: int
    status: str


@dataclass(frozen=True)
class EmailAddressFailing(DomainEvent):
    """A server refused the address for good: pages show it in red."""

    address: str


@dataclass(frozen=True)
class EmailAddressCleared(DomainEvent):
    """A failing address worked again (or was changed): the red mark goes."""

    address: str


@dataclass(frozen=True)
class AccountActivated(DomainEvent):
    user_kind: str
    user_id: int


@dataclass(frozen=True)
class CompanyChanged(DomainEvent):
    company_id: int


@dataclass(frozen=True)
class StaffChanged(DomainEvent):
    """A staff member was invited, changed, (de)activated, deleted or (re)assigned;
    ``staff_id`` None: an office-wide staff setting changed (the restriction switch)."""

    staff_id: int | None


@dataclass(frozen=True)
class EntriesChanged(DomainEvent):
    """Entries of one company changed (added, edited, synced or sent); ``data_type`` is
    ``zus``, ``taxes`` or ``statements``."""

    company_id: int
    data_type: str


@dataclass(frozen=True)
class MessageSent(DomainEvent):
    """An office message was stored with its recipients; delivery runs as a job."""

    message_id: int


@dataclass(frozen=True)
class MessageProgress(DomainEvent):
    """Delivery of a message processed ``done`` of ``total`` recipient rows."""

    message_id: int
    done: int
    total: int


@dataclass(frozen=True)
class MessageRead(DomainEvent):
    """Someone opened a message for the first time (the receipt's read time was set)."""

    message_id: int
    company_id: int
    user_kind: str
    user_id: int


@dataclass(frozen=True)
class MessagePosted(DomainEvent):
    """A new post in a thread with one company (a client's message or a reply)."""

    thread_id: int
    company_id: int
    message_id: int
