"""The client portal: what to pay, marking paid, statements and the chart.

Reads go through ``EntryService.visible_to_client`` (sent values only; a Wspólnik sees only
their own ZUS entries), so the portal can never show what the office has not sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from domain.actors import Actor
from domain.audit import AuditLog
from domain.clock import to_warsaw
from domain.companies.service import CompanyRepository
from domain.entries.approval import DataType
from domain.entries.model import StatementValues
from domain.entries.notify import payer_identity
from domain.entries.service import EntryService, StatementTotals, statement_totals
from domain.errors import NotFound, ValidationError
from domain.events import EntriesChanged
from domain.policies import scope_office
from domain.portal.payments import PaymentItem, PaymentState, payment_items, total_due_in_month
from domain.ports import Clock, EventBus

CHART_MONTHS = 12
FUTURE_DATE = "Data zapłaty nie może być w przyszłości."
TOO_OLD = "Data zapłaty jest sprzed okresu, za który jest płatność."
NOT_PAYABLE = "Tej pozycji nie trzeba płacić (zastąpiła ją korekta)."


class PaidMarks(Protocol):
    async def mark_paid(
        self, office_id: int, entry_id: int, paid_on: date, at: datetime, by_name: str
    ) -> bool: ...

    async def unmark_paid(self, office_id: int, entry_id: int) -> bool: ...


@dataclass(frozen=True)
class Dashboard:
    due: list[PaymentItem]  # unpaid, by due date
    total_this_month: Decimal
    overdue: int
    latest_statement: StatementValues | None
    chart: list[StatementValues]  # the last 12 months with a statement, oldest first


@dataclass(frozen=True)
class StatementYear:
    year: int
    years: list[int]
    rows: list[StatementValues]
    totals: StatementTotals


class PortalService:
    def __init__(
        self,
        entries: EntryService,
        companies: CompanyRepository,
        marks: PaidMarks,
        audit: AuditLog,
        events: EventBus,
        clock: Clock,
    ) -> None:
        self._entries = entries
        self._companies = companies
        self._marks = marks
        self._audit = audit
        self._events = events
        self._clock = clock

    def today(self) -> date:
        return to_warsaw(self._clock.now()).date()

    async def payments(
        self, actor: Actor, company_id: int, unpaid_only: bool = False
    ) -> list[PaymentItem]:
        """Every sent ZUS and tax item the actor may see (or only those not marked paid), by
        due date."""
        sent = [
            pair
            for data_type in (DataType.ZUS, DataType.TAXES)
            for pair in await self._entries.visible_to_client(
                actor, company_id, data_type, unpaid_only=unpaid_only
            )
        ]
        office_id = scope_office(actor, company_id)
        company = (
            None if office_id is None else await self._companies.details(office_id, company_id)
        )
        if company is None:
            raise NotFound()
        return payment_items(sent, payer_identity(company), self.today())

    async def dashboard(self, actor: Actor, company_id: int) -> Dashboard:
        # Only what is still to pay and the last two years of statements: the dashboard's cost
        # must not grow with the company's history.
        items = await self.payments(actor, company_id, unpaid_only=True)
        due = [item for item in items if item.payable]
        statements = await self.statement_history(
            actor, company_id, since_year=self.today().year - 1
        )
        return Dashboard(
            due=due,
            total_this_month=total_due_in_month(due, self.today()),
            overdue=sum(item.state is PaymentState.OVERDUE for item in due),
            latest_statement=statements[-1] if statements else None,
            chart=statements[-CHART_MONTHS:],
        )

    async def statement_history(
        self, actor: Actor, company_id: int, since_year: int | None = None
    ) -> list[StatementValues]:
        pairs = await self._entries.visible_to_client(
            actor, company_id, DataType.STATEMENTS, since_year=since_year
        )
        values = [v for _, v in pairs if isinstance(v, StatementValues)]
        return sorted(values, key=lambda v: v.period)

    async def statements(
        self, actor: Actor, company_id: int, year: int | None = None
    ) -> StatementYear:
        history = await self.statement_history(actor, company_id)
        years = sorted({int(v.period[:4]) for v in history}) or [self.today().year]
        chosen = year if year in years else years[-1]
        rows = [v for v in history if int(v.period[:4]) == chosen]
        return StatementYear(chosen, years, rows, statement_totals(rows))

    async def mark_paid(
        self, actor: Actor, company_id: int, entry_id: int, paid_on: date | None = None
    ) -> None:
        item = await self._item(actor, company_id, entry_id)
        day = paid_on or self.today()
        if day > self.today():
            raise ValidationError.single("paid_on", FUTURE_DATE)
        if day.year < int(item.values.period[:4]):
            raise ValidationError.single("paid_on", TOO_OLD)
        if item.state is PaymentState.SUPERSEDED:
            raise ValidationError.single("entry", NOT_PAYABLE)
        office_id = scope_office(actor, company_id)
        assert office_id is not None
        if await self._marks.mark_paid(office_id, entry_id, day, self._clock.now(), actor.name):
            await self._audit.record(
                actor,
                "entry.paid",
                f"Klient oznaczył jako zapłacone: {item.label} ({day.isoformat()})",
                company_id,
                {"entry_id": entry_id, "paid_on": day.isoformat()},
                office_id=office_id,
            )
            await self._events.publish(EntriesChanged(office_id, company_id, str(item.data_type)))

    async def unmark_paid(self, actor: Actor, company_id: int, entry_id: int) -> None:
        item = await self._item(actor, company_id, entry_id)
        office_id = scope_office(actor, company_id)
        assert office_id is not None
        if await self._marks.unmark_paid(office_id, entry_id):
            await self._audit.record(
                actor,
                "entry.unpaid",
                f"Klient cofnął oznaczenie zapłaty: {item.label}",
                company_id,
                {"entry_id": entry_id},
                office_id=office_id,
            )
            await self._events.publish(EntriesChanged(office_id, company_id, str(item.data_type)))

    async def _item(self, actor: Actor, company_id: int, entry_id: int) -> PaymentItem:
        for item in await self.payments(actor, company_id):
            if item.entry_id == entry_id:
                return item
        raise NotFound()
