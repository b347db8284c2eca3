"""Billing from real status intervals: 24 hours is the line, deleted companies count for the
months they were active, and reading costs the same few queries however big the office."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from domain.clock import WARSAW, FixedClock
from persistence.models import Company, CompanyStatusInterval
from tests.support.office_panel import admin, counting_queries, make_company, make_office
from tests.support.services import make_settings, running_services

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)


def warsaw(*args: int) -> datetime:
    return datetime(*args, tzinfo=WARSAW)  # type: ignore[misc]


async def company_with(
    office_id: int, name: str, seed: int, *intervals: tuple[datetime, datetime | None]
) -> int:
    company_id = await make_company(office_id, name, seed)
    await Company.filter(id=company_id).update(created_at=intervals[0][0])
    for start, end in intervals:
        await CompanyStatusInterval.create(company_id=company_id, started_at=start, ended_at=end)
    return company_id


async def office_with_history() -> tuple[int, int]:
    office_id = await make_office("Biuro", seed=1)
    await company_with(office_id, "Ania Active", 11, (warsaw(2026, 10, 1), None))
    day = warsaw(2026, 10, 10, 10)
    await company_with(office_id, "Bartek 24h", 12, (day, day + timedelta(hours=24)))
    await company_with(office_id, "Celina 24h1m", 13, (day, day + timedelta(hours=24, minutes=1)))
    deleted = await company_with(
        office_id, "Dawid Deleted", 14, (warsaw(2026, 9, 1), warsaw(2026, 9, 20))
    )
    await Company.filter(id=deleted).update(deleted_at=warsaw(2026, 9, 20), active=False)
    other = await make_office("Inne biuro", seed=2)
    await company_with(other, "Obca Firma", 15, (LONG_AGO, None))
    return office_id, deleted


async def test_month_bills_only_companies_over_24_hours(db_url: str, isolated_env: Path) -> None:
    settings = make_settings(isolated_env, db_url, demo_data=False)
    async with running_services(settings, clock=FixedClock(NOW)) as services:
        office_id, _ = await office_with_history()
        bill = await services.billing.month(admin(office_id), 2026, 10)
    lines = [(line.company_name, line.billable) for line in bill.lines]
    assert lines == [("Ania Active", True), ("Celina 24h1m", True), ("Bartek 24h", False)]
    assert [str(line.active_hours) for line in bill.lines] == ["745.00", "24.02", "24.00"]
    assert bill.billable_count == 2 and bill.fee == Decimal("9.00")
    assert bill.total == Decimal("18.00") and not bill.so_far


async def test_deleted_company_is_billed_for_its_active_month(
    db_url: str, isolated_env: Path
) -> None:
    settings = make_settings(isolated_env, db_url, demo_data=False)
    async with running_services(settings, clock=FixedClock(NOW)) as services:
        office_id, deleted = await office_with_history()
        actor = admin(office_id)
        september = await services.billing.month(actor, 2026, 9)
        assert [(line.company_name, line.billable) for line in september.lines] == [
            ("Dawid Deleted (usunięta)", True)
        ]
        assert september.total == Decimal("9.00")
        # Purged for good: its history goes with it.
        await Company.filter(id=deleted).delete()
        assert (await services.billing.month(actor, 2026, 9)).lines == ()


async def test_months_history_and_csv(db_url: str, isolated_env: Path) -> None:
    settings = make_settings(isolated_env, db_url, demo_data=False)
    async with running_services(settings, clock=FixedClock(NOW)) as services:
        office_id, _ = await office_with_history()
        actor = admin(office_id)
        assert await services.billing.months(actor) == [(2026, 11), (2026, 10), (2026, 9)]
        history = await services.billing.history(actor)
        export = await services.billing.csv_export(actor, 2026, 10)
    assert [(b.year, b.month, b.billable_count, b.so_far) for b in history] == [
        (2026, 11, 1, True),
        (2026, 10, 2, False),
        (2026, 9, 1, False),
    ]
    november = history[0]
    assert [line.company_name for line in november.lines] == ["Ania Active"]
    assert export.filename == "biurko-rozliczenie-2026-10.csv"
    assert export.content.startswith(b"\xef\xbb\xbf")
    text = export.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Firma;Godziny aktywności;Płatna;Opłata netto"
    assert "Bartek 24h;24,00;nie;0,00" in text
    assert text.splitlines()[-1] == "Razem;;2;18,00"


async def test_office_without_companies_has_no_months(db_url: str, isolated_env: Path) -> None:
    settings = make_settings(isolated_env, db_url, demo_data=False)
    async with running_services(settings, clock=FixedClock(NOW)) as services:
        office_id = await make_office()
        assert await services.billing.months(admin(office_id)) == []
        assert await services.billing.history(admin(office_id)) == []


async def test_reading_costs_a_constant_number_of_queries(db_url: str, isolated_env: Path) -> None:
    settings = make_settings(isolated_env, db_url, demo_data=False)
    async with running_services(settings, clock=FixedClock(NOW)) as services:
        office_id, _ = await office_with_history()
        actor = admin(office_id)
        with counting_queries() as small_history:
            await services.billing.history(actor)
        with counting_queries() as small_month:
            await services.billing.month(actor, 2026, 10)
        # Twenty more companies, each suspended and resumed several times, over many months.
        for index in range(20):
            start = LONG_AGO + timedelta(days=index)
            await company_with(
                office_id,
                f"Firma {index:02d}",
                100 + index,
                (start, start + timedelta(days=40)),
                (start + timedelta(days=60), start + timedelta(days=61)),
                (start + timedelta(days=90), None),
            )
        with counting_queries() as big_history:
            history = await services.billing.history(actor)
        with counting_queries() as big_month:
            await services.billing.month(actor, 2026, 10)
    assert len(history) == 11  # January to November
    assert len(small_history.statements) == len(big_history.statements) <= 3
    assert len(small_month.statements) == len(big_month.statements) == 1
