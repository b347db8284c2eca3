"""Statement PDFs end to end: request, render job, cache by content, download, access.

The real renderer (borb with the DejaVu Sans subset) runs in the in-process job queue; the
PDF's text is read back with pypdfium2.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bootstrap import Services
from domain.clock import FixedClock
from domain.entries.approval import DataType
from domain.errors import NotFound
from domain.events import DomainEvent
from domain.portal.statement_pdf import PdfRequest, PdfStatus, StatementPdfReady
from tests.support.companies import NIP_A1, World, company_form, make_world
from tests.support.pdf import pdf_text
from tests.support.services import make_settings, running_services

NAME = "Zakład Łąka Żółć sp. z o.o."
ADDRESS = "ul. Źródlana 5, 90-001 Łódź"
MAX_BYTES = 100 * 1024


@pytest.fixture
async def services(db_url: str, isolated_env: Path) -> AsyncIterator[Services]:
    clock = FixedClock(datetime(2026, 11, 18, 9, 0, tzinfo=UTC))
    async with running_services(make_settings(isolated_env, db_url, demo_data=False), clock) as s:
        yield s


@pytest.fixture
async def world(services: Services) -> World:
    world = await make_world(services)
    form = company_form(NAME, NIP_A1, address=ADDRESS)
    await services.companies.update(world.admin, world.a1, form)
    return world


async def send_statement(
    services: Services, world: World, period: str, revenue: str, costs: str, comment: str = ""
) -> int:
    form = {"period": period, "revenue": revenue, "costs": costs, "comment": comment}
    entry_id = await services.entries.add(world.admin, world.a1, DataType.STATEMENTS, form)
    await services.approval.send(world.admin, [entry_id])
    return entry_id


async def ready_pdf(services: Services, world: World, scope: str) -> PdfRequest:
    """Request, let the job render, request again: the second answer is ready."""
    request = await services.statement_pdfs.request_pdf(world.client_a, world.a1, scope)
    if not request.ready:
        await services.jobs.idle()  # type: ignore[union-attr]
        request = await services.statement_pdfs.request_pdf(world.client_a, world.a1, scope)
    assert request.ready
    return request


async def test_month_pdf_has_polish_text_the_loss_and_the_comment(
    services: Services, world: World
) -> None:
    events: list[DomainEvent] = []
    services.events.subscribe(events.append)
    await send_statement(services, world, "2026-09", "10000", "4000.50", "Komplet faktur.")
    await send_statement(
        services, world, "2026-10", "1200", "3400.25", "Brakuje faktury za prąd – doślij ją."
    )
    first = await services.statement_pdfs.request_pdf(world.client_a, world.a1, "2026-10")
    assert first.status is PdfStatus.PENDING
    assert first.filename == "zestawienie-2026-10-zaklad-laka-zolc-sp-z-o-o.pdf"
    request = await ready_pdf(services, world, "2026-10")
    assert request.pdf_id == first.pdf_id
    assert StatementPdfReady(world.office_a, world.a1, first.pdf_id, "ready") in events

    pdf = await services.statement_pdfs.download(world.client_a, request.pdf_id)
    assert pdf.filename == request.filename
    assert pdf.content.startswith(b"%PDF") and len(pdf.content) < MAX_BYTES
    text = pdf_text(pdf.content)
    for expected in (
        "Biuro Testowe A",
        "Zestawienie za październik 2026",
        NAME,
        "NIP 526-104-08-28",
        ADDRESS,
        "Przychody",
        "Koszty",
        "Wynik",
        "1 200,00",
        "3 400,25",
        "\u22122 200,25",  # the loss, with a real minus sign
        "(strata)",
        "Brakuje faktury za prąd – doślij ją.",
        "Wygenerowano 18.11.2026 10:00",  # Warsaw time
    ):
        assert expected in text, expected
    assert "wrzesień" not in text and "10 000,00" not in text


async def test_year_pdf_lists_the_months_of_that_year_with_totals(
    services: Services, world: World
) -> None:
    await send_statement(services, world, "2025-12", "999", "1")
    await send_statement(services, world, "2026-09", "10000", "4000.50", "Komplet faktur.")
    await send_statement(services, world, "2026-10", "1200", "3400.25")
    request = await ready_pdf(services, world, "2026")
    assert request.filename == "zestawienie-2026-zaklad-laka-zolc-sp-z-o-o.pdf"
    pdf = await services.statement_pdfs.download(world.client_a, request.pdf_id)
    assert len(pdf.content) < MAX_BYTES
    text = pdf_text(pdf.content)
    assert "Zestawienie za rok 2026" in text
    assert "wrzesień" in text and "październik" in text and "grudzień" not in text
    assert "Komplet faktur." in text
    assert "Razem 11 200,00 7 400,75 3 799,25" in text
    assert "Wynik za rok 2026: 3 799,25 zł (zysk)" in text
    assert "\u22122 200,25" in text


async def test_the_cache_keeps_a_file_until_the_office_sends_a_change(
    services: Services, world: World
) -> None:
    entry_id = await send_statement(services, world, "2026-10", "1200", "3400.25")
    first = await ready_pdf(services, world, "2026-10")
    content = (await services.statement_pdfs.download(world.client_a, first.pdf_id)).content
    again = await services.statement_pdfs.request_pdf(world.client_a, world.a1, "2026-10")
    assert again == first
    assert (await services.statement_pdfs.download(world.client_a, first.pdf_id)).content == content

    # Changed but not sent: the client still sees (and gets) the sent values.
    form = {"period": "2026-10", "revenue": "5000", "costs": "3400.25", "comment": ""}
    await services.entries.update(world.admin, entry_id, form)
    assert await services.statement_pdfs.request_pdf(world.client_a, world.a1, "2026-10") == first

    await services.approval.send(world.admin, [entry_id])
    changed = await services.statement_pdfs.request_pdf(world.client_a, world.a1, "2026-10")
    assert changed.status is PdfStatus.PENDING and changed.pdf_id != first.pdf_id
    changed = await ready_pdf(services, world, "2026-10")
    text = pdf_text(
        (await services.statement_pdfs.download(world.client_a, changed.pdf_id)).content
    )
    assert "5 000,00" in text and "1 599,75" in text
    with pytest.raises(NotFound):  # superseded: its file is gone
        await services.statement_pdfs.download(world.client_a, first.pdf_id)

    # The company's data is part of the content too.
    await services.companies.update(
        world.admin, world.a1, company_form(NAME, NIP_A1, address="ul. Nowa 1, 00-001 Warszawa")
    )
    moved = await services.statement_pdfs.request_pdf(world.client_a, world.a1, "2026-10")
    assert moved.pdf_id != changed.pdf_id


async def test_other_companies_and_unknown_periods_are_not_found(
    services: Services, world: World
) -> None:
    await send_statement(services, world, "2026-10", "1200", "3400.25")
    waiting = {"period": "2026-09", "revenue": "1", "costs": "1", "comment": ""}
    await services.entries.add(world.admin, world.a1, DataType.STATEMENTS, waiting)  # not sent
    request = await ready_pdf(services, world, "2026-10")
    with pytest.raises(NotFound):
        await services.statement_pdfs.request_pdf(world.client_b, world.a1, "2026-10")
    with pytest.raises(NotFound):
        await services.statement_pdfs.status(world.client_b, request.pdf_id)
    with pytest.raises(NotFound):
        await services.statement_pdfs.download(world.client_b, request.pdf_id)
    with pytest.raises(NotFound):
        await services.statement_pdfs.download(world.admin_b, request.pdf_id)
    for scope in ("2026-09", "2024", "2026-13", "x"):
        with pytest.raises(NotFound):
            await services.statement_pdfs.request_pdf(world.client_a, world.a1, scope)
    # Office staff of the company's own office may fetch it too.
    staff = await services.statement_pdfs.download(world.admin, request.pdf_id)
    assert staff.content.startswith(b"%PDF")
