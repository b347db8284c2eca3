"""Benchmark: ingesting a year of data for 2,000 companies through the sync API v1.

One office with 2,000 companies (pushed through the API's ``companies`` section first, timed
separately) and 12 months of data: per company and month one ZUS record, three taxes (vat,
pit_liniowy, pit_4r) and one statement, 120,000 records. The records are packed into batches by
the agent's own planner (``sync.agent.batching.plan_batches``: a batch closes at 5 MB of JSON)
and gzip-compressed like the agent does (``--no-gzip`` to send plain JSON). Each batch is POSTed
to the real FastAPI app (``sync.api``, mounted at ``/api`` as main.py does) through httpx's
``ASGITransport`` (in-process, no socket) and processed by the real job (``sync.ingest_batch`` on
the in-process queue). Like the agent, the benchmark waits for a batch to be done before it sends
the next one (``--pipelined`` sends all batches first, then waits).

Measured end to end (first POST started -> last batch done), twice:

1. first send: every record is new (120,000 inserts);
2. re-send of the same data under new batch ids (the agent's ``-r1`` ids): all unchanged.

The reference is the machine's limit: the same rows (the columns of the ``entries`` table)
written with asyncpg's ``copy_records_to_table`` into a scratch table in the same database and
the same run. The scratch table has the entries table's columns and defaults only (no indexes,
no constraints): the strictest reference, used for the ratios and the goal. The copy into a
scratch table with the entries table's indexes is printed next to it for information, and so is
the copy into ``entries`` itself (indexes and the company foreign key; rolled back): the floor
of the first send's writes.

Goal (from the issue): ingestion reaches at least a quarter of the raw copy rate (ratio >= 0.25),
and the re-send (all unchanged) is at least as fast as the first send. The benchmark prints both
rates, both ratios and PASS/FAIL per goal, and where the time goes: HTTP (validation and the
canonical JSON, storing the batch, the rest), the job (loading the payload, parsing, comparing,
DB reads, DB writes, commit) and the time spent in the cyclic garbage collector. The breakdown
comes from timing wrappers the benchmark puts around those functions.

    BIURKO_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python -m bench.sync_ingest

Options: ``--rounds N`` repeats the whole measurement (the entries are emptied between rounds)
and prints the range; ``--companies N`` changes the office size. It creates a private database
next to the given one and drops it at the end. PostgreSQL only: the reference is COPY.
Timings are machine-dependent (and sensitive to other load): tests never assert them.
"""  # noqa: E501 - the command line above is meant to be copied whole

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import gzip
import logging
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
from pydantic import SecretStr

from bootstrap import Services
from domain.entries.model import encode_values
from domain.entries.parsing import parse_statement, parse_tax, parse_zus
from domain.identifiers import generate_valid_nip
from persistence.models import Company, Entry, Office
from settings import Settings
from sync.agent.batching import FilePart, PlannedBatch, plan_batches
from sync.agent.formats.base import Extract
from sync.schemas import CompanyRecord, CompanyRef, StatementRecord, TaxRecord, ZusRecord
from tasks.inprocess_queue import InProcessQueue
from tests.support import databases
from tests.support.services import running_services
from tests.support.sync import api_client

YEAR = 2025
MONTHS = 12
TAX_KINDS = ("vat", "pit_liniowy", "pit_4r")
GOAL_RATIO = 0.25
ENTRY_COLUMNS = (
    "id",
    "company_id",
    "office_id",
    "data_type",
    "natural_key",
    "period",
    "year",
    "values_json",
    "sent_json",
    "waiting",
    "source",
    "batch_ref",
    "sent_at",
    "sent_by_id",
    "sent_by_name",
    "created_at",
    "updated_at",
)


# --- timing hooks ---------------------------------------------------------------------------


@dataclass
class Clocks:
    """Inclusive wall time per hook; the report derives exclusive times from them."""

    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    calls: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def reset(self) -> None:
        self.seconds.clear()
        self.calls.clear()

    def __getitem__(self, name: str) -> float:
        return self.seconds.get(name, 0.0)


CLOCKS = Clocks()


