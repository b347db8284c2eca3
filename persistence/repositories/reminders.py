"""Payment reminders and calendar feeds: rows <-> ``domain.portal`` values.

``ReminderRepo.claim`` is the idempotency guard of the daily job: the unique key (entry,
client user, day) decides, so two schedulers running at once record (and send) one reminder.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from tortoise.exceptions import IntegrityError

from domain.channels import Channel, decode_channels, encode_channels
from domain.entries.approval import DataType
from domain.entries.model import Entry, decode_values
from domain.portal.calendar import FeedRow
from domain.portal.reminders import ReminderKind, StoredReminder
from persistence.models import CalendarFeed, ClientUser, Office, Reminder
from persistence.models import Entry as EntryRow
from persistence.repositories.entries import ENTRY_FIELDS, to_entry

PAYMENT_TYPES = (DataType.ZUS.value, DataType.TAXES.value)


class ReminderRepo:
    async def reminder_days(self, office_id: int) -> int | None:
        row = await Office.get_or_none(id=office_id).values("reminder_days")
        return None if row is None else int(row["reminder_days"])

    async def set_reminder_days(self, office_id: int, days: int) -> None:
        await Office.filter(id=office_id).update(reminder_days=days)

    async def office_days(self) -> dict[int, int]:
        rows = await Office.all().order_by("id").values_list("id", "reminder_days")
        return {int(office_id): int(days) for office_id, days in rows}

    async def sent_payments(self, office_id: int, since_year: int) -> dict[int, list[Entry]]:
        rows = (
            await EntryRow.filter(
                office_id=office_id,
                data_type__in=PAYMENT_TYPES,
                sent_json__isnull=False,
                year__gte=since_year,
                company__active=True,
                company__deleted_at__isnull=True,
            )
            .order_by("company_id", "period", "id")
            .values(*ENTRY_FIELDS)
        )
        by_company: dict[int, list[Entry]] = defaultdict(list)
        for row in rows:
            by_company[int(row["company_id"])].append(to_entry(row))
        return dict(by_company)

    async def claim(
        self,
        entry_id: int,
        company_id: int,
        client_user_id: int,
        day: date,
        kind: ReminderKind,
        at: datetime,
        channels: frozenset[Channel],
    ) -> bool:
        try:
            await Reminder.create(
                entry_id=entry_id,
                company_id=company_id,
                client_user_id=client_user_id,
                day=day,
                kind=kind.value,
                sent_at=at,
                channels=encode_channels(channels),
            )
        except IntegrityError:
            return False  # already reminded today (maybe by another scheduler just now)
        return True

    async def log(self, office_id: int, company_id: int, limit: int) -> list[StoredReminder]:
        rows = (
            await Reminder.filter(company_id=company_id, entry__office_id=office_id)
            .order_by("-sent_at", "-id")
            .limit(limit)
            .values(
                "sent_at",
                "day",
                "kind",
                "client_user_id",
                "entry_id",
                "channels",
                "entry__data_type",
                "entry__sent_json",
            )
        )
        user_ids = {int(row["client_user_id"]) for row in rows}
        users = {
            int(u["id"]): u
            for u in await ClientUser.filter(id__in=sorted(user_ids)).values(
                "id", "first_name", "last_name", "email"
            )
        }
        return [_stored(row, users.get(int(row["client_user_id"]))) for row in rows]


class CalendarFeedRepo:
    async def active(self, client_user_id: int) -> FeedRow | None:
        row = (
            await CalendarFeed.filter(client_user_id=client_user_id, revoked_at__isnull=True)
            .order_by("-id")
            .first()
        )
        return None if row is None else FeedRow(row.id, row.client_user_id, row.token_hash)

    async def generations(self, client_user_id: int) -> int:
        return await CalendarFeed.filter(client_user_id=client_user_id).count()

    async def create(self, client_user_id: int, token_hash: str, at: datetime) -> bool:
        try:
            await CalendarFeed.create(
                client_user_id=client_user_id, token_hash=token_hash, created_at=at
            )
        except IntegrityError:
            return False
        return True

    async def revoke(self, client_user_id: int, at: datetime) -> bool:
        changed = await CalendarFeed.filter(
            client_user_id=client_user_id, revoked_at__isnull=True
        ).update(revoked_at=at)
        return bool(changed)

    async def by_hash(self, token_hash: str) -> FeedRow | None:
        row = await CalendarFeed.get_or_none(token_hash=token_hash, revoked_at__isnull=True)
        return None if row is None else FeedRow(row.id, row.client_user_id, row.token_hash)


def _stored(row: dict[str, Any], user: dict[str, Any] | None) -> StoredReminder:
    sent = row["entry__sent_json"]
    values = None if sent is None else decode_values(DataType(row["entry__data_type"]), sent)
    name = f"{user['first_name']} {user['last_name']}".strip() if user else ""
    return StoredReminder(
        sent_at=row["sent_at"],
        day=row["day"],
        kind=ReminderKind(row["kind"]),
        user_name=name,
        user_email=str(user["email"]) if user else "",
        entry_id=int(row["entry_id"]),
        values=values,
        channels=decode_channels(row["channels"]),
    )
