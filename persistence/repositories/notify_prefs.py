"""Notification preferences: ``NotificationPreference`` rows <-> ``domain.notify_prefs`` values.

Scope by zeros (see the model): office default (company 0, user 0), company override (company
set, user 0), a client user's own choice (office 0, company 0, user set: it follows the user
into every company and office). A missing row means "as the layer below says".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Subquery

from domain.channels import Channel, EventType
from domain.companies.model import ClientUserRow
from domain.notify_layers import Key, StoredPreference
from domain.notify_prefs import SmsContact
from persistence.models import ClientUser, Membership, NotificationPreference, Office
from persistence.repositories.client_users import member_row

FIELDS = ("office_id", "company_id", "client_user_id", "event_type", "channel", "enabled")
MEMBER_FIELDS = (
    "client_user_id",
    "client_user__first_name",
    "client_user__last_name",
    "client_user__email",
    "client_user__phone",
    "client_user__activated_at",
    "client_user__sms_consent_at",
    "role",
    "can_edit_company",
    "use_email",
    "active",
)
KNOWN_EVENTS = {e.value for e in EventType}
KNOWN_CHANNELS = {c.value for c in Channel}


class NotificationPreferenceRepo:
    async def office_rows(self, office_id: int, event: EventType | None) -> list[StoredPreference]:
        query = NotificationPreference.filter(office_id=office_id, client_user_id=0)
        if event is not None:
            query = query.filter(event_type=event.value)
        return _rows(await query.order_by("id").values(*FIELDS))

    async def member_choices(self, office_id: int, event: EventType) -> list[StoredPreference]:
        # A subquery, not a list of ids: the same one query for ten or ten thousand people.
        members = Membership.filter(company__office_id=office_id).values("client_user_id")
        rows = (
            await NotificationPreference.filter(
                office_id=0,
                company_id=0,
                event_type=event.value,
                client_user_id__in=Subquery(members),
            )
            .order_by("id")
            .values(*FIELDS)
        )
        return _rows(rows)

    async def user_rows(self, client_user_id: int) -> list[StoredPreference]:
        rows = (
            await NotificationPreference.filter(
                office_id=0, company_id=0, client_user_id=client_user_id
            )
            .order_by("id")
            .values(*FIELDS)
        )
        return _rows(rows)

    async def save(self, row: StoredPreference) -> None:
        scope = _scope(row.office_id, row.company_id, row.client_user_id, (row.event, row.channel))
        if await NotificationPreference.filter(**scope).update(enabled=row.enabled):
            return
        try:
            await NotificationPreference.create(**scope, enabled=row.enabled)
        except IntegrityError:  # created by a concurrent save just now: ours is the later word
            await NotificationPreference.filter(**scope).update(enabled=row.enabled)

    async def remove(self, office_id: int, company_id: int, client_user_id: int, key: Key) -> None:
        await NotificationPreference.filter(
            **_scope(office_id, company_id, client_user_id, key)
        ).delete()

    async def sms_enabled(self, office_id: int) -> bool:
        row = await Office.get_or_none(id=office_id).values("sms_enabled")
        return bool(row and row["sms_enabled"])

    async def members(self, company_id: int) -> list[tuple[ClientUserRow, bool]]:
        rows = (
            await Membership.filter(company_id=company_id, active=True, client_user__active=True)
            .order_by("id")
            .values(*MEMBER_FIELDS)
        )
        return [(member_row(r), r["client_user__sms_consent_at"] is not None) for r in rows]

    async def sms_contact(self, client_user_id: int) -> SmsContact | None:
        row = await ClientUser.get_or_none(id=client_user_id).values("phone", "sms_consent_at")
        return None if row is None else SmsContact(row["phone"] or "", row["sms_consent_at"])

    async def set_sms_consent(self, client_user_id: int, at: datetime | None) -> None:
        await ClientUser.filter(id=client_user_id).update(sms_consent_at=at)

    async def set_phone(self, client_user_id: int, phone: str, consent_at: datetime | None) -> None:
        await ClientUser.filter(id=client_user_id).update(phone=phone, sms_consent_at=consent_at)


def _scope(office_id: int, company_id: int, client_user_id: int, key: Key) -> dict[str, Any]:
    return {
        "office_id": office_id,
        "company_id": company_id,
        "client_user_id": client_user_id,
        "event_type": key[0].value,
        "channel": key[1].value,
    }


def _rows(rows: list[dict[str, Any]]) -> list[StoredPreference]:
    # Rows of event types or channels this version does not know are skipped, not fatal.
    return [
        StoredPreference(
            int(r["office_id"]),
            int(r["company_id"]),
            int(r["client_user_id"]),
            EventType(r["event_type"]),
            Channel(r["channel"]),
            bool(r["enabled"]),
        )
        for r in rows
        if r["event_type"] in KNOWN_EVENTS and r["channel"] in KNOWN_CHANNELS
    ]
