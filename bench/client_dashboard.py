"""Benchmark: server time of the client's dashboard with 24 months of data against 1 month.

One office, two companies with one Firma client each: one company with 24 months of sent ZUS,
three taxes and a statement per month (all but the last month marked paid, as in life), the
other with one month.
It times ``PortalService.dashboard`` (policies, scoping, payment items with QR payloads, the
chart) for both clients and prints the ratio. Goal: at most 1.5 (the dashboard must not grow
with the company's history).

    export BIURKO_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test
    .venv/bin/python -m bench.client_dashboard

With a PostgreSQL URL it uses a private database next to the given one (dropped at the end);
without one a temporary SQLite file.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from bootstrap import build_services
from domain.actors import Actor, ActorKind, ClientRole, Membership
from domain.deadlines import TaxKind
from domain.entries.model import (
    EntryValues,
    StatementValues,
    TaxSettlement,
    TaxValues,
    ZusSettlement,
    ZusValues,
    encode_values,
    period_year,
)
from domain.identifiers import expected_nrs, generate_valid_nip
from persistence import db
from persistence.models import ClientUser, Company, Office
from persistence.models import Entry as EntryRow
from persistence.models import Membership as MembershipRow
from settings import Settings
from tests.support import databases

ROUNDS = 60
LONG, SHORT = 24, 1
GOAL = 1.5


def months(count: int) -> list[str]:
    year, month, result = 2026, 11, []
    for _ in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        result.append(f"{year}-{month:02d}")
    return result


def month_values(period: str, seed: int) -> list[EntryValues]:
    amount = Decimal(1000 + seed).quantize(Decimal("0.01"))
    return [
        ZusValues(
            period,
            ZusSettlement.D,
            "",
            amount,
            Decimal("432.54"),
            Decimal("113.65"),
            amount + Decimal("546.19"),
        ),
        TaxValues(TaxKind.VAT, period, TaxSettlement.D, amount * 2),
        TaxValues(TaxKind.PIT_LINIOWY, period, TaxSettlement.Z, amount / 2),
        TaxValues(TaxKind.PIT_4R, period, TaxSettlement.D, Decimal("321.00")),
        StatementValues(period, amount * 10, amount * 6),
    ]


async def seed_company(office: Office, index: int, count: int) -> Actor:
    nip = generate_valid_nip(9100 + index)
    company = await Company.create(
        office=office, name=f"Firma {index}", identifier=nip, zus_account=expected_nrs(nip)
    )
    user = await ClientUser.create(
        email=f"c{index}@bench.test", first_name="K", last_name=str(index)
    )
    await MembershipRow.create(client_user=user, company=company, role="firma")
    sent_at = datetime(2026, 11, 1, tzinfo=UTC)
    rows = []
    for position, period in enumerate(months(count)):
        for values in month_values(period, position):
            text = encode_values(values)
            rows.append(
                EntryRow(
                    company_id=company.id,
                    office_id=office.id,
                    data_type=values.data_type.value,
                    natural_key=values.natural_key(),
                    period=period,
                    year=period_year(period),
                    values_json=text,
                    sent_json=text,
                    waiting=False,
                    source="sync",
                    sent_at=sent_at,
                    sent_by_name="Bench",
                    paid_on=date(2026, 11, 1) if position else None,
                    paid_marked_at=sent_at + timedelta(hours=1) if position else None,
                )
            )
    await EntryRow.bulk_create(rows, batch_size=1000)
    membership = Membership(company.id, office.id, ClientRole.FIRMA)
    return Actor(
        ActorKind.CLIENT,
        user.id,
        memberships=(membership,),
        company_id=company.id,
        name=f"K {index}",
    )


async def time_dashboard(services, actor: Actor) -> float:  # type: ignore[no-untyped-def]
    assert actor.company_id is not None
    for _ in range(5):  # warm caches and connections
        await services.portal.dashboard(actor, actor.company_id)
    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        await services.portal.dashboard(actor, actor.company_id)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


async def measure(url: str, data_dir: Path) -> None:
    await db.migrate(url)
    await db.open_database(url)
    services = build_services(Settings(database_url=url, data_dir=data_dir, secret_key="b" * 48))
    try:
        office = await Office.create(name="Biuro Bench", nip=generate_valid_nip(9099))
        long_actor = await seed_company(office, 1, LONG)
        short_actor = await seed_company(office, 2, SHORT)
        long_time = await time_dashboard(services, long_actor)
        short_time = await time_dashboard(services, short_actor)
    finally:
        await db.close_database()
    ratio = long_time / short_time
    print(f"{SHORT:>2} month : median {short_time * 1000:.2f} ms per dashboard")
    print(f"{LONG:>2} months: median {long_time * 1000:.2f} ms per dashboard")
    print(
        f"ratio {LONG}/{SHORT}: {ratio:.2f} (goal <= {GOAL}) {'PASS' if ratio <= GOAL else 'FAIL'}"
    )


def main() -> None:
    base = os.environ.get("BIURKO_BENCH_DATABASE_URL", "")
    with tempfile.TemporaryDirectory() as tmp:
        if base.startswith(("postgres://", "postgresql://")):
            url = databases.create_postgres_database(base, f"biurko_bench_{uuid.uuid4().hex[:8]}")
            try:
                asyncio.run(measure(url, Path(tmp)))
            finally:
                databases.drop_postgres_database(url)
        else:
            asyncio.run(measure(f"sqlite://{tmp}/bench.sqlite3", Path(tmp)))


if __name__ == "__main__":
    main()
