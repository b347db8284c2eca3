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
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from pydantic import SecretStr

from bench.cpu import CpuSeconds, cpu_probe
from bench.sync_ingest_data import (
    MONTHS,
    copy_into_entries,
    copy_reference,
    copy_rows,
    month_part,
    nips,
)
from bench.sync_ingest_probes import CLOCKS, gc_probe, hooks
from bootstrap import Services
from persistence.models import Company, Entry, Office
from settings import Settings
from sync.agent.batching import FilePart, PlannedBatch, plan_batches
from sync.agent.formats.base import Extract
from sync.schemas import CompanyRecord
from tasks.inprocess_queue import InProcessQueue
from tests.support import databases
from tests.support.services import running_services
from tests.support.sync import api_client

GOAL_RATIO = 0.25


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
    cpu: CpuSeconds = field(default_factory=CpuSeconds)

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
    with gc_probe() as probe, cpu_probe() as cpu:
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
        cpu,
    )


# --- the run --------------------------------------------------------------------------------


@dataclass
class Round:
    first: Send
    again: Send
    copy_seconds: float
    copy_cpu: CpuSeconds
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
            copy_plain, copy_cpu = await copy_reference(url, rows, indexed=False)
            copy_indexed, _ = await copy_reference(url, rows, indexed=True)
            copy_entries = await copy_into_entries(url, rows, office.id)
            result = Round(first, again, copy_plain, copy_cpu, copy_indexed, copy_entries)
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
    print(f"reference COPY (plain table) CPU: {result.copy_cpu.line()}")
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
        print(f"            CPU: {send_result.cpu.line()}; {_bound(send_result, copy_rate)}")
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


def _bound(result: Send, copy_rate: float) -> str:
    """The fastest this work could finish on this machine's cores, and the ratio that allows.

    The Python part runs under one GIL, so it cannot take less wall time than its CPU time;
    all of it together cannot take less than its CPU time spread over every core."""
    cores = os.cpu_count() or 1
    floor = max(result.cpu.total / cores, result.cpu.python)
    return (
        f"on {cores} cores at least {floor:.2f} s, "
        f"so a ratio of at most {result.records / floor / copy_rate:.3f} here"
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