class GcProbe:
    """Time spent in the cyclic garbage collector (all generations, and full collections)."""

    def __init__(self) -> None:
        self.seconds = self.full_seconds = 0.0
        self.full = 0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        took = time.perf_counter() - self._started
        self.seconds += took
        if info.get("generation") == 2:
            self.full += 1
            self.full_seconds += took


@contextlib.contextmanager
def gc_probe() -> Iterator[GcProbe]:
    probe = GcProbe()
    gc.callbacks.append(probe)
    try:
        yield probe
    finally:
        gc.callbacks.remove(probe)


def _hook(owner: Any, name: str, bucket: str) -> Callable[[], None]:
    """Wrap ``owner.name`` (sync or async function) to add its wall time to ``bucket``."""
    original = owner.__dict__.get(name) if isinstance(owner, type) else getattr(owner, name, None)
    if original is None:
        return lambda: None
    function = original.__func__ if isinstance(original, staticmethod | classmethod) else original

    if asyncio.iscoroutinefunction(function):

        async def timed_async(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await function(*args, **kwargs)
            finally:
                CLOCKS.seconds[bucket] += time.perf_counter() - started
                CLOCKS.calls[bucket] += 1

        wrapper: Any = timed_async
    else:

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                CLOCKS.seconds[bucket] += time.perf_counter() - started
                CLOCKS.calls[bucket] += 1

        wrapper = timed
    if isinstance(original, staticmethod):
        wrapper = staticmethod(wrapper)
    setattr(owner, name, wrapper)
    return lambda: setattr(owner, name, original)


@contextlib.contextmanager
def hooks() -> Iterator[None]:
    from tortoise.backends.asyncpg.client import TransactionWrapper

    import domain.sync.batches as batches
    import domain.sync.ingest as ingest
    import persistence.repositories.ingest_unit as unit
    import persistence.repositories.sync as repo
    import sync.api as api

    undo = [
        _hook(api, "_parse", "api.validate"),
        _hook(batches.SyncBatchService, "submit", "api.store"),
        _hook(batches.SyncBatchService, "ingest", "job"),
        _hook(batches.SyncBatchService, "_announce", "job.announce"),
        _hook(repo.SyncBatchRepo, "payload", "job.payload"),
        _hook(ingest.Ingestion, "run", "job.run"),
        _hook(ingest.Ingestion, "_entries", "job.entries"),
        _hook(ingest.Ingestion, "_apply", "job.apply"),
        _hook(unit.IngestUnitRepo, "companies", "db.companies"),
        _hook(unit.IngestUnitRepo, "stored_entries", "db.read"),
        _hook(unit.IngestUnitRepo, "insert_entries", "db.insert"),
        _hook(unit.IngestUnitRepo, "update_entries", "db.update"),
        _hook(unit.IngestUnitRepo, "finish", "db.finish"),
        _hook(TransactionWrapper, "commit", "db.commit"),
    ]
    try:
        yield
    finally:
        for restore in reversed(undo):
            restore()


# --- data -----------------------------------------------------------------------------------


def nips(companies: int) -> list[str]:
    return [generate_valid_nip(880_000 + i) for i in range(companies)]


def money(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def month_part(nip_list: list[str], month: int) -> FilePart:
    """One monthly export of every company: ZUS, three taxes and a statement each."""
    period = f"{YEAR}-{month:02d}"
    extract = Extract(format_name="bench", program="Bench Program")
    for n, nip in enumerate(nip_list):
        ref = CompanyRef(nip=nip)
        social = 140_000 + (n * 37 + month * 11) % 20_000
        health = 38_000 + (n * 13 + month) % 9_000
        labour = 9_000 + n % 1_000
        split = {}
        if n % 4 == 0:
            pension, disability, accident = social // 2, social // 5, social // 50
            sickness = social - pension - disability - accident
            split = {
                "pension": money(pension),
                "disability": money(disability),
                "sickness": money(sickness),
                "accident": money(accident),
            }
        extract.zus.append(
            ZusRecord(
                company=ref,
                period=period,
                social=money(social),
                health=money(health),
                labour_fund=money(labour),
                total=money(social + health + labour),
                **split,  # type: ignore[arg-type]
            )
        )
        for k, kind in enumerate(TAX_KINDS):
            extract.taxes.append(
                TaxRecord(
                    company=ref,
                    kind=kind,  # type: ignore[arg-type]
                    period=period,
                    amount=money(10_000 + (n * 101 + month * 7 + k * 1_000) % 900_000),
                )
            )
        extract.statements.append(
            StatementRecord(
                company=ref,
                period=period,
                revenue=money(1_000_000 + (n * 7_919 + month * 131) % 5_000_000),
                costs=money(400_000 + (n * 4_513 + month * 17) % 3_000_000),
                comment="Korekta kosztów" if (n + month) % 10 == 0 else None,
            )
        )
    return FilePart(Path(f"bench-{period}.csv"), f"digest-{period}", extract)


def copy_rows(
    parts: list[FilePart], company_ids: dict[str, int], office_id: int
) -> list[tuple[Any, ...]]:
    """The rows the first send inserts, as the entries table holds them."""
    now = datetime.now(UTC)
    rows: list[tuple[Any, ...]] = []
    parsers = (("zus", parse_zus), ("taxes", parse_tax), ("statements", parse_statement))
    for part in parts:
        for section, parse in parsers:
            for record in getattr(part.extract, section):
                raw = record.model_dump(mode="json", exclude_none=True)
                values = parse(raw)
                rows.append(
                    (
                        len(rows) + 1,
                        company_ids[raw["company"]["nip"]],
                        office_id,
                        str(values.data_type),
                        values.natural_key(),
                        values.period,
                        int(values.period[:4]),
                        encode_values(values),
                        None,
                        True,
                        "sync",
                        "ag-bench-reference-batch",
                        None,
                        None,
                        "",
                        now,
                        now,
                    )
                )
    return rows


# --- one send -------------------------------------------------------------------------------


@dataclass
class Send:
    label: str
    records: int
    seconds: float
    http_seconds: float
    wait_seconds: float
    clocks: dict[str, float]
    summary: dict[str, dict[str, int]]
    errors: int
    statuses: list[str]
    gc_line: str = ""

    @property
    def rate(self) -> float:
        return self.records / self.seconds


def plain_bodies(batches: list[PlannedBatch]) -> list[tuple[str, bytes]]:
    """(batch id, JSON body) as the agent sends them."""
    return [(planned.batch_id, planned.body()) for planned in batches]


def prepare(
    plain: list[tuple[str, bytes]], compress: bool, suffix: str = ""
) -> list[tuple[str, bytes, bool]]:
    """The bodies to POST: gzip like the agent, under new ids when ``suffix`` is given."""
    out = []
    for batch_id, body in plain:
        if suffix:
            new_id = f"{batch_id}-{suffix}"
            body = body.replace(
                f'"batch_id":"{batch_id}"'.encode(), f'"batch_id":"{new_id}"'.encode(), 1
            )
            batch_id = new_id
        out.append((batch_id, gzip.compress(body, mtime=0) if compress else body, compress))
    return out


async def send(
    label: str,
    services: Services,
    client: httpx.AsyncClient,
    token: str,
    prepared: list[tuple[str, bytes, bool]],
    records: int,
    pipelined: bool,
) -> Send:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    jobs = services.jobs
    assert isinstance(jobs, InProcessQueue)  # no Redis URL: the jobs run in this process
    CLOCKS.reset()
    http = wait = 0.0
    started = time.perf_counter()
    with gc_probe() as probe:
        for _, body, compressed in prepared:
            extra = {"Content-Encoding": "gzip"} if compressed else {}
            posted = time.perf_counter()
            response = await client.post("/sync/v1/batches", content=body, headers=headers | extra)
            http += time.perf_counter() - posted
            if response.status_code != 202:
                raise SystemExit(f"{label}: POST answered {response.status_code}: {response.text}")
            if not pipelined:
                waited = time.perf_counter()
                await jobs.idle(600)
                wait += time.perf_counter() - waited
        if pipelined:
            waited = time.perf_counter()
            await jobs.idle(600)
            wait += time.perf_counter() - waited
        seconds = time.perf_counter() - started
    gc_line = (
        f"{probe.seconds:.3f} s in the cyclic GC, {probe.full} full collections "
        f"({probe.full_seconds:.3f} s)"
    )
    clocks = dict(CLOCKS.seconds)
    summary: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    statuses, errors = [], 0
    for batch_id, _, _ in prepared:
        answer = await client.get(f"/sync/v1/batches/{batch_id}", headers=headers)
        state = answer.json()
        statuses.append(state["status"])
        errors += len(state.get("errors") or [])
        for section, counts in (state.get("summary") or {}).items():
            for name, count in counts.items():
                summary[section][name] += count
    return Send(
        label,
        records,
        seconds,
        http,
        wait,
        clocks,
        {k: dict(v) for k, v in summary.items()},
        errors,
        statuses,
        gc_line,
    )


# --- the reference: COPY ----------------------------------------------------------------------


def _dsn(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(("postgresql", parts.netloc, parts.path, parts.query, ""))


async def copy_reference(url: str, rows: list[tuple[Any, ...]], indexed: bool) -> float:
    connection = await asyncpg.connect(_dsn(url))
    try:
        await connection.execute("DROP TABLE IF EXISTS bench_copy")
        like = "LIKE entries INCLUDING DEFAULTS" + (" INCLUDING INDEXES" if indexed else "")
        await connection.execute(f"CREATE TABLE bench_copy ({like})")
        started = time.perf_counter()
        async with connection.transaction():
            await connection.copy_records_to_table(
                "bench_copy", records=rows, columns=list(ENTRY_COLUMNS)
            )
        seconds = time.perf_counter() - started
        await connection.execute("DROP TABLE bench_copy")
        return seconds
    finally:
        await connection.close()


async def copy_into_entries(url: str, rows: list[tuple[Any, ...]], office_id: int) -> float:
    """For information: the same rows COPYed into the real ``entries`` table (its indexes and
    the company foreign key), after the office's entries are deleted (not timed); rolled back."""
    connection = await asyncpg.connect(_dsn(url))
    try:
        transaction = connection.transaction()
        await transaction.start()
        await connection.execute("DELETE FROM entries WHERE office_id = $1", office_id)
        started = time.perf_counter()
        await connection.copy_records_to_table(
            "entries", records=[row[1:] for row in rows], columns=list(ENTRY_COLUMNS[1:])
        )
        seconds = time.perf_counter() - started
        await transaction.rollback()
        return seconds
    finally:
        await connection.close()


# --- the run --------------------------------------------------------------------------------


@dataclass
class Round:
    first: Send
    again: Send
    copy_seconds: float
    copy_indexed_seconds: float
    copy_entries_seconds: float


async def measure(url: str, data_dir: Path, args: argparse.Namespace) -> list[Round]:
    settings = Settings(
        database_url=url, data_dir=data_dir, secret_key=SecretStr("b" * 48), demo_data=False
    )
    nip_list = nips(args.companies)
    async with running_services(settings) as services, api_client(services) as client:
        office = await Office.create(name="Biuro Bench Sync")
        token = (await services.sync_tokens.create_for_office(office.id, "bench")).token
        started = time.perf_counter()
        companies = [CompanyRecord(name=f"Firma {n}", nip=nip) for n, nip in enumerate(nip_list)]
        extract = Extract(format_name="bench", companies=companies, explicit_nips=set(nip_list))
        [planned] = plan_batches(
            [FilePart(Path("firmy.csv"), "firmy", extract)], known_companies={}, retries={}
        )
        companies_send = await send(
            "companies",
            services,
            client,
            token,
            prepare(plain_bodies([planned]), True),
            len(companies),
            False,
        )
        print(
            f"companies: {len(companies)} pushed through the API in "
            f"{time.perf_counter() - started:.1f} s "
            f"(summary {companies_send.summary.get('companies')})"
        )
        del companies, extract, planned
        company_ids = {
            row[1]: row[0]
            for row in await Company.filter(office_id=office.id).values_list("id", "identifier")
        }
        started = time.perf_counter()
        parts = [month_part(nip_list, month) for month in range(1, MONTHS + 1)]
        known = {nip: f"Firma {n}" for n, nip in enumerate(nip_list)}
        first_batches = plan_batches(parts, known_companies=known, retries={})
        again_batches = plan_batches(
            parts, known_companies=known, retries={b.content: 1 for b in first_batches}
        )
        records = sum(b.record_count() for b in first_batches)
        rows = copy_rows(parts, company_ids, office.id)
        first_plain = plain_bodies(first_batches)
        again_plain = plain_bodies(again_batches)
        count = len(first_batches)
        # Only bytes stay: the benchmark's own objects must not weigh on the server's GC.
        del parts, first_batches, again_batches
        gc.collect()
        sizes = [len(body) for _, body in first_plain]
        print(
            f"data: {records} records in {count} batches of "
            f"{min(sizes) / 1e6:.2f}-{max(sizes) / 1e6:.2f} MB JSON "
            f"({'gzip' if not args.no_gzip else 'plain'}, "
            f"{'pipelined' if args.pipelined else 'one batch at a time'}); "
            f"prepared in {time.perf_counter() - started:.1f} s"
        )
        assert len(rows) == records
        results = []
        for round_number in range(1, args.rounds + 1):
            suffix = f"x{round_number}" if round_number > 1 else ""
            if round_number > 1:
                await Entry.filter(office_id=office.id).delete()
            first_bodies = prepare(first_plain, not args.no_gzip, suffix)
            again_bodies = prepare(again_plain, not args.no_gzip, suffix)
            gc.collect()
            with hooks():
                first = await send(
                    "first send", services, client, token, first_bodies, records, args.pipelined
                )
                gc.collect()
                again = await send(
                    "re-send", services, client, token, again_bodies, records, args.pipelined
                )
            copy_plain = await copy_reference(url, rows, indexed=False)
            copy_indexed = await copy_reference(url, rows, indexed=True)
            copy_entries = await copy_into_entries(url, rows, office.id)
            result = Round(first, again, copy_plain, copy_indexed, copy_entries)
            results.append(result)
            report_round(round_number, result)
        return results


# --- report ---------------------------------------------------------------------------------


def breakdown(result: Send) -> list[tuple[str, float]]:
    c = result.clocks
    job_parts = {
        "load (status, payload, gunzip, JSON)": c.get("job", 0.0)
        - c.get("job.run", 0.0)
        - c.get("db.finish", 0.0)
        - c.get("db.commit", 0.0)
        - c.get("job.announce", 0.0),
        "companies (DB read, index)": c.get("job.run", 0.0) - c.get("job.entries", 0.0),
        "parsing (records -> values)": c.get("job.entries", 0.0) - c.get("job.apply", 0.0),
        "compare + encode": c.get("job.apply", 0.0)
        - c.get("db.read", 0.0)
        - c.get("db.insert", 0.0)
        - c.get("db.update", 0.0),
        "DB reads (stored entries)": c.get("db.read", 0.0),
        "DB writes (insert + update)": c.get("db.insert", 0.0) + c.get("db.update", 0.0),
        "finish (batch status) + COMMIT": c.get("db.finish", 0.0) + c.get("db.commit", 0.0),
        "events, auto-sent": c.get("job.announce", 0.0),
    }
    http_parts = {
        "HTTP: validate + canonical JSON": c.get("api.validate", 0.0),
        "HTTP: store batch (hash, zlib, INSERT)": c.get("api.store", 0.0),
        "HTTP: rest (auth, body, gunzip)": result.http_seconds
        - c.get("api.validate", 0.0)
        - c.get("api.store", 0.0),
    }
    return [
        *http_parts.items(),
        *job_parts.items(),
        ("queue, waiting, status", result.seconds - result.http_seconds - c.get("job", 0.0)),
    ]


def report_round(number: int, result: Round) -> None:
    records = result.first.records
    copy_rate = records / result.copy_seconds
    copy_indexed_rate = records / result.copy_indexed_seconds
    copy_entries_rate = records / result.copy_entries_seconds
    print(f"\n== round {number}")
    print(
        f"reference COPY: {copy_rate:,.0f} rows/s plain table ({result.copy_seconds:.2f} s); "
        f"{copy_indexed_rate:,.0f} rows/s with the entries indexes "
        f"({result.copy_indexed_seconds:.2f} s); into entries itself (+ foreign key) "
        f"{copy_entries_rate:,.0f} rows/s ({result.copy_entries_seconds:.2f} s)"
    )
    for send_result in (result.first, result.again):
        ok = all(s == "done" for s in send_result.statuses)
        print(
            f"{send_result.label:>10}: {send_result.rate:,.0f} records/s "
            f"({send_result.seconds:.2f} s), ratio {send_result.rate / copy_rate:.3f} "
            f"(vs indexed COPY {send_result.rate / copy_indexed_rate:.3f}, "
            f"vs COPY into entries {send_result.rate / copy_entries_rate:.3f}); "
            f"batches {'all done' if ok else send_result.statuses}; "
            f"summary {_short(send_result.summary)}; errors {send_result.errors}"
        )
        for name, seconds in breakdown(send_result):
            share = seconds / send_result.seconds * 100
            print(f"            {name:<40} {seconds:7.3f} s {share:5.1f} %")
        print(f"            (of all that: {send_result.gc_line})")
    first, again = result.first, result.again
    counts_ok = (
        sum(first.summary.get(s, {}).get("created", 0) for s in ("zus", "taxes", "statements"))
        == records
        and sum(
            again.summary.get(s, {}).get("unchanged", 0) for s in ("zus", "taxes", "statements")
        )
        == records
        and first.errors == again.errors == 0
    )
    print(f"counts (all created, then all unchanged, no errors): {'PASS' if counts_ok else 'FAIL'}")
    print(
        f"goal ratio >= {GOAL_RATIO}: first {_verdict(first.rate / copy_rate >= GOAL_RATIO)}, "
        f"re-send {_verdict(again.rate / copy_rate >= GOAL_RATIO)}"
    )
    print(f"goal re-send >= first send: {_verdict(again.rate >= first.rate)}")


def _short(summary: dict[str, dict[str, int]]) -> str:
    return (
        ", ".join(
            f"{section} "
            + "/".join(
                str(counts.get(k, 0)) for k in ("created", "updated", "unchanged", "rejected")
            )
            for section, counts in sorted(summary.items())
            if section != "companies"
        )
        + " (created/updated/unchanged/rejected)"
    )


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report_all(results: list[Round]) -> None:
    if len(results) < 2:
        return
    print(f"\n== {len(results)} rounds: min-median-max")

    def line(name: str, values: list[float], spec: str) -> None:
        low, middle, high = min(values), statistics.median(values), max(values)
        print(f"{name:<28} {low:>10{spec}} {middle:>10{spec}} {high:>10{spec}}")

    line("COPY rows/s (plain table)", [r.first.records / r.copy_seconds for r in results], ",.0f")
    line("first send records/s", [r.first.rate for r in results], ",.0f")
    line("re-send records/s", [r.again.rate for r in results], ",.0f")
    line(
        "first send ratio",
        [r.first.rate * r.copy_seconds / r.first.records for r in results],
        ".3f",
    )
    line("re-send ratio", [r.again.rate * r.copy_seconds / r.again.records for r in results], ".3f")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--companies", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--no-gzip", action="store_true")
    parser.add_argument("--pipelined", action="store_true")
    args = parser.parse_args()
    base = os.environ.get("BIURKO_BENCH_DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        sys.exit("Set BIURKO_BENCH_DATABASE_URL to a PostgreSQL URL (the reference is COPY).")
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        url = databases.create_postgres_database(base, f"biurko_bench_{uuid.uuid4().hex[:8]}")
        try:
            results = asyncio.run(measure(url, Path(tmp), args))
        finally:
            databases.drop_postgres_database(url)
    report_all(results)


if __name__ == "__main__":
    main()
