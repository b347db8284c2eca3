"""The client's Pulpit (``/klient``): what to pay this month and how, the latest results with a
chart of the last twelve months, and the office's card.

The data-bound part is one refreshable: it re-reads when the office sends something or the
client (in another tab, or a Wspólnik) marks a payment paid. The paid dialog lives outside it,
so a live redraw never closes it.
"""

from __future__ import annotations

from datetime import date

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

from domain.actors import Actor
from domain.errors import NotFound, PermissionDenied
from domain.formatting import format_day
from domain.portal.payments import PaymentItem
from domain.portal.service import Dashboard
from domain.services import ServicesLike
from ui.components.company_switcher import company_caption
from ui.components.dashboard_results import latest_statement, results_chart
from ui.components.entry_labels import counted
from ui.components.entry_texts import money_text
from ui.components.office_card import office_card
from ui.components.paid_dialog import open_paid_dialog
from ui.components.payment_card import due_card
from ui.components.portal_live import follow_company
from ui.frames import client_frame
from ui.i18n import N_, _
from ui.pages.companies import tab_closed
from ui.session import actor_of
from ui.theme import empty_state

PAYMENTS = (N_("{n} płatność"), N_("{n} płatności"), N_("{n} płatności"))
OVERDUE = (N_("{n} po terminie"), N_("{n} po terminie"), N_("{n} po terminie"))


def register(services: ServicesLike) -> None:
    @ui.page("/klient")
    async def dashboard(request: Request) -> RedirectResponse | None:
        actor = actor_of(request)
        if not actor.is_client:
            return RedirectResponse("/biuro")
        async with client_frame(services, actor, N_("Pulpit"), "/klient"):
            await DashboardView(services, actor).build()
        return None


def _this_month(item: PaymentItem, today: date) -> bool:
    """Counted in "Do zapłaty w tym miesiącu" (overdue ones included, as the total)."""
    due = item.due_date
    return due is not None and (due.year, due.month) <= (today.year, today.month)


class DashboardView:
    def __init__(self, services: ServicesLike, actor: Actor) -> None:
        self._services = services
        self._actor = actor
        self._body = ui.refreshable(self._draw)

    async def build(self) -> None:
        await company_caption(self._services, self._actor)
        ui.label(_("Dzień dobry, {name}!").format(name=self._actor.name.split(" ")[0])).classes(
            "text-lg text-gray-700"
        )
        board = await self._fetch()
        with ui.column().classes("w-full gap-4").mark("dashboard") as self._anchor:
            self._body(board)
        self._dialogs = ui.element("div")
        card = await self._services.portal_directory.office_card(self._actor)
        office_card(card, await self._services.office_settings.logo_url(self._actor))
        follow_company(self._actor, self._anchor, self._reload)

    async def _fetch(self) -> Dashboard | None:
        if self._actor.company_id is None:
            return None
        try:
            return await self._services.portal.dashboard(self._actor, self._actor.company_id)
        except (NotFound, PermissionDenied):
            return None

    async def _reload(self) -> None:
        board = await self._fetch()
        if tab_closed(self._anchor):
            return
        self._body.refresh(board)

    # --- drawing ------------------------------------------------------------------------------

    def _draw(self, board: Dashboard | None) -> None:
        if board is None:
            with ui.card().classes("w-full biurko-card"):
                empty_state(
                    "domain_disabled",
                    _("Nie widzimy danych tej firmy."),
                    _("Odśwież stronę albo zapytaj biuro, czy firma jest aktywna."),
                )
            return
        today = self._services.portal.today()
        self._summary(board, today)
        for item in board.due:
            due_card(item, today, self._mark_paid)
        if board.latest_statement is not None:
            latest_statement(board.latest_statement)
        if board.chart:
            results_chart(board.chart)

    def _summary(self, board: Dashboard, today: date) -> None:
        with ui.card().classes("w-full biurko-card gap-1 bg-teal-50").mark("to-pay"):
            if not board.due:
                empty_state(
                    "check_circle",
                    _("Nie masz nic do zapłaty w tym miesiącu."),
                    _("Gdy biuro prześle składki lub podatki, zobaczysz tu kwotę, konto i termin."),
                )
                with ui.row().classes("w-full justify-center"):
                    ui.link(_("Historia płatności"), "/klient/platnosci").classes(
                        "text-primary py-2"
                    )
                return
            ui.label(_("Do zapłaty w tym miesiącu")).classes("text-sm text-gray-700")
            ui.label(money_text(board.total_this_month)).classes(
                "biurko-amount text-left text-4xl font-semibold text-gray-900"
            ).mark("total-to-pay")
            now = [item for item in board.due if _this_month(item, today)]
            with ui.row().classes("items-center gap-2"):
                if now:
                    ui.label(counted(PAYMENTS, len(now))).classes("text-sm text-gray-700")
                if board.overdue:
                    ui.chip(counted(OVERDUE, board.overdue), color="negative").props(
                        "outline dense square"
                    ).classes("m-0").mark("overdue-count")
            later = [item.due_date for item in board.due if not _this_month(item, today)]
            if later and later[0] is not None:
                ui.label(_("Następna płatność: {date}").format(date=format_day(later[0]))).classes(
                    "text-sm text-gray-700"
                ).mark("next-due")

    # --- actions ------------------------------------------------------------------------------

    def _mark_paid(self, item: PaymentItem) -> None:
        with self._dialogs:
            open_paid_dialog(
                self._services, self._actor, item, self._services.portal.today(), self._reload
            )
