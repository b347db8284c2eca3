"""The client's Płatności (``/klient/platnosci``): every ZUS and tax item the office sent, grouped
by the month of its due date, newest first, with state filters (Wszystkie, Do zapłaty,
Zapłacone, Po terminie) and a kind filter (ZUS, VAT, PIT, ...). A row expands to account, title
and QR code; unpaid rows are marked paid with a date, paid ones can be undone. A declaration
replaced by a correction stays in the history, struck through.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

from domain.actors import Actor
from domain.errors import NotFound, PermissionDenied
from domain.formatting import format_month
from domain.portal.payments import PaymentItem, PaymentState
from domain.services import ServicesLike
from ui.components.company_switcher import company_caption
from ui.components.paid_dialog import open_paid_dialog, undo_paid
from ui.components.payment_card import payment_row
from ui.components.payment_texts import KIND_NAMES, kind_of
from ui.components.portal_live import follow_company
from ui.frames import client_frame
from ui.i18n import N_, _, current_language
from ui.pages.companies import tab_closed
from ui.session import actor_of
from ui.theme import empty_state

PATH = "/klient/platnosci"
ALL_KINDS = ""
FILTERS: dict[str, tuple[str, Callable[[PaymentItem], bool]]] = {
    "all": (N_("Wszystkie"), lambda item: True),
    "due": (N_("Do zapłaty"), lambda item: item.payable),
    "paid": (N_("Zapłacone"), lambda item: item.state is PaymentState.PAID),
    "overdue": (N_("Po terminie"), lambda item: item.state is PaymentState.OVERDUE),
}
EMPTY = {
    "all": N_("Biuro nie przesłało jeszcze składek ani podatków."),
    "due": N_("Nie masz nic do zapłaty."),
    "paid": N_("Nie masz jeszcze zapłaconych pozycji."),
    "overdue": N_("Nic nie jest po terminie."),
}


def register(services: ServicesLike) -> None:
    @ui.page(PATH)
    async def payments(request: Request) -> RedirectResponse | None:
        actor = actor_of(request)
        if not actor.is_client:
            return RedirectResponse("/biuro")
        async with client_frame(services, actor, N_("Płatności"), PATH):
            await PaymentsView(services, actor).build()
        return None


def month_groups(
    items: list[PaymentItem],
) -> list[tuple[tuple[int, int] | None, list[PaymentItem]]]:
    """Items by the month of their due date, newest month first; undated ones last."""
    groups: dict[tuple[int, int] | None, list[PaymentItem]] = {}
    for item in items:
        key = (item.due_date.year, item.due_date.month) if item.due_date else None
        groups.setdefault(key, []).append(item)
    dated = sorted((k for k in groups if k is not None), reverse=True)
    keys: list[tuple[int, int] | None] = [*dated, *([None] if None in groups else [])]
    return [(key, sorted(groups[key], key=_order)) for key in keys]


def _order(item: PaymentItem) -> tuple[date, str]:
    return (item.due_date or date.max, item.label)


class PaymentsView:
    def __init__(self, services: ServicesLike, actor: Actor) -> None:
        self._services = services
        self._actor = actor
        self._state = "all"
        self._kind = ALL_KINDS
        self._items: list[PaymentItem] | None = None
        self._body = ui.refreshable(self._draw)

    async def build(self) -> None:
        await company_caption(self._services, self._actor)
        self._items = await self._fetch()
        with ui.column().classes("w-full gap-3").mark("payments") as self._anchor:
            self._body()
        self._dialogs = ui.element("div")
        follow_company(self._actor, self._anchor, self._reload)

    async def _fetch(self) -> list[PaymentItem] | None:
        if self._actor.company_id is None:
            return None
        try:
            return await self._services.portal.payments(self._actor, self._actor.company_id)
        except (NotFound, PermissionDenied):
            return None

    async def _reload(self) -> None:
        items = await self._fetch()
        if tab_closed(self._anchor):
            return
        self._items = items
        self._body.refresh()

    # --- drawing ------------------------------------------------------------------------------

    def _draw(self) -> None:
        items = self._items or []
        self._filters(items)
        kinds = {kind_of(item) for item in items}
        if self._kind not in kinds:
            self._kind = ALL_KINDS
        shown = [
            item
            for item in items
            if FILTERS[self._state][1](item) and self._kind in (ALL_KINDS, kind_of(item))
        ]
        if not shown:
            with ui.card().classes("w-full biurko-card"):
                empty_state(
                    "payments",
                    _(EMPTY[self._state]),
                    _("Tu zobaczysz składki ZUS i podatki z kontem, terminem i kodem QR."),
                )
            return
        ui.label(_("Pogrupowane według miesiąca terminu płatności.")).classes(
            "text-xs text-gray-500"
        )
        today = self._services.portal.today()
        for month, group in month_groups(shown):
            heading = (
                format_month(*month, current_language()) if month else _("Bez terminu płatności")
            )
            ui.label(heading).classes("text-base font-semibold text-gray-700 pt-2")
            for item in group:
                payment_row(item, today, self._mark_paid, self._undo)

    def _filters(self, items: list[PaymentItem]) -> None:
        with ui.row().classes("w-full gap-2 items-center").mark("payment-filters"):
            for key, (label, matches) in FILTERS.items():
                count = sum(1 for item in items if matches(item))
                chosen = key == self._state
                ui.button(
                    f"{_(label)} · {count}", on_click=lambda k=key: self._choose_state(k)
                ).props(
                    "rounded no-caps dense unelevated "
                    + ("color=primary" if chosen else "outline color=grey-8")
                ).classes("px-3").style("min-height: 40px").mark(f"filter-{key}")
        kinds = sorted({kind_of(item) for item in items}, key=list(KIND_NAMES).index)
        if len(kinds) > 1:
            options = {ALL_KINDS: _("Wszystkie rodzaje")} | {k: _(KIND_NAMES[k]) for k in kinds}
            ui.select(
                options,
                value=self._kind if self._kind in options else ALL_KINDS,
                label=_("Rodzaj"),
                on_change=lambda e: self._choose_kind(e.value),
            ).props("outlined dense options-dense").classes("w-full sm:w-56").mark("kind-filter")

    def _choose_state(self, key: str) -> None:
        self._state = key
        self._body.refresh()

    def _choose_kind(self, kind: str | None) -> None:
        if (kind or ALL_KINDS) == self._kind:
            return
        self._kind = kind or ALL_KINDS
        self._body.refresh()

    # --- actions ------------------------------------------------------------------------------

    def _mark_paid(self, item: PaymentItem) -> None:
        with self._dialogs:
            open_paid_dialog(
                self._services, self._actor, item, self._services.portal.today(), self._reload
            )

    async def _undo(self, item: PaymentItem) -> None:
        await undo_paid(self._services, self._actor, item, self._reload)
