"""The data of ``bench.sync_ingest`` and its reference, the machine's COPY rate.

A year of monthly exports for N companies (one ZUS record, three taxes and a statement per
company and month) as the agent's ``FilePart``s, the rows the first send inserts (as the
``entries`` table holds them), and the timed COPYs of those rows: into a scratch table with the
entries table's columns only (the reference), with its indexes, and into ``entries`` itself.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from bench.cpu import CpuSeconds, cpu_probe
from domain.entries.model import encode_values
from domain.entries.parsing import parse_statement, parse_tax, parse_zus
from domain.identifiers import generate_valid_nip
from sync.agent.batching import FilePart
from sync.agent.formats.base import Extract
from sync.schemas import CompanyRef, StatementRecord, TaxRecord, ZusRecord

YEAR = 2025
MONTHS = 12
TAX_KINDS = ("vat", "pit_liniowy", "pit_4r")
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


# --- the reference: COPY ----------------------------------------------------------------------


def _dsn(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(("postgresql", parts.netloc, parts.path, parts.query, ""))


async def copy_reference(
    url: str, rows: list[tuple[Any, ...]], indexed: bool
) -> tuple[float, CpuSeconds]:
    """Seconds and CPU of the COPY into a scratch table (with the entries indexes or without)."""
    connection = await asyncpg.connect(_dsn(url))
    try:
        await connection.execute("DROP TABLE IF EXISTS bench_copy")
        like = "LIKE entries INCLUDING DEFAULTS" + (" INCLUDING INDEXES" if indexed else "")
        await connection.execute(f"CREATE TABLE bench_copy ({like})")
        with cpu_probe() as cpu:
            started = time.perf_counter()
            async with connection.transaction():
                await connection.copy_records_to_table(
                    "bench_copy", records=rows, columns=list(ENTRY_COLUMNS)
                )
            seconds = time.perf_counter() - started
        await connection.execute("DROP TABLE bench_copy")
        return seconds, cpu
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
