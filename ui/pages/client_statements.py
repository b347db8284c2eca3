"""The client's Zestawienia (``/klient/zestawienia``): monthly revenue, costs, result and the
office's comment for one year (a year picker), the year's totals and a chart, and statement
PDFs for a month or the whole year.

A PDF is rendered by a job: the button spins until ``StatementPdfReady`` arrives (or a slow
poll sees it, should the event be lost), then the download starts. The download route
``/klient/zestawienia/pdf/{pdf_id}`` asks the service, which checks the actor: an id alone
opens nothing.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from nicegui import app, ui

from domain.actors import Actor
from domain.entries.model import StatementValues
from domain.errors import NotFound, PermissionDenied
from domain.events import DomainEvent
from domain.formatting import format_amount
from domain.portal.service import StatementYear
from domain.portal.statement_pdf import PdfRequest, PdfStatus, StatementPdfReady
from domain.services import ServicesLike
from ui.components.company_switcher import company_caption
from ui.components.dashboard_results import chart_options
from ui.components.entry_texts import MINUS, period_text
from ui.components.portal_live import follow_company
from ui.frames import client_frame
from ui.i18n import N_, _, current_language
from ui.live import domain_events
from ui.pages.companies import tab_closed
from ui.session import actor_of
from ui.theme import empty_state

PATH = "/klient/zestawienia"
POLL_SECONDS = 4.0
# Month, three amounts and the PDF button; fits 390 px phones without scrolling sideways.
GRID = (
    "display:grid;column-gap:4px;"
    "grid-template-columns:minmax(0,1.15fr) repeat(3,minmax(0,1fr)) 40px"
)
FAILED = N_("Nie udało się przygotować PDF. Spróbuj jeszcze raz.")
STALE = N_("Biuro właśnie zmieniło zestawienie. Pobierz PDF jeszcze raz.")


def register(services: ServicesLike) -> None:
    @app.get(PATH + "/pdf/{pdf_id}", include_in_schema=False)
    async def statement_pdf(request: Request, pdf_id: int) -> Response:
        try:
            pdf = await services.statement_pdfs.download(actor_of(request), pdf_id)
        except (NotFound, PermissionDenied):
            return PlainTextResponse(_("Nie znaleziono."), status_code=404)
        return Response(
            pdf.content,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'attachment; filename="{pdf.filename}"; '
                f"filename*=UTF-8''{quote(pdf.filename)}",
                "Cache-Control": "private, no-store",
                "X-Content-Type-Options": "nosniff",
            },
        )

    @ui.page(PATH)
    async def statements(request: Request, rok: int | None = None) -> RedirectResponse | None:
        actor = actor_of(request)
        if not actor.is_client:
            return RedirectResponse("/biuro")
        async with client_frame(services, actor, N_("Zestawienia"), PATH):
            await StatementsView(services, actor, rok).build()
        return None


def amount_text(value: Decimal) -> str:
    """``1 234,56``; negative with a real minus sign (the column says it is in zł)."""
    text = format_amount(abs(value), current_language())
    return MINUS + text if value < 0 else text


def month_name(period: str) -> str:
    """``październik`` (the year is in the picker)."""
    return period_text(period).rsplit(" ", 1)[0]


class StatementsView:
    def __init__(self, services: ServicesLike, actor: Actor, year: int | None) -> None:
        self._services = services
        self._actor = actor
        self._year = year
        self._data: StatementYear | None = None
        self._pending: dict[int, str] = {}  # pdf id -> scope ("2026" or "2026-10")
        self._buttons: dict[str, ui.button] = {}
        self._body = ui.refreshable(self._draw)

    async def build(self) -> None:
        await company_caption(self._services, self._actor)
        self._data = await self._fetch()
        with ui.column().classes("w-full gap-3").mark("statements") as self._anchor:
            self._body()
        follow_company(self._actor, self._anchor, self._reload)
        domain_events.subscribe(self._on_event)
        ui.timer(POLL_SECONDS, self._poll)

    async def _fetch(self) -> StatementYear | None:
        if self._actor.company_id is None:
            return None
        try:
            return await self._services.portal.statements(
                self._actor, self._actor.company_id, self._year
            )
        except (NotFound, PermissionDenied):
            return None

    async def _reload(self) -> None:
        data = await self._fetch()
        if tab_closed(self._anchor):
            return
        self._data = data
        self._body.refresh()

    async def _choose_year(self, year: int | None) -> None:
        if year is None or (self._data is not None and year == self._data.year):
            return
        self._year = year
        await self._reload()

    # --- drawing ------------------------------------------------------------------------------

    def _draw(self) -> None:
        self._buttons = {}
        data = self._data
        if data is None or not data.rows:
            with ui.card().classes("w-full biurko-card"):
                empty_state(
                    "bar_chart",
                    _("Nie masz jeszcze zestawień."),
                    _(
                        "Gdy biuro prześle zestawienie za miesiąc, zobaczysz tu przychody, koszty "
                        "i wynik, a także pobierzesz je jako PDF."
                    ),
                )
            return
        with ui.row().classes("w-full items-center gap-2 no-wrap"):
            ui.select(
                {year: str(year) for year in data.years},
                value=data.year,
                label=_("Rok"),
                on_change=lambda e: self._choose_year(e.value),
            ).props("outlined dense options-dense").classes("w-28 shrink-0").mark("year-picker")
            ui.space()
            self._pdf_button(str(data.year), _("PDF za rok"), _("Pobierz PDF za rok {year}"))
        self._totals(data)
        with ui.card().classes("w-full biurko-card gap-1 p-2 sm:p-4").mark("statements-chart"):
            ui.echart(chart_options(data.rows)).classes("w-full h-56 sm:h-64")
        self._table(data)

    def _totals(self, data: StatementYear) -> None:
        totals = data.totals
        with ui.card().classes("w-full biurko-card gap-2").mark("statement-totals"):
            ui.label(_("Razem w roku {year}").format(year=data.year)).classes(
                "text-base font-medium text-gray-800"
            )
            with ui.grid(columns=3).classes("w-full gap-2"):
                self._figure(_("Przychody"), totals.revenue, "total-revenue")
                self._figure(_("Koszty"), totals.costs, "total-costs")
                result = totals.result
                self._figure(
                    _("Dochód") if result >= 0 else _("Strata"),
                    result,
                    "total-result",
                    "text-negative" if result < 0 else "text-primary",
                )

    @staticmethod
    def _figure(caption: str, amount: Decimal, marker: str, color: str = "text-gray-900") -> None:
        with ui.column().classes("gap-0 min-w-0"):
            ui.label(caption).classes("text-xs text-gray-500")
            ui.label(f"{amount_text(amount)}\u00a0{_('zł')}").classes(
                f"biurko-amount text-left text-sm sm:text-lg font-semibold {color} "
                "whitespace-normal"
            ).mark(marker)

    def _table(self, data: StatementYear) -> None:
        with ui.card().classes("w-full biurko-card gap-0 p-2 sm:p-4").mark("statement-table"):
            with ui.element("div").classes("w-full text-xs text-gray-500 pb-1").style(GRID):
                ui.label(_("Miesiąc"))
                for title in (_("Przychody"), _("Koszty"), _("Wynik")):
                    ui.label(title).classes("text-right")
                ui.label("")
            for values in data.rows:
                self._row(values)
            with (
                ui.element("div")
                .classes("w-full items-center font-semibold border-t-2 border-gray-300 pt-2")
                .classes("text-xs sm:text-sm")
                .style(GRID)
                .mark("statement-total-row")
            ):
                ui.label(_("Razem"))
                self._amounts(data.totals.revenue, data.totals.costs, data.totals.result)
                ui.label("")
            ui.label(_("Kwoty w zł. Wynik = przychody − koszty.")).classes(
                "text-xs text-gray-500 pt-2"
            )

    def _row(self, values: StatementValues) -> None:
        with (
            ui.column()
            .classes("w-full gap-0 border-b border-gray-200 py-1")
            .mark(f"statement-{values.period}")
        ):
            with ui.element("div").classes("w-full items-center text-xs sm:text-sm").style(GRID):
                ui.label(month_name(values.period)).classes("truncate")
                self._amounts(values.revenue, values.costs, values.result)
                period = period_text(values.period)
                self._pdf_button(values.period, "", _("Pobierz PDF za {period}"), period)
            if values.comment:
                ui.label(values.comment).classes("text-xs text-gray-600 pb-1 pr-10")

    @staticmethod
    def _amounts(revenue: Decimal, costs: Decimal, result: Decimal) -> None:
        ui.label(amount_text(revenue)).classes("biurko-amount")
        ui.label(amount_text(costs)).classes("biurko-amount")
        ui.label(amount_text(result)).classes(
            "biurko-amount" + (" text-negative font-semibold" if result < 0 else "")
        )

    def _pdf_button(self, scope: str, text: str, hint: str, period: str = "") -> None:
        label = hint.format(year=scope, period=period)
        button = ui.button(text, icon="picture_as_pdf", on_click=lambda: self._request(scope))
        button.props(
            f'aria-label="{label}" '
            + ("outline no-caps color=primary" if text else "flat round dense color=primary")
        ).mark(f"pdf-{scope}")
        button.tooltip(label)
        if scope in self._pending.values():
            button.props("loading")
        self._buttons[scope] = button

    # --- PDFs ---------------------------------------------------------------------------------

    async def _request(self, scope: str) -> None:
        if self._actor.company_id is None or scope in self._pending.values():
            return
        try:
            result = await self._services.statement_pdfs.request_pdf(
                self._actor, self._actor.company_id, scope
            )
        except (NotFound, PermissionDenied) as problem:
            ui.notify(_(problem.message), type="warning")
            return
        if result.ready:
            self._download(result)
            return
        self._pending[result.pdf_id] = scope
        self._set_loading(scope, True)

    def _set_loading(self, scope: str, loading: bool) -> None:
        button = self._buttons.get(scope)
        if button is not None and not button.is_deleted:
            if loading:
                button.props("loading")
            else:
                button.props(remove="loading")

    def _download(self, result: PdfRequest) -> None:
        ui.download.from_url(f"{PATH}/pdf/{result.pdf_id}", result.filename, "application/pdf")

    async def _on_event(self, event: DomainEvent) -> None:
        if tab_closed(self._anchor):
            domain_events.unsubscribe(self._on_event)
            return
        if isinstance(event, StatementPdfReady) and event.pdf_id in self._pending:
            await self._check(event.pdf_id)

    async def _poll(self) -> None:
        for pdf_id in list(self._pending):
            await self._check(pdf_id)

    async def _check(self, pdf_id: int) -> None:
        try:
            result = await self._services.statement_pdfs.status(self._actor, pdf_id)
        except (NotFound, PermissionDenied):
            result = PdfRequest(pdf_id, PdfStatus.FAILED, "")
        scope = self._pending.get(pdf_id)
        if result.status is PdfStatus.PENDING or scope is None or tab_closed(self._anchor):
            return
        del self._pending[pdf_id]
        self._set_loading(scope, False)
        if result.ready:
            self._download(result)
        else:
            ui.notify(_(STALE if result.status is PdfStatus.STALE else FAILED), type="warning")
