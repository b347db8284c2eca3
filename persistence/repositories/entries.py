"""Entries and approval rules: rows <-> ``domain.entries`` values, always scoped by office."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from domain.companies.model import CompanyScope
from domain.entries.approval import ApprovalMode, ApprovalRule, DataType
from domain.entries.model import (
    Entry,
    EntryValues,
    PaidMark,
    Sending,
    Source,
    decode_values,
    encode_values,
    period_year,
)
from domain.entries.ports import WaitingEntry
from domain.errors import Conflict
from persistence.models import ApprovalRuleRow
from persistence.models import Entry as EntryRow

DUPLICATE = "Taki wpis już istnieje."
ENTRY_FIELDS = (
    "id",
    "company_id",
    "data_type",
    "values_json",
    "sent_json",
    "source",
    "batch_ref",
    "sent_at",
    "sent_by_id",
    "sent_by_name",
    "updated_at",
    "paid_on",
    "paid_marked_at",
    "paid_by_name",
)


def to_entry(row: dict[str, Any]) -> Entry:
    data_type = DataType(row["data_type"])
    sending = (
        None
        if row["sent_at"] is None
        else Sending(row["sent_at"], row["sent_by_name"], row["sent_by_id"])
    )
    return Entry(
        id=row["id"],
        company_id=row["company_id"],
        data_type=data_type,
        values=decode_values(data_type, row["values_json"]),
        sent_values=None
        if row["sent_json"] is None
        else decode_values(data_type, row["sent_json"]),
        source=Source(row["source"]),
        sending=sending,
        batch_id=row["batch_ref"],
        updated_at=row["updated_at"],
        paid=None
        if row.get("paid_on") is None
        else PaidMark(row["paid_on"], row["paid_marked_at"], row["paid_by_name"]),
    )


def _value_columns(values: EntryValues) -> dict[str, Any]:
    return {
        "data_type": values.data_type.value,
        "natural_key": values.natural_key(),
        "period": values.period,
        "year": period_year(values.period),
        "values_json": encode_values(values),
    }


def _period_order(period: str) -> str:
    # A quarter sorts after its last month: 2026-Q1 after 2026-03.
    if "Q" in period:
        return f"{period[:4]}-{int(period[-1]) * 3:02d}~"
    return period


class EntryRepo:
    async def for_company(
        self,
        office_id: int,
        company_id: int,
        data_type: DataType,
        year: int | None,
        *,
        unpaid_only: bool = False,
        since_year: int | None = None,
    ) -> list[Entry]:
        query = EntryRow.filter(office_id=office_id, company_id=company_id, data_type=data_type)
        if year is not None:
            query = query.filter(year=year)
        if since_year is not None:
            query = query.filter(year__gte=since_year)
        if unpaid_only:
            query = query.filter(paid_on__isnull=True)
        rows = await query.order_by("period", "id").values(*ENTRY_FIELDS)
        entries = [to_entry(row) for row in rows]
        return sorted(entries, key=lambda e: (_period_order(e.period), e.id))

    async def years(self, office_id: int, company_id: int, data_type: DataType) -> list[int]:
        rows = (
            await EntryRow.filter(office_id=office_id, company_id=company_id, data_type=data_type)
            .distinct()
            .order_by("year")
            .values_list("year", flat=True)
        )
        return [int(str(year)) for year in rows]

    async def get(self, office_id: int, entry_id: int) -> Entry | None:
        row = await EntryRow.filter(id=entry_id, office_id=office_id).first().values(*ENTRY_FIELDS)
        return None if row is None else to_entry(row)

    async def by_ids(self, office_id: int, entry_ids: list[int]) -> list[Entry]:
        if not entry_ids:
            return []
        rows = (
            await EntryRow.filter(office_id=office_id, id__in=list(entry_ids))
            .order_by("period", "id")
            .values(*ENTRY_FIELDS)
        )
        return [to_entry(row) for row in rows]

    async def add(
        self, office_id: int, company_id: int, values: EntryValues, source: Source
    ) -> int:
        try:
            row = await EntryRow.create(
                office_id=office_id,
                company_id=company_id,
                source=source.value,
                waiting=True,
                **_value_columns(values),
            )
        except IntegrityError as error:
            raise Conflict(DUPLICATE) from error
        return row.id

    async def change_values(self, entry_id: int, values: EntryValues) -> None:
        columns = _value_columns(values)
        try:
            async with in_transaction() as connection:
                sent = (
                    await EntryRow.filter(id=entry_id)
                    .using_db(connection)
                    .first()
                    .values_list("sent_json", flat=True)
                )
                await (
                    EntryRow.filter(id=entry_id)
                    .using_db(connection)
                    .update(waiting=sent != columns["values_json"], **columns)
                )
        except IntegrityError as error:
            raise Conflict(DUPLICATE) from error

    async def delete(self, entry_id: int) -> None:
        await EntryRow.filter(id=entry_id).delete()

    async def waiting(self, scope: CompanyScope) -> list[WaitingEntry]:
        query = EntryRow.filter(
            office_id=scope.office_id, waiting=True, company__deleted_at__isnull=True
        )
        if scope.company_ids is not None:
            query = query.filter(company_id__in=sorted(scope.company_ids))
        rows = await query.order_by("company__name", "period", "id").values(
            *ENTRY_FIELDS, company_name="company__name", company_active="company__active"
        )
        return [
            WaitingEntry(to_entry(row), row["company_name"], row["company_active"]) for row in rows
        ]

    async def waiting_count(self, scope: CompanyScope) -> int:
        query = EntryRow.filter(
            office_id=scope.office_id, waiting=True, company__deleted_at__isnull=True
        )
        if scope.company_ids is not None:
            query = query.filter(company_id__in=sorted(scope.company_ids))
        return await query.count()

    async def waiting_ids(
        self, office_id: int, data_type: DataType, company_ids: Iterable[int] | None = None
    ) -> list[int]:
        query = EntryRow.filter(
            office_id=office_id,
            data_type=data_type,
            waiting=True,
            company__deleted_at__isnull=True,
        )
        if company_ids is not None:
            query = query.filter(company_id__in=list(company_ids))
        return [int(str(i)) for i in await query.values_list("id", flat=True)]

    async def send(self, office_id: int, entry_ids: Iterable[int], sending: Sending) -> list[Entry]:
        ids = list(entry_ids)
        if not ids:
            return []
        async with in_transaction() as connection:
            # Conditional on waiting: two people sending the same items send them once.
            waiting = (
                await EntryRow.filter(office_id=office_id, id__in=ids, waiting=True)
                .using_db(connection)
                .select_for_update()
                .values_list("id", flat=True)
            )
            if not waiting:
                return []
            await (
                EntryRow.filter(id__in=list(waiting), waiting=True)
                .using_db(connection)
                .update(
                    sent_json=F("values_json"),
                    waiting=False,
                    sent_at=sending.at,
                    sent_by_id=sending.by_staff_id,
                    sent_by_name=sending.by_name,
                )
            )
        return await self.by_ids(office_id, [int(str(i)) for i in waiting])


class ApprovalRuleRepo:
    async def rules(self, office_id: int) -> dict[DataType, ApprovalRule]:
        rows = await ApprovalRuleRow.filter(office_id=office_id)
        stored = {DataType(r.data_type): _rule(r) for r in rows}
        return {data_type: stored.get(data_type, ApprovalRule()) for data_type in DataType}

    async def save(self, office_id: int, data_type: DataType, rule: ApprovalRule) -> None:
        await ApprovalRuleRow.update_or_create(
            defaults={
                "mode": rule.mode.value,
                "day_of_month": rule.day_of_month,
                "hour": rule.hour,
            },
            office_id=office_id,
            data_type=data_type.value,
        )

    async def scheduled(self) -> list[tuple[int, DataType, ApprovalRule, datetime | None]]:
        rows = await ApprovalRuleRow.filter(mode=ApprovalMode.SCHEDULED.value)
        return [
            (r.office_id, DataType(r.data_type), _rule(r), r.last_run_at)  # type: ignore[attr-defined]
            for r in rows
        ]

    async def mark_run(
        self, office_id: int, data_type: DataType, previous: datetime | None, at: datetime
    ) -> bool:
        query = ApprovalRuleRow.filter(office_id=office_id, data_type=data_type.value)
        query = (
            query.filter(last_run_at__isnull=True)
            if previous is None
            else query.filter(last_run_at=previous)
        )
        return bool(await query.update(last_run_at=at))


def _rule(row: ApprovalRuleRow) -> ApprovalRule:
    return ApprovalRule(ApprovalMode(row.mode), row.day_of_month, row.hour)


class PaidMarkRepo:
    """``domain.portal.service.PaidMarks``: the client's paid marks, scoped by office."""

    async def mark_paid(
        self, office_id: int, entry_id: int, paid_on: date, at: datetime, by_name: str
    ) -> bool:
        changed = await EntryRow.filter(
            id=entry_id, office_id=office_id, sent_json__isnull=False
        ).update(paid_on=paid_on, paid_marked_at=at, paid_by_name=by_name[:200])
        return bool(changed)

    async def unmark_paid(self, office_id: int, entry_id: int) -> bool:
        changed = await EntryRow.filter(
            id=entry_id, office_id=office_id, paid_on__isnull=False
        ).update(paid_on=None, paid_marked_at=None, paid_by_name="")
        return bool(changed)
