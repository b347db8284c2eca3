"""The office's bill per month, for its administrator: activity read once, billed in memory.

Each company's active periods (``CompanyStatusInterval``) are read for the whole range in one
query, so a bill, or the history of every month, costs a constant number of queries however
many companies and months there are. Deleted companies are billed for the months they were
active; purged companies are gone with their history.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from domain.actors import Actor
from domain.billing import (
    ActiveInterval,
    MonthBill,
    bill_month,
    billing_csv,
    month_bounds,
    months_between,
)
from domain.clock import WARSAW
from domain.errors import NotFound, ValidationError
from domain.policies import Action, require
from domain.ports import Clock

DELETED_SUFFIX = " (usunięta)"
CSV_ENCODING = "utf-8-sig"  # with a byte order mark, so Excel shows Polish letters
MONTH_OUT_OF_RANGE = "Wybierz miesiąc z listy."


@dataclass(frozen=True)
class CompanyActivity:
    """One company's active periods that touch the asked range."""

    company_id: int
    name: str
    deleted: bool
    intervals: tuple[ActiveInterval, ...]


@dataclass(frozen=True)
class BillingExport:
    filename: str
    content: bytes
    media_type: str = "text/csv; charset=utf-8"


class BillingRepository(Protocol):
    async def first_activity(self, office_id: int) -> datetime | None:
        """The earliest company creation or active period start in the office (None: none)."""
        ...

    async def activity(
        self, office_id: int, start: datetime, end: datetime
    ) -> list[CompanyActivity]:
        """Every company (deleted ones too) with a period overlapping ``[start, end)``; one
        query."""
        ...


class BillingService:
    def __init__(self, *, repo: BillingRepository, clock: Clock, fee: Decimal) -> None:
        self._repo = repo
        self._clock = clock
        self._fee = fee

    async def months(self, actor: Actor) -> list[tuple[int, int]]:
        """(year, month) from the office's first company to now, newest first; [] without
        companies."""
        office_id = _office(actor)
        return await self._months(office_id)

    async def month(self, actor: Actor, year: int, month: int) -> MonthBill:
        office_id = _office(actor)
        if not 1 <= month <= 12:
            raise ValidationError.single("month", MONTH_OUT_OF_RANGE)
        start, end = month_bounds(year, month)
        activity = await self._repo.activity(office_id, start, end)
        return bill_month(_companies(activity), year, month, self._fee, self._clock.now())

    async def history(self, actor: Actor) -> list[MonthBill]:
        """Every month's bill, newest first, from one read of the whole range."""
        office_id = _office(actor)
        months = await self._months(office_id)
        if not months:
            return []
        oldest, newest = months[-1], months[0]
        start, _ = month_bounds(*oldest)
        _, end = month_bounds(*newest)
        activity = await self._repo.activity(office_id, start, end)
        now = self._clock.now()
        return [
            bill_month(
                _companies(_active_in(activity, *month_bounds(year, month))),
                year,
                month,
                self._fee,
                now,
            )
            for year, month in months
        ]

    async def csv_export(self, actor: Actor, year: int, month: int) -> BillingExport:
        bill = await self.month(actor, year, month)
        return BillingExport(
            f"biurko-rozliczenie-{year}-{month:02d}.csv",
            billing_csv(bill).encode(CSV_ENCODING),
        )

    async def _months(self, office_id: int) -> list[tuple[int, int]]:
        first = await self._repo.first_activity(office_id)
        if first is None:
            return []
        return months_between(first.astimezone(WARSAW).date(), self._clock.now())


def _office(actor: Actor) -> int:
    require(actor, Action.VIEW_BILLING)
    if actor.office_id is None:
        raise NotFound()
    return actor.office_id


def _active_in(
    activity: Sequence[CompanyActivity], start: datetime, end: datetime
) -> list[CompanyActivity]:
    """The companies with a period overlapping ``[start, end)`` (as the repository's filter)."""
    return [
        company
        for company in activity
        if any(
            interval.start < end and (interval.end is None or interval.end > start)
            for interval in company.intervals
        )
    ]


def _companies(
    activity: Sequence[CompanyActivity],
) -> list[tuple[int, str, Sequence[ActiveInterval]]]:
    return [
        (c.company_id, c.name + (DELETED_SUFFIX if c.deleted else ""), c.intervals)
        for c in activity
    ]
