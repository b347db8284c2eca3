"""Statement PDF content without I/O: scopes, file names, the content hash, the document."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from domain.companies.model import CompanyData, CompanyDetails, TaxForm, VatPeriod
from domain.deadlines import ZusPayerDeadline
from domain.entries.model import StatementValues
from domain.errors import NotFound
from domain.events import DomainEvent
from domain.identifiers import IdentifierType
from domain.portal.statement_document import (
    Scope,
    Snapshot,
    build_document,
    data_hash,
    pdf_filename,
    signed_amount,
)
from domain.portal.statement_pdf import StatementPdfReady

DATA = CompanyData(
    name="Zakład Łąka Żółć sp. z o.o.",
    prefix="",
    identifier_type=IdentifierType.NIP,
    identifier="5261040828",
    regon="",
    address="ul. Źródlana 5, 90-001 Łódź",
    email="",
    phone="",
    tax_form=TaxForm.SKALA,
    vat_period=VatPeriod.MONTHLY,
    zus_payer=ZusPayerDeadline.DAY_20,
    zus_account="",
    bank_accounts=(),
    invoice_module=False,
    internal_note="",
)
COMPANY = CompanyDetails(1, 1, True, DATA, datetime(2026, 1, 1, tzinfo=UTC))
ROWS = (
    StatementValues("2026-09", Decimal("10000.00"), Decimal("4000.50"), "Komplet."),
    StatementValues("2026-10", Decimal("1200.00"), Decimal("3400.25"), ""),
)


def snapshot(**changes: object) -> Snapshot:
    base = Snapshot(Scope(2026), ROWS, COMPANY, "Biuro Ślęża", "abc")
    return replace(base, **changes)  # type: ignore[arg-type]


def test_scopes_parse_and_pick_their_rows() -> None:
    assert Scope.parse("2026") == Scope(2026) and str(Scope.parse("2026-10")) == "2026-10"
    assert Scope.parse("2026-10").rows(list(ROWS)) == [ROWS[1]]
    assert Scope.parse("2026").rows(list(ROWS)) == list(ROWS)
    for wrong in ("2026-13", "2026-1", "26", "2026-10/../x", ""):
        with pytest.raises(NotFound):
            Scope.parse(wrong)


def test_file_names_are_plain_ascii() -> None:
    assert pdf_filename(Scope(2026, 10), DATA.name) == (
        "zestawienie-2026-10-zaklad-laka-zolc-sp-z-o-o.pdf"
    )
    assert pdf_filename("2026", "„Ćma” & Syn") == "zestawienie-2026-cma-syn.pdf"
    assert pdf_filename("2026", "中文") == "zestawienie-2026-firma.pdf"


def test_the_hash_follows_everything_the_pdf_shows() -> None:
    base = data_hash(snapshot())
    assert data_hash(snapshot()) == base
    changed_company = replace(COMPANY, data=replace(DATA, address="ul. Nowa 1"))
    for other in (
        snapshot(office_name="Biuro Inne"),
        snapshot(logo_version="def"),
        snapshot(company=changed_company),
        snapshot(rows=(ROWS[0], replace(ROWS[1], comment="Nowy"))),
        snapshot(scope=Scope(2026, 10), rows=(ROWS[1],)),
    ):
        assert data_hash(other) != base


def test_the_document_is_formatted_in_polish() -> None:
    now = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
    year = build_document(snapshot(), None, now)
    assert year.title == "Zestawienie za rok 2026"
    assert year.company_identifier == "NIP 526-104-08-28"
    assert [line.label for line in year.lines] == ["wrzesień", "październik"]
    assert year.lines[1].result == "\u22122\u00a0200,25" and year.lines[1].negative
    assert year.totals is not None and year.totals.result == "3\u00a0799,25"
    assert year.summary == "Wynik za rok 2026: 3\u00a0799,25\u00a0zł (zysk)"
    assert year.generated == "Wygenerowano 18.11.2026 10:00"
    month = build_document(snapshot(scope=Scope(2026, 10), rows=(ROWS[1],)), None, now)
    assert month.title == "Zestawienie za październik 2026" and month.totals is None
    assert month.summary_negative and month.summary.endswith("(strata)")
    assert signed_amount(Decimal("0")) == "0,00"
    with pytest.raises(NotFound):
        build_document(snapshot(rows=()), None, now)


def test_the_ready_event_survives_the_redis_bus_encoding() -> None:
    event = StatementPdfReady(office_id=1, company_id=2, pdf_id=3, status="ready")
    assert DomainEvent.from_json(event.to_json()) == event


def test_the_pdf_stack_is_installed() -> None:
    """borb, fonttools and pypdfium2 come from uv.lock; DejaVu Sans from Debian's
    fonts-dejavu-core (installed by .ci/setup)."""
    import borb.pdf  # noqa: F401
    import fontTools.subset  # noqa: F401
    import pypdfium2  # noqa: F401

    from tasks.pdf_fonts import BOLD, REGULAR

    for font in (REGULAR, BOLD):
        assert font.is_file(), f"{font} is missing: apt-get install fonts-dejavu-core"
