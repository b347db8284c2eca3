"""Notification event types and channels: the vocabulary shared by messages, reminders and
send notifications, and the one question every sender asks ("which channels for this person?").

The answer is layered: the office's default per event type and channel, then the company's
override, then the client user's own choice. E-mail needs the membership's e-mail flag, SMS a
valid phone number and the user's consent. Inactive companies get e-mail only (PRODUCT.md).
The implementation is ``domain/notify_prefs.py`` (ChannelPreferenceService).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class EventType(StrEnum):
    ZUS_SENT = "zus_sent"
    TAX_SENT = "tax_sent"
    STATEMENT_SENT = "statement_sent"
    PAYMENT_REMINDER = "payment_reminder"
    NEW_MESSAGE = "new_message"
    REPLY = "reply"
    DOCUMENT_FROM_OFFICE = "document_from_office"


class Channel(StrEnum):
    PORTAL = "portal"
    EMAIL = "email"
    SMS = "sms"


@functools.cache  # a handful of distinct sets, thousands of rows per message
def encode_channels(channels: frozenset[Channel]) -> str:
    """``portal,email`` in a fixed order (a stored row's ``channels`` column)."""
    return ",".join(c.value for c in Channel if c in channels)


def decode_channels(text: str) -> frozenset[Channel]:
    return frozenset(Channel(part) for part in text.split(",") if part)


@dataclass(frozen=True)
class Recipient:
    """One client user of one company, as much as channel choice needs to know."""

    client_user_id: int
    company_id: int
    email: str
    phone: str  # normalised +48… or ""
    use_email: bool  # the membership's e-mail flag
    sms_consent: bool
    company_active: bool


class ChannelResolver(Protocol):
    async def channels_for(
        self, office_id: int, event: EventType, recipients: list[Recipient]
    ) -> dict[tuple[int, int], frozenset[Channel]]:
        """Channels per (company_id, client_user_id); one query batch for any number."""
        ...
