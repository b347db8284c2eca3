"""The ingestion unit's bulk reads and writes on each backend (COPY on PostgreSQL, execute_many
on SQLite): the stored-entries read is limited to the batch's periods, and new rows are written
with the columns ingestion means (sent at once or waiting)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bootstrap import Services
from domain.clock import FixedClock
from domain.entries.approval import DataType
from persistence.models import Entry
from persistence.repositories.sync import SyncBatchRepo
from tests.support.companies import World, make_world
from tests.support.services import make_settings, running_services

AT = datetime(2026, 11, 5, 12, tzinfo=UTC)


@pytest.fixture
async def services(db_url: str, isolated_env: Path) -> AsyncIterator[Services]:
    settings = make_settings(isolated_env, db_url, demo_data=False)
    async with running_services(settings, FixedClock()) as running:
        yield running


@pytest.fixture
async def world(services: Services) -> World:
    return await make_world(services)


def tax_row(company: int, period: str, amount: str) -> tuple[int, str, str, str]:
    text = f'{{"amount":"{amount}","kind":"vat","period":"{period}","settlement":"D"}}'
    return (company, f"vat|{period}|D", period, text)


async def test_new_rows_are_written_waiting_or_sent_and_read_back_by_period(world: World) -> None:
    repo = SyncBatchRepo()
    waiting = [tax_row(world.a1, "2026-09", "1.00"), tax_row(world.a2, "2026-10", "2.00")]
    sent = [tax_row(world.a1, "2026-10", "3.00"), tax_row(world.a1, "2025-Q4", "4.00")]
    async with repo.unit(world.office_a) as unit:
        await unit.insert_entries(DataType.TAXES, waiting, False, "batch-1", AT)
        await unit.insert_entries(DataType.TAXES, sent, True, "batch-1", AT)

    rows = await Entry.filter(office_id=world.office_a).order_by("natural_key", "company_id")
    assert [(r.company_id, r.natural_key, r.year, r.waiting) for r in rows] == [
        (world.a1, "vat|2025-Q4|D", 2025, False),
        (world.a1, "vat|2026-09|D", 2026, True),
        (world.a1, "vat|2026-10|D", 2026, False),
        (world.a2, "vat|2026-10|D", 2026, True),
    ]
    assert all(r.source == "sync" and r.batch_ref == "batch-1" for r in rows)
    assert [(r.sent_json == r.values_json, r.sent_at is not None) for r in rows] == [
        (True, True),
        (False, False),
        (True, True),
        (False, False),
    ]

    async with repo.unit(world.office_a) as unit:
        october = await unit.stored_entries({world.a1, world.a2}, DataType.TAXES, {"2026-10"})
        quarter = await unit.stored_entries({world.a1}, DataType.TAXES, {"2025-Q4", "2026-09"})
        other_type = await unit.stored_entries({world.a1}, DataType.ZUS, {"2026-10"})
    assert sorted(october) == [(world.a1, "vat|2026-10|D"), (world.a2, "vat|2026-10|D")]
    assert october[(world.a1, "vat|2026-10|D")][1:] == (sent[0][3], sent[0][3])
    assert october[(world.a2, "vat|2026-10|D")][1:] == (waiting[1][3], None)
    assert sorted(quarter) == [(world.a1, "vat|2025-Q4|D"), (world.a1, "vat|2026-09|D")]
    assert other_type == {}
    async with repo.unit(world.office_b) as unit:  # scoped by office
        assert await unit.stored_entries({world.a1}, DataType.TAXES, {"2026-10"}) == {}
