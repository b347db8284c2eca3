"""Do zatwierdzenia: everything that waits to be sent to clients, across the companies the user
may see, grouped by period and type; send one item, a selection or a whole group."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

from domain.actors import Actor
from domain.entries.model import Source
from domain.entries.ports import WaitingEntry
from domain.entries.sending import ApprovalGroup
from domain.errors import DomainError, ValidationError
from domain.events import DomainEvent, EntriesChanged
from domain.services import ServicesLike
from ui.components.assign_staff import alive
from ui.components.entry_labels import ITEMS, SENT, TYPE_TITLES, counted, entry_label, money
from ui.components.entry_texts import period_text
from ui.frames import office_frame
from ui.i18n import N_, _
from ui.live import domain_events
from ui.session import actor_of
from ui.theme import empty_state

PATH = "/biuro/zatwierdzanie"
PREVIEW = 30  # items drawn per group until the user asks for the rest (a sync brings hundreds)
SETTLE_SECONDS = 0.15  # a sync batch publishes one event per company: redraw once after them
SOURCE_LOOK = {
    Source.SYNC: ("sync", N_("Z synchronizacji z programem księgowym")),
    Source.MANUAL: ("edit_note", N_("Wpisane ręcznie w panelu")),
}
INACTIVE_HINT = N_(
    "Firma jest nieaktywna: dane trafią do jej portalu, ale nikt nie dostanie powiadomienia."
)


def register(services: ServicesLike) -> None:
    @ui.page(PATH)
    async def approval_page(request: Request) -> RedirectResponse | None:
        actor = actor_of(request)
        if not actor.is_staff:
            return RedirectResponse("/klient")
        async with office_frame(services, actor, N_("Do zatwierdzenia"), PATH):
            await ApprovalView(services, actor).build()
        return None


def group_heading(group: ApprovalGroup) -> str:
    return f"{period_text(group.period)} · {_(TYPE_TITLES[group.data_type])} ({group.count})"


class ApprovalView:
    """The queue of one tab: the selection survives live redraws of the list."""

    def __init__(self, services: ServicesLike, actor: Actor) -> None:
        self.services = services
        self.actor = actor
        self.groups: list[ApprovalGroup] = []
        self.selected: set[int] = set()
        self.expanded: set[str] = set()  # groups shown whole
        self._pending = False
        self._list = ui.refreshable(self._draw_list)  # per view, not per class

    async def build(self) -> None:
        ui.label(
            _(
                "Dane czekają tu, aż je wyślesz: dopiero wtedy klient widzi je w portalu "
                "i dostaje e-mail."
            )
        ).classes("text-gray-600")
        self._toolbar()
        self.dialogs = ui.element("div")  # outside the list: a redraw never closes a dialog
        self.groups = await self.services.approval.queue(self.actor)
        self._list()
        self._update_toolbar()
        domain_events.subscribe(self._on_event)

    # --- building -----------------------------------------------------------------------------

    def _toolbar(self) -> None:
        # At the bottom of the window while something is selected: reachable in a long list.
        with (
            ui.page_sticky(position="bottom", y_offset=16).classes("z-10") as self.toolbar,
            ui.row().classes("items-center gap-2 bg-white rounded-lg shadow-lg px-3 py-2"),
        ):
            self.send_selected = (
                ui.button(icon="send", on_click=lambda: self.send(sorted(self.selected)))
                .props("unelevated no-caps")
                .mark("send-selected")
            )
            ui.button(_("Odznacz wszystko"), icon="deselect", on_click=self._clear_selection).props(
                "flat no-caps color=grey-8"
            )

    def _update_toolbar(self) -> None:
        count = len(self.selected)
        self.toolbar.set_visibility(count > 0)
        self.send_selected.set_text(_("Wyślij zaznaczone ({n})").format(n=count))

    def _draw_list(self) -> None:
        if not self.groups:
            with ui.card().classes("w-full biurko-card"):
                empty_state(
                    "task_alt",
                    _("Nic nie czeka na zatwierdzenie"),
                    _(
                        "Tu pojawią się składki, podatki i zestawienia z synchronizacji albo "
                        "wpisane ręcznie, zanim wyślesz je klientom."
                    ),
                )
            return
        for group in self.groups:
            self._group(group)

    def _group(self, group: ApprovalGroup) -> None:
        key = f"{group.period}-{group.data_type}"
        with ui.card().classes("w-full biurko-card gap-0 p-0").mark(f"group-{key}"):
            with ui.row().classes(
                "w-full items-center gap-3 px-4 py-3 border-b border-gray-200 no-wrap"
            ):
                ui.label(group_heading(group)).classes(
                    "text-lg font-medium text-gray-800 flex-1"
                ).mark("group-heading")
                ui.button(
                    _("Wyślij wszystkie ({n})").format(n=group.count),
                    icon="done_all",
                    on_click=lambda g=group: self._confirm_group(g),
                ).props("outline no-caps").mark(f"send-group-{key}")
            shown = group.items if key in self.expanded else group.items[:PREVIEW]
            with ui.column().classes("w-full gap-0"):
                for item in shown:
                    self._item(item)
            if len(shown) < group.count:
                ui.button(
                    _("Pokaż pozostałe ({n})").format(n=group.count - len(shown)),
                    icon="expand_more",
                    on_click=lambda k=key: self._expand(k),
                ).props("flat no-caps color=primary").classes("m-2").mark(f"more-{key}")

    def _item(self, item: WaitingEntry) -> None:
        entry = item.entry
        label = entry_label(entry.values)
        row = ui.row().classes(
            "w-full items-center gap-3 px-4 py-2 no-wrap border-b border-gray-100"
        )
        with row.mark(f"entry-{entry.id}"):
            box = ui.checkbox(
                value=entry.id in self.selected,
                on_change=lambda e, i=entry.id: self._select(i, bool(e.value)),
            ).props("dense")
            box.props["aria-label"] = _("Zaznacz: {what}").format(
                what=f"{item.company_name}, {label}"
            )
            box.mark(f"select-{entry.id}")
            with ui.column().classes("gap-0 flex-1 min-w-0"):
                with ui.row().classes("items-center gap-2 no-wrap"):
                    ui.label(item.company_name).classes("font-medium truncate")
                    if not item.company_active:
                        self._inactive()
                self._what(item, label)
            self._amount(item)
            icon, hint = SOURCE_LOOK[entry.source]
            ui.icon(icon, size="20px").classes("text-gray-500").tooltip(_(hint))
            ui.button(_("Wyślij"), icon="send", on_click=lambda i=entry.id: self.send([i])).props(
                "flat no-caps dense color=primary"
            ).mark(f"send-{entry.id}")

    @staticmethod
    def _inactive() -> None:
        chip = ui.chip(_("nieaktywna"), color="grey-7").props("outline dense square")
        with chip.classes("my-0"):
            ui.tooltip(_(INACTIVE_HINT))

    @staticmethod
    def _what(item: WaitingEntry, label: str) -> None:
        """The entry in words, and whether the client sees it for the first time."""
        with ui.row().classes("items-center gap-2 no-wrap"):
            ui.label(label).classes("text-sm text-gray-600")
            if item.entry.sent_values is None:
                ui.label(_("nowa")).classes("text-xs text-gray-500")
            else:
                chip = ui.chip(_("zmiana"), color="warning").props("outline dense square")
                chip.classes("my-0 text-xs").tooltip(_("Klient widzi teraz poprzednią kwotę."))

    @staticmethod
    def _amount(item: WaitingEntry) -> None:
        """The amount (a statement's result); for a change, the sent one before it."""
        entry = item.entry
        new = entry.values.amount
        text = money(new)
        if entry.sent_values is not None:
            text = f"{money(entry.sent_values.amount)} → {text}"
        color = " text-negative" if new < 0 else ""
        ui.label(text).classes("biurko-amount min-w-[7rem] font-medium" + color)

    # --- actions ------------------------------------------------------------------------------

    def _select(self, entry_id: int, on: bool) -> None:
        if on:
            self.selected.add(entry_id)
        else:
            self.selected.discard(entry_id)
        self._update_toolbar()

    def _expand(self, key: str) -> None:
        self.expanded.add(key)
        self._list.refresh()

    def _clear_selection(self) -> None:
        self.selected.clear()
        self._list.refresh()
        self._update_toolbar()

    async def send(self, entry_ids: Iterable[int]) -> bool:
        try:
            sent = await self.services.approval.send(self.actor, list(entry_ids))
        except ValidationError as error:
            ui.notify(" ".join(_(m) for m in error.errors.values()), type="negative")
            return False
        except DomainError as error:
            ui.notify(_(error.message), type="negative")
            return False
        if sent:
            ui.notify(counted(SENT, sent), type="positive")
        else:
            ui.notify(_("Nic nie wysłano: te pozycje ktoś już wysłał."), type="warning")
        await self.reload()
        return True

    def _confirm_group(self, group: ApprovalGroup) -> None:
        # The items on screen are what the user confirms: data arriving meanwhile waits.
        ids = [item.entry.id for item in group.items]
        self.dialogs.clear()
        with self.dialogs, ui.dialog() as dialog, ui.card().classes("w-full max-w-md"):
            ui.label(_("Wysłać klientom wszystko z tej grupy?")).classes("text-lg font-semibold")
            ui.label(
                _("{group}: {items}. Klienci zobaczą je w portalu i dostaną e-mail.").format(
                    group=f"{period_text(group.period)} · {_(TYPE_TITLES[group.data_type])}",
                    items=counted(ITEMS, len(ids)),
                )
            ).classes("text-gray-700")

            async def confirm() -> None:
                if await self.send(ids):
                    dialog.close()

            with ui.row().classes("w-full justify-end gap-2"):
                ui.button(_("Anuluj"), on_click=dialog.close).props("flat")
                ui.button(
                    _("Wyślij wszystkie ({n})").format(n=len(ids)), icon="send", on_click=confirm
                ).props("unelevated").mark("confirm-send")
        dialog.open()

    # --- live ---------------------------------------------------------------------------------

    async def reload(self) -> None:
        groups = await self.services.approval.queue(self.actor)
        if not alive(self.toolbar):
            return
        self.groups = groups
        waiting = {item.entry.id for group in groups for item in group.items}
        self.selected &= waiting
        self._list.refresh()
        self._update_toolbar()

    async def _on_event(self, event: DomainEvent) -> None:
        if not isinstance(event, EntriesChanged) or event.office_id != self.actor.office_id:
            return
        if not alive(self.toolbar):
            domain_events.unsubscribe(self._on_event)
            return
        if self._pending:
            return
        self._pending = True
        await asyncio.sleep(SETTLE_SECONDS)
        self._pending = False
        await self.reload()
