"""Benchmark: one page of the companies list at 500 and at 5,000 companies.

Two offices live in one database: one with 500 companies, one with 5,000 (each company with two
client users and a status history). For each office it measures the server time to build one
page of 50 rows, sorted by name and filtered by a search term, through the real
``CompanyService`` (policies, scoping, repository), and counts the SQL statements per page.

Goal: the 5,000 / 500 time ratio at most 1.5 (the page cost must not grow with the office), and
a constant number of queries per page (no N+1).

    export BIURKO_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test
    .venv/bin/python -m bench.companies_list

With a PostgreSQL URL it creates a private database next to the given one and drops it at the
end; without one it uses a temporary SQLite file.
"""

from __future__ import annotations

import asyncio
import logging
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.seed import seed_office
from bootstrap import build_services
from domain.accounts.service import actor_from
from domain.actors import ActorKind
from domain.companies.model import CompanyQuery, CompanySort
from persistence import db
from persistence.repositories.accounts import AccountRepo
from settings import Settings
from tests.support import databases

SIZES = (500, 5000)
ROUNDS = 40
QUERIES = (
    CompanyQuery(search="kowal", sort=CompanySort.NAME, page=1, per_page=50),
    CompanyQuery(search="", sort=CompanySort.NAME, page=3, per_page=50),
)


class StatementCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().lstrip().upper().startswith(("SELECT", "WITH")):
            self.count += 1


@contextmanager
def counting() -> Iterator[StatementCounter]:
    logger = logging.getLogger("tortoise.db_client")
    counter, level = StatementCounter(), logger.level
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)


async def measure(url: str, data_dir: Path) -> None:
    await db.migrate(url)
    await db.open_database(url)
    settings = Settings(database_url=url, data_dir=data_dir, secret_key="b" * 48)
    services = build_services(settings)
    try:
        admins = {}
        for index, size in enumerate(SIZES):
            started = time.perf_counter()
            _, admins[size] = await seed_office(f"Biuro {size}", 7000 + index, size)
            print(f"seeded {size:>5} companies in {time.perf_counter() - started:.1f} s")
        results = {}
        for size in SIZES:
            account = await AccountRepo().get(ActorKind.STAFF, admins[size])
            assert account is not None
            actor = actor_from(account, None)
            results[size] = await time_pages(services, actor)
        report(results)
    finally:
        await db.close_database()


async def time_pages(services, actor) -> tuple[float, int, int]:  # type: ignore[no-untyped-def]
    for query in QUERIES:  # warm caches and connections
        await services.companies.list_companies(actor, query)
    timings: list[float] = []
    rows = 0
    for _ in range(ROUNDS):
        for query in QUERIES:
            started = time.perf_counter()
            page = await services.companies.list_companies(actor, query)
            timings.append(time.perf_counter() - started)
            rows = max(rows, len(page.rows))
    with counting() as counter:
        await services.companies.list_companies(actor, QUERIES[0])
    return statistics.median(timings), counter.count, rows


def report(results: dict[int, tuple[float, int, int]]) -> None:
    small, large = results[SIZES[0]], results[SIZES[1]]
    for size, (median, queries, rows) in results.items():
        print(
            f"{size:>5} companies: median {median * 1000:.2f} ms per page "
            f"({rows} rows), {queries} SQL queries per page"
        )
    ratio = large[0] / small[0]
    print(f"ratio {SIZES[1]}/{SIZES[0]}: {ratio:.2f} (goal <= 1.5)")
    print(f"queries per page: {small[1]} vs {large[1]} (goal: equal)")


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
