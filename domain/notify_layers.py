"""The layers of notification preferences as pure functions: which stored row wins for one
person, and which channels a person can get at all (e-mail flag, phone, consent, gateway,
inactive company). ``domain/notify_prefs.py`` does the reading and writing around them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from domain.channels import Channel, EventType, Recipient
from domain.companies.model import ClientUserRow
from domain.errors import ValidationError
from domain.identifiers import normalize_phone

Key = tuple[EventType, Channel]
BUILTIN: dict[Channel, bool] = {Channel.PORTAL: True, Channel.EMAIL: True, Channel.SMS: False}


class Source(StrEnum):
    """Where a shown value comes from."""

    BUILTIN = "builtin"
    OFFICE = "office"
    COMPANY = "company"
    USER = "user"


@dataclass(frozen=True)
class StoredPreference:
    """One row: office default (company 0, user 0), company override (company set, user 0),
    or a client user's own choice (user set, company 0, office 0)."""

    office_id: int
    company_id: int
    client_user_id: int
    event: EventType
    channel: Channel
    enabled: bool


@dataclass(frozen=True)
class PreferenceCell:
    event: EventType
    channel: Channel
    enabled: bool
    source: Source


def valid_phone(phone: str) -> bool:
    try:
        normalize_phone(phone)
    except ValidationError:
        return False
    return bool(phone)


def recipient_of(member: ClientUserRow, company_id: int, active: bool, consent: bool) -> Recipient:
    return Recipient(
        client_user_id=member.user_id,
        company_id=company_id,
        email=member.email,
        phone=normalize_phone(member.phone) if valid_phone(member.phone) else "",
        use_email=member.use_email,
        sms_consent=consent,
        company_active=active,
    )


def allowed(recipient: Recipient, sms_enabled: bool) -> frozenset[Channel]:
    """Channels a person can technically get, whatever the settings say."""
    can_email = recipient.use_email and bool(recipient.email.strip())
    if not recipient.company_active:
        return frozenset({Channel.EMAIL}) if can_email else frozenset()
    result = {Channel.PORTAL}
    if can_email:
        result.add(Channel.EMAIL)
    if sms_enabled and recipient.sms_consent and valid_phone(recipient.phone):
        result.add(Channel.SMS)
    return frozenset(result)


def layered(
    rows: Iterable[StoredPreference], company_id: int, client_user_id: int
) -> dict[Key, PreferenceCell]:
    """Every (event, channel) cell as one person of one company sees it (constraints aside)."""
    rank = {Source.OFFICE: 1, Source.COMPANY: 2, Source.USER: 3}
    cells = {
        (e, c): PreferenceCell(e, c, BUILTIN[c], Source.BUILTIN) for e in EventType for c in Channel
    }
    for row in rows:
        source = _source_of(row, company_id, client_user_id)
        if source is None:
            continue
        key = (row.event, row.channel)
        if cells[key].source is Source.BUILTIN or rank[source] >= rank[cells[key].source]:
            cells[key] = PreferenceCell(row.event, row.channel, row.enabled, source)
    return cells


def _source_of(row: StoredPreference, company_id: int, client_user_id: int) -> Source | None:
    if row.client_user_id:
        return Source.USER if row.client_user_id == client_user_id else None
    if row.company_id:
        return Source.COMPANY if row.company_id == company_id else None
    return Source.OFFICE
