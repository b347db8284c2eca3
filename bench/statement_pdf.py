"""Benchmark: statement PDFs, Biurko's pipeline against the naive borb way, in the same run.

    .venv/bin/python -m bench.statement_pdf [--runs 5] [--naive-runs 2] [--out DIR]

Two documents, built by ``domain.portal.statement_document.build_document`` like the job
builds them: one month and twelve months (with a comment per month, a loss in some months and
an office logo). Each is rendered

1. by the pipeline (``tasks.pdf_borb.BorbStatementRenderer``): DejaVu Sans (regular + bold)
   subset with fonttools to a fixed Polish + Latin set, subset and loaded once per process;
2. naively, with the very same layout: the whole DejaVu Sans files, loaded anew for every
   document (``BorbStatementRenderer(subset=False)``).

Printed: the median time and the size of each, the ratios (naive / pipeline), the one-time cost
of preparing the fonts in a fresh process (and the first document including it), and PASS/FAIL
for the goal: the pipeline at least 5x faster than naive, and every statement under 100 kB.
Timings depend on the machine: tests never assert them.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from PIL import Image

from domain.companies.model import CompanyData, CompanyDetails, TaxForm, VatPeriod
from domain.deadlines import ZusPayerDeadline
from domain.entries.model import StatementValues
from domain.identifiers import IdentifierType
from domain.portal.statement_document import Scope, Snapshot, StatementDocument, build_document
from tasks.pdf_borb import BorbStatementRenderer
from tasks.pdf_fonts import subset_fonts

SPEED_GOAL = 5.0
SIZE_GOAL = 100 * 1024
COMMENTS = ("Brakuje faktury za prąd – doślij ją do 10.", "Koszty zawierają zakup pieca.", "")


def _logo() -> bytes:
    image = Image.new("RGBA", (480, 160), (255, 255, 255, 0))
    image.paste((15, 118, 110, 255), (0, 20, 140, 140))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def documents() -> dict[str, StatementDocument]:
    data = CompanyData(
        name="Piekarnia Złoty Kłos sp. z o.o.",
        prefix="PZK",
        identifier_type=IdentifierType.NIP,
        identifier="5261040828",
        regon="",
        address="ul. Żółkiewskiego 12/3, 90-001 Łódź",
        email="",
        phone="",
        tax_form=TaxForm.CIT,
        vat_period=VatPeriod.MONTHLY,
        zus_payer=ZusPayerDeadline.DAY_15,
        zus_account="",
        bank_accounts=(),
        invoice_module=False,
        internal_note="",
    )
    company = CompanyDetails(1, 1, True, data, datetime(2026, 1, 1, tzinfo=UTC))
    rows = tuple(
        StatementValues(
            f"2026-{month:02d}",
            Decimal(48_000 + month * 2_311).quantize(Decimal("0.01")) + Decimal("0.37"),
            Decimal(41_000 + month * 2_977).quantize(Decimal("0.01")) + Decimal("0.12"),
            COMMENTS[month % 3],
        )
        for month in range(1, 13)
    )
    now = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
    office = "Biuro Rachunkowe Ślęża"
    logo = _logo()
    month = Snapshot(Scope(2026, 10), rows[9:10], company, office, "v1")
    year = Snapshot(Scope(2026), rows, company, office, "v1")
    return {
        "one month": build_document(month, logo, now),
        "twelve months": build_document(year, logo, now),
    }


def _measure(
    renderer: BorbStatementRenderer, document: StatementDocument, runs: int
) -> tuple[float, bytes]:
    times, content = [], b""
    for _ in range(runs):
        started = time.perf_counter()
        content = renderer.render(document)
        times.append(time.perf_counter() - started)
    return statistics.median(times), content


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="pipeline renders per document")
    parser.add_argument("--naive-runs", type=int, default=2, help="naive renders per document")
    parser.add_argument("--out", type=Path, help="write the rendered PDFs into this folder")
    options = parser.parse_args(argv)

    subset_fonts.cache_clear()
    docs = documents()
    pipeline, naive = BorbStatementRenderer(), BorbStatementRenderer(subset=False)
    started = time.perf_counter()
    subset_fonts()
    prepare = time.perf_counter() - started
    started = time.perf_counter()
    pipeline.render(docs["one month"])
    first = time.perf_counter() - started + prepare

    print("Statement PDFs: pipeline (DejaVu subset, fonts cached) vs naive (whole DejaVu, loaded")
    print("per document), same layout, same run.\n")
    print(f"one-time font preparation per process: {prepare:.3f} s")
    print(f"first one-month PDF in a fresh process (incl. preparation): {first:.3f} s\n")
    header = f"{'document':<14} {'pipeline':>10} {'size':>9} {'naive':>9} {'size':>9}"
    print(header + f" {'speed-up':>9} {'size ratio':>10}")
    passed = True
    for name, document in docs.items():
        fast, fast_pdf = _measure(pipeline, document, options.runs)
        slow, slow_pdf = _measure(naive, document, options.naive_runs)
        speedup, shrink = slow / fast, len(slow_pdf) / len(fast_pdf)
        print(
            f"{name:<14} {fast:>9.3f}s {len(fast_pdf) / 1024:>7.1f}kB {slow:>8.3f}s "
            f"{len(slow_pdf) / 1024:>7.1f}kB {speedup:>8.1f}x {shrink:>9.1f}x"
        )
        passed &= speedup >= SPEED_GOAL and len(fast_pdf) < SIZE_GOAL
        if options.out:
            options.out.mkdir(parents=True, exist_ok=True)
            slug = name.replace(" ", "-")
            (options.out / f"{slug}.pdf").write_bytes(fast_pdf)
            (options.out / f"{slug}-naive.pdf").write_bytes(slow_pdf)
    print(f"\ngoal: >= {SPEED_GOAL:.0f}x faster than naive and < {SIZE_GOAL // 1024} kB each")
    print("PASS" if passed else "FAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
