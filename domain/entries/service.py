"""Office work on entries (list per year, add, edit, delete hand-typed ones) and the client's
view of them (sent values only; a Wspólnik sees only their own ZUS entries).

Every method asks ``domain.policies`` first and passes the office down to the repository.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from domain.actors import Actor
from domain.audit import AuditLog
from domain.companies.model import CompanyHead
from domain.companies.service import CompanyRepository
from domain.entries.approval import DataType
from domain.entries.model import (
    Entry,
    EntryValues,
    Source,
    StatementValues,
    ZusValues,
    encode_values,
)
from domain.entries.parsing import parse_statement, parse_tax, parse_zus
from domain.entries.ports import EntryRepository
from domain.errors import Conflict, NotFound
from domain.events import EntriesChanged
from domain.policies import CompanyAction, require_on_company, scope_office, sees_own_items_only
from domain.ports import Clock, EventBus

PARSERS: dict[DataType, Callable[[Mapping[str, Any]], EntryValues]] = {
    DataType.ZUS: parse_zus,
    DataType.TAXES: parse_tax,
    DataType.STATEMENTS: parse_statement,
}
SYNCED_READ_ONLY = "Ten wpis przyszedł z synchronizacji: zmień go w programie księgowym."
DUPLICATE = {
    DataType.ZUS: "Składka za ten okres (z tym typem i osobą) już istnieje.",
    DataType.TAXES: "Ten podatek za ten okres (z tym typem rozliczenia) już istnieje.",
    DataType.STATEMENTS: "Zestawienie za ten miesiąc już istnieje.",
}
TYPE_LABELS = {
    DataType.ZUS: "składkę",
    DataType.TAXES: "podatek",
    DataType.STATEMENTS: "zestawienie",
}


@dataclass(frozen=True)
class StatementTotals:
    revenue: Decimal
    costs: Decimal

    @property
    def result(self) -> Decimal:
        return self.revenue - self.costs


@dataclass(frozen=True)
class EntryTable:
    """One company's entries of one type in one year, for the office's tab."""

    year: int
    years: list[int]
    entries: list[Entry]
    totals: StatementTotals | None = None


def statement_totals(values: list[StatementValues]) -> StatementTotals:
    zero = Decimal("0.00")
    return StatementTotals(
        revenue=sum((v.revenue for v in values), zero), costs=sum((v.costs for v in values), zero)
    )


def same_person(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


class EntryService:
    def __init__(
        self,
        repo: EntryRepository,
        companies: CompanyRepository,
        audit: AuditLog,
        events: EventBus,
        clock: Clock,
    ) -> None:
        self._repo = repo
        self._companies = companies
        self._audit = audit
        self._events = events
        self._clock = clock

    # --- office -------------------------------------------------------------------------

    async def table(
        self, actor: Actor, company_id: int, data_type: DataType, year: int | None = None
    ) -> EntryTable:
        head = await self._company(actor, company_id, CompanyAction.VIEW)
        years = await self._repo.years(head.office_id, company_id, data_type)
        this_year = self._clock.now().year
        chosen = year or (this_year if this_year in years or not years else years[-1])
        entries = await self._repo.for_company(head.office_id, company_id, data_type, chosen)
        totals = None
        if data_type is DataType.STATEMENTS:
            totals = statement_totals([e.values for e in entries])  # type: ignore[misc]
        return EntryTable(chosen, sorted(set(years) | {chosen}), entries, totals)

    async def add(
        self, actor: Actor, company_id: int, data_type: DataType, form: Mapping[str, object]
    ) -> int:
        head = await self._company(actor, company_id, CompanyAction.MANAGE_ENTRIES)
        values = PARSERS[data_type](form)
        try:
            entry_id = await self._repo.add(head.office_id, company_id, values, Source.MANUAL)
        except Conflict as error:
            raise Conflict(DUPLICATE[data_type]) from error
        await self._audit.record(
            actor,
            "entry.created",
            f"Dodano {TYPE_LABELS[data_type]} {values.period} ({head.name})",
            company_id,
            {"entry_id": entry_id, "values": encode_values(values)},
        )
        await self._changed(head, data_type)
        return entry_id

    async def update(self, actor: Actor, entry_id: int, form: Mapping[str, object]) -> None:
        entry, head = await self._manual_entry(actor, entry_id)
        values = PARSERS[entry.data_type](form)
        if values == entry.values:
            return
        try:
            await self._repo.change_values(entry_id, values)
        except Conflict as error:
            raise Conflict(DUPLICATE[entry.data_type]) from error
        await self._audit.record(
            actor,
            "entry.updated",
            f"Zmieniono {TYPE_LABELS[entry.data_type]} {values.period} ({head.name})",
            head.id,
            {
                "entry_id": entry_id,
                "before": encode_values(entry.values),
                "after": encode_values(values),
            },
        )
        await self._changed(head, entry.data_type)

    async def delete(self, actor: Actor, entry_id: int) -> None:
        entry, head = await self._manual_entry(actor, entry_id)
        await self._repo.delete(entry_id)
        await self._audit.record(
            actor,
            "entry.deleted",
            f"Usunięto {TYPE_LABELS[entry.data_type]} {entry.period} ({head.name})",
            head.id,
            {"entry_id": entry_id, "values": encode_values(entry.values)},
        )
        await self._changed(head, entry.data_type)

    # --- client ---------------------------------------------------------------------------

    async def visible_to_client(
        self,
        actor: Actor,
        company_id: int,
        data_type: DataType,
        year: int | None = None,
        *,
        unpaid_only: bool = False,
        since_year: int | None = None,
    ) -> list[tuple[Entry, EntryValues]]:
        """Sent entries with the values the client was sent (never unsent changes)."""
        head = await self._company(actor, company_id, CompanyAction.VIEW_AS_CLIENT)
        entries = await self._repo.for_company(
            head.office_id,
            company_id,
            data_type,
            year,
            unpaid_only=unpaid_only,
            since_year=since_year,
        )
        visible = [(e, e.sent_values) for e in entries if e.sent_values is not None]
        if data_type is DataType.ZUS and sees_own_items_only(actor, company_id):
            visible = [
                (e, v)
                for e, v in visible
                if isinstance(v, ZusValues) and v.person and same_person(v.person, actor.name)
            ]
        return [(e, v) for e, v in visible if v is not None]

    # --- helpers --------------------------------------------------------------------------

    async def _company(self, actor: Actor, company_id: int, action: CompanyAction) -> CompanyHead:
        office_id = scope_office(actor, company_id)
        head = None if office_id is None else await self._companies.head(office_id, company_id)
        if head is None:
            raise NotFound()
        require_on_company(actor, action, head.ref)
        return head

    async def _manual_entry(self, actor: Actor, entry_id: int) -> tuple[Entry, CompanyHead]:
        if actor.office_id is None:
            raise NotFound()
        entry = await self._repo.get(actor.office_id, entry_id)
        if entry is None:
            raise NotFound()
        head = await self._company(actor, entry.company_id, CompanyAction.MANAGE_ENTRIES)
        if not entry.hand_typed:
            raise Conflict(SYNCED_READ_ONLY)
        return entry, head

    async def _changed(self, head: CompanyHead, data_type: DataType) -> None:
        await self._events.publish(EntriesChanged(head.office_id, head.id, str(data_type)))
