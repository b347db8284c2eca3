"""The client portal's services: payment items, the dashboard, paid marks, statements."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from bootstrap import Services
from domain.clock import FixedClock
from domain.entries.approval import DataType
from domain.errors import NotFound, ValidationError
from domain.events import DomainEvent, EntriesChanged
from domain.portal.payments import PaymentState
from persistence.models import AuditEvent, Entry
from tests.support.companies import World, make_world
from tests.support.services import make_settings, running_services

ZUS = {"social": "1000", "health": "400", "labour_fund": "100", "total": "1500"}


@pytest.fixture
async def services(db_url: str, isolated_env: Path) -> AsyncIterator[Services]:
    clock = FixedClock(datetime(2026, 11, 18, 9, 0, tzinfo=UTC))
    async with running_services(make_settings(isolated_env, db_url, demo_data=False), clock) as s:
        yield s


@pytest.fixture
async def world(services: Services) -> World:
    return await make_world(services)


async def sent(services: Services, world: World, data_type: DataType, form: dict) -> int:
    entry_id = await services.entries.add(world.admin, world.a1, data_type, form)
    await services.approval.send(world.admin, [entry_id])
    return entry_id


async def test_payment_items_carry_label_due_date_account_title_and_qr(
    services: Services, world: World
) -> None:
    await sent(
        services, world, DataType.TAXES, {"kind": "vat", "period": "2026-10", "amount": "2300"}
    )
    await services.entries.add(
        world.admin, world.a1, DataType.TAXES, {"kind": "cit", "period": "2026-10", "amount": "9"}
    )
    [item] = await services.portal.payments(world.client_a, world.a1)
    assert item.label == "VAT za październik 2026"
    assert item.amount == Decimal("2300.00") and item.due_date == date(2026, 11, 25)
    assert item.days_left == 7 and item.state is PaymentState.UPCOMING
    assert item.account == "16101000712222526104082800"
    assert "26M10" in item.title
    assert item.qr == f"|PL|{item.account}|230000|Urząd Skarbowy|{item.title[:32].rstrip()}|||"


async def test_dashboard_totals_overdue_and_corrections(services: Services, world: World) -> None:
    await sent(services, world, DataType.ZUS, {**ZUS, "period": "2026-09"})  # due 20 Oct: overdue
    declaration = await sent(services, world, DataType.ZUS, {**ZUS, "period": "2026-10"})
    await sent(
        services,
        world,
        DataType.ZUS,
        {**ZUS, "period": "2026-10", "settlement": "K", "total": "1600"},
    )
    await sent(
        services, world, DataType.STATEMENTS, {"period": "2026-10", "revenue": "10", "costs": "4"}
    )
    board = await services.portal.dashboard(world.client_a, world.a1)
    assert [i.label for i in board.due] == [
        "Składki ZUS za wrzesień 2026",
        "Składki ZUS za październik 2026 (korekta)",
    ]
    assert board.overdue == 1
    assert board.total_this_month == Decimal("3100.00")
    assert board.latest_statement is not None and board.latest_statement.result == Decimal("6.00")
    everything = await services.portal.payments(world.client_a, world.a1)
    assert {i.entry_id: i.state for i in everything}[declaration] is PaymentState.SUPERSEDED
    with pytest.raises(ValidationError):
        await services.portal.mark_paid(world.client_a, world.a1, declaration)


async def test_mark_paid_and_undo_are_audited_and_announced(
    services: Services, world: World
) -> None:
    events: list[DomainEvent] = []
    services.events.subscribe(events.append)
    entry_id = await sent(services, world, DataType.ZUS, {**ZUS, "period": "2026-10"})
    with pytest.raises(ValidationError) as error:
        await services.portal.mark_paid(world.client_a, world.a1, entry_id, date(2026, 11, 19))
    assert "paid_on" in error.value.errors
    await services.portal.mark_paid(world.client_a, world.a1, entry_id, date(2026, 11, 17))
    row = await Entry.get(id=entry_id)
    assert row.paid_on == date(2026, 11, 17) and row.paid_by_name == world.client_a.name
    [item] = await services.portal.payments(world.client_a, world.a1)
    assert item.state is PaymentState.PAID and item.paid is not None
    table = await services.entries.table(world.admin, world.a1, DataType.ZUS, 2026)
    assert table.entries[0].paid is not None  # the office sees the mark
    assert EntriesChanged(world.office_a, world.a1, "zus") in events
    await services.portal.unmark_paid(world.client_a, world.a1, entry_id)
    assert (await Entry.get(id=entry_id)).paid_on is None
    kinds = await AuditEvent.filter(company_id=world.a1).values_list("kind", flat=True)
    assert {"entry.paid", "entry.unpaid"} <= set(kinds)


async def test_clients_cannot_mark_what_they_do_not_see(services: Services, world: World) -> None:
    waiting = await services.entries.add(
        world.admin, world.a1, DataType.ZUS, {**ZUS, "period": "2026-10"}
    )
    with pytest.raises(NotFound):
        await services.portal.mark_paid(world.client_a, world.a1, waiting)
    sent_id = await sent(services, world, DataType.ZUS, {**ZUS, "period": "2026-09"})
    with pytest.raises(NotFound):
        await services.portal.mark_paid(world.client_b, world.a1, sent_id)
    with pytest.raises(NotFound):
        await services.portal.mark_paid(world.client_b, world.b1, sent_id)
    assert (await Entry.get(id=sent_id)).paid_on is None


async def test_statements_per_year_with_totals(services: Services, world: World) -> None:
    for period, revenue, costs in [
        ("2025-12", "5", "1"),
        ("2026-01", "10", "4"),
        ("2026-02", "3", "9"),
    ]:
        await sent(
            services,
            world,
            DataType.STATEMENTS,
            {"period": period, "revenue": revenue, "costs": costs},
        )
    year = await services.portal.statements(world.client_a, world.a1)
    assert year.year == 2026 and year.years == [2025, 2026]
    assert [r.period for r in year.rows] == ["2026-01", "2026-02"]
    assert year.totals.result == Decimal("0.00")
    assert (
        await services.portal.statements(world.client_a, world.a1, 2025)
    ).totals.revenue == Decimal("5.00")


async def test_companies_list_counts_overdue_items(services: Services, world: World) -> None:
    overdue = await sent(services, world, DataType.ZUS, {**ZUS, "period": "2026-09"})
    await sent(services, world, DataType.ZUS, {**ZUS, "period": "2026-10"})  # due 20 Nov
    await services.entries.add(world.admin, world.a1, DataType.ZUS, {**ZUS, "period": "2026-08"})
    page = await services.companies.list_companies(world.admin)
    assert {row.id: row.overdue for row in page.rows}[world.a1] == 1
    await services.portal.mark_paid(world.client_a, world.a1, overdue)
    page = await services.companies.list_companies(world.admin)
    assert {row.id: row.overdue for row in page.rows}[world.a1] == 0
