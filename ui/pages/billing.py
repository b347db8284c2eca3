"""Rozliczenia: what the office pays Biurko each month, per company, with a CSV download."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

from domain.actors import Actor
from domain.billing import MonthBill
from domain.errors import PermissionDenied
from domain.formatting import format_amount, format_money, format_month
from domain.services import ServicesLike
from ui.frames import office_frame
from ui.i18n import N_, _
from ui.session import actor_of
from ui.theme import empty_state, status_chip

ADMIN_ONLY = N_("Tę stronę widzi tylko administrator biura.")


def register(services: ServicesLike) -> None:
    @ui.page("/biuro/rozliczenia")
    async def billing_page(request: Request) -> RedirectResponse | None:
        actor = actor_of(request)
        if not actor.is_staff:
            return RedirectResponse("/klient")
        async with office_frame(services, actor, N_("Rozliczenia"), "/biuro/rozliczenia"):
            try:
                bills = await services.billing.history(actor)
            except PermissionDenied:
                ui.label(_(ADMIN_ONLY)).classes("text-gray-600")
                return None
            _billing(services, actor, bills)
        return None


def _month_label(bill: MonthBill, language: str) -> str:
    label = format_month(bill.year, bill.month, language)
    return f"{label} ({_('do tej pory')})" if bill.so_far else label


def _billing(services: ServicesLike, actor: Actor, bills: list[MonthBill]) -> None:
    ui.label(
        _(
            "Płacisz stałą opłatę netto za każdą firmę aktywną dłużej niż 24 godziny w danym "
            "miesiącu. Firmy zawieszone lub usunięte liczą się za czas, gdy były aktywne."
        )
    ).classes("text-gray-600")
    if not bills:
        with ui.card().classes("w-full biurko-card"):
            empty_state(
                "receipt_long",
                _("Nie ma jeszcze czego rozliczać."),
                _("Rozliczenie pojawi się po dodaniu pierwszej firmy w zakładce Firmy."),
            )
        return
    language = actor.language
    by_key = {f"{b.year}-{b.month:02d}": b for b in bills}
    state = {"key": next(iter(by_key))}

    async def download() -> None:
        bill = by_key[state["key"]]
        export = await services.billing.csv_export(actor, bill.year, bill.month)
        ui.download.content(export.content, export.filename, export.media_type)

    def choose(key: str) -> None:
        selector.value = key  # its change handler redraws the month

    def changed(key: str) -> None:
        state["key"] = key
        month_view.refresh()

    with ui.row().classes("w-full items-center gap-3"):
        selector = (
            ui.select(
                {key: _month_label(bill, language) for key, bill in by_key.items()},
                label=_("Miesiąc"),
                value=state["key"],
                on_change=lambda e: changed(e.value),
            )
            .props("outlined dense")
            .classes("w-64")
        )
        ui.space()
        ui.button(_("Pobierz CSV"), icon="download", on_click=download).props("outline")

    @ui.refreshable
    def month_view() -> None:
        _month_details(by_key[state["key"]], language)

    month_view()
    _history(bills, language, choose)


def _stat(label: str, value: str, mark: str) -> None:
    with ui.card().classes("biurko-card flex-1 min-w-[180px] gap-0").props("flat bordered"):
        ui.label(label).classes("text-sm text-gray-500")
        ui.label(value).classes("text-2xl font-semibold biurko-amount text-left").mark(mark)


def _month_details(bill: MonthBill, language: str) -> None:
    with ui.row().classes("w-full gap-3"):
        _stat(_("Płatne firmy"), str(bill.billable_count), "billable-count")
        _stat(_("Opłata za firmę (netto)"), format_money(bill.fee, language), "fee")
        _stat(
            _("Razem netto do tej pory") if bill.so_far else _("Razem netto"),
            format_money(bill.total, language),
            "total",
        )
    with ui.card().classes("w-full biurko-card p-0"):
        if not bill.lines:
            empty_state(
                "event_busy",
                _("W tym miesiącu żadna firma nie była aktywna."),
                _("Za taki miesiąc nic nie płacisz."),
            )
            return
        headers = (
            (_("Firma"), "text-left"),
            (_("Godziny aktywności"), "text-right"),
            (_("Płatna"), "text-left"),
            (_("Opłata netto"), "text-right"),
        )
        with _markup_table(headers):
            for line in bill.lines:
                with ui.element("tr"):
                    with ui.element("td").classes("text-left"):
                        ui.label(line.company_name)
                    with ui.element("td").classes("biurko-amount"):
                        ui.label(format_amount(line.active_hours, language))
                    with ui.element("td"):
                        if line.billable:
                            status_chip(_("tak"), "positive")
                        else:
                            status_chip(_("nie (24 h lub mniej)"), "grey-7")
                    with ui.element("td").classes("biurko-amount"):
                        fee = bill.fee if line.billable else Decimal(0)
                        ui.label(format_money(fee, language))


@contextmanager
def _markup_table(headers: Sequence[tuple[str, str]]) -> Iterator[None]:
    """A dense table of plain elements; yields inside its body."""
    table = ui.element("q-markup-table").props("flat dense separator=horizontal")
    with table.classes("w-full"):
        with ui.element("thead"), ui.element("tr"):
            for text, align in headers:
                with ui.element("th").classes(align):
                    ui.label(text)
        with ui.element("tbody"):
            yield


def _history(bills: list[MonthBill], language: str, choose: Callable[[str], None]) -> None:
    ui.label(_("Wszystkie miesiące")).classes("text-lg font-medium text-gray-800 mt-2")
    headers = (
        (_("Miesiąc"), "text-left"),
        (_("Płatne firmy"), "text-right"),
        (_("Razem netto"), "text-right"),
    )
    with ui.card().classes("w-full biurko-card p-0"), _markup_table(headers):
        for bill in bills:
            key = f"{bill.year}-{bill.month:02d}"
            row = ui.element("tr").classes("cursor-pointer hover:bg-teal-50")
            row.on("click", lambda key=key: choose(key))
            with row:
                with ui.element("td").classes("text-left"):
                    ui.label(_month_label(bill, language))
                with ui.element("td").classes("biurko-amount"):
                    ui.label(str(bill.billable_count))
                with ui.element("td").classes("biurko-amount"):
                    ui.label(format_money(bill.total, language))
