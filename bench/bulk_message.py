"""Benchmark: an office message to 5,000 companies (10,000 people) on PostgreSQL.

Measured through the real service (``services.messages.send``: validation, the audience's
companies and people, the channel preferences, the message row, all recipient rows and the
delivery job enqueued; the job itself runs afterwards and is not part of the time), against the
machine's reference in the same run: the same 10,000 recipient rows inserted with one asyncpg
``executemany`` (one prepared INSERT, in a transaction) into ``message_recipients``.

Goal (from the issue): service time / executemany time <= 2. Printed per round and as the
median, with PASS/FAIL. At the end, when ``bench/email_throughput.py`` (the mail helper's half)
exists, its e-mail throughput numbers (connection reuse against a new connection per e-mail).

    BIURKO_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python -m bench.bulk_message

Options: ``--companies N`` (two people each), ``--rounds N``, ``--emails N`` (the e-mail half;
0 skips it). A private database is created next to the given one and dropped at the end.
Timings depend on the machine (and other load): tests never assert them.
"""  # noqa: E501 - the command line above is meant to be copied whole

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib
import logging
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from pydantic import SecretStr

from bench.seed import seed_office
from domain.actors import Actor, ActorKind, StaffRole
from domain.messages.model import Audience, AudienceKind, Draft
from persistence.models import Company, Message, MessageRecipient
from settings import Settings
from tests.support import databases
from tests.support.services import running_services

GOAL = 2.0
INSERT_SQL = (
    "INSERT INTO message_recipients (message_id, office_id, company_id, user_kind, user_id,"
    " channels, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"
)


def _dsn(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(("postgresql", parts.netloc, parts.path, parts.query, ""))


async def executemany_reference(url: str, message_id: int, office_id: int) -> float:
    """The message's own rows again, with one executemany into a copy of the message (so the
    unique key does not clash); rolled back."""
    rows = await MessageRecipient.filter(message_id=message_id).values_list(
        "company_id", "user_kind", "user_id", "channels"
    )
    connection = await asyncpg.connect(_dsn(url))
    try:
        transaction = connection.transaction()
        await transaction.start()
        copy_id = await connection.fetchval(
            "INSERT INTO messages (office_id, kind, author_kind, author_id, author_name, subject,"
            " body, audience, status, recipients_total, recipients_done, created_at)"
            " VALUES ($1, 'broadcast', 'staff', 0, '', 'ref', 'ref', '{}', 'sending', 0, 0, $2)"
            " RETURNING id",
            office_id,
            datetime.now(UTC),
        )
        now = datetime.now(UTC)
        records = [
            (copy_id, office_id, company, kind, user, channels, now)
            for company, kind, user, channels in rows
        ]
        started = time.perf_counter()
        await connection.executemany(INSERT_SQL, records)
        seconds = time.perf_counter() - started
        await transaction.rollback()
        return seconds
    finally:
        await connection.close()


async def measure(url: str, data_dir: Path, args: argparse.Namespace) -> list[tuple[float, float]]:
    settings = Settings(
        database_url=url, data_dir=data_dir, secret_key=SecretStr("b" * 48), demo_data=False
    )
    results = []
    async with running_services(settings) as services:
        started = time.perf_counter()
        office_id, admin_id = await seed_office("Biuro Bench Wiadomości", 77, args.companies)
        print(f"seeded {args.companies} companies in {time.perf_counter() - started:.1f} s")
        admin = Actor(ActorKind.STAFF, admin_id, office_id, StaffRole.ADMIN, name="Admin Bench")
        ids = tuple(
            await Company.filter(office_id=office_id).order_by("id").values_list("id", flat=True)
        )
        audience = Audience(AudienceKind.SELECTED, ids)
        for number in range(1, args.rounds + 1):
            draft = Draft(f"Komunikat {number}", "Zmiana **stawek** od stycznia.", audience)
            # The delivery job (10,000 notifications and e-mails) is not measured and must not
            # compete with the reference: the queue's workers pause; the job stays stored.
            await services.jobs.stop()
            gc.collect()  # the seeding's garbage is not the service's to collect
            started = time.perf_counter()
            message_id = await services.messages.send(admin, draft)
            service_seconds = time.perf_counter() - started
            rows = await MessageRecipient.filter(message_id=message_id).count()
            reference = await executemany_reference(url, message_id, office_id)
            results.append((service_seconds, reference))
            print(
                f"round {number}: {rows} recipient rows; service {service_seconds:.3f} s, "
                f"executemany {reference:.3f} s, ratio {service_seconds / reference:.2f}"
            )
            await Message.filter(id=message_id).update(status="sent", recipients_done=rows)
            await services.jobs.start()  # the stored job finds the message done
            await services.jobs.idle(limit_seconds=60)
    return results


async def email_half(count: int) -> dict[str, float] | None:
    try:
        module = importlib.import_module("bench.email_throughput")
    except ModuleNotFoundError:
        return None
    runner = getattr(module, "run_email_benchmark", None)
    return None if runner is None else dict(await runner(count))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--companies", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--emails", type=int, default=200)
    args = parser.parse_args()
    base = os.environ.get("BIURKO_BENCH_DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        sys.exit("Set BIURKO_BENCH_DATABASE_URL to a PostgreSQL URL.")
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        url = databases.create_postgres_database(base, f"biurko_bench_{uuid.uuid4().hex[:8]}")
        try:
            results = asyncio.run(measure(url, Path(tmp), args))
        finally:
            databases.drop_postgres_database(url)
    ratio = statistics.median(s / r for s, r in results)
    print(
        f"recipient rows + enqueue through the service vs one executemany: median ratio "
        f"{ratio:.2f} (goal <= {GOAL:g}): {'PASS' if ratio <= GOAL else 'FAIL'}"
    )
    if args.emails > 0:
        numbers = asyncio.run(email_half(args.emails))
        if numbers is None:
            print("e-mail throughput: bench/email_throughput.py not present (skipped)")
        else:
            print("e-mail throughput:", ", ".join(f"{k} {v:.2f}" for k, v in numbers.items()))


if __name__ == "__main__":
    main()
