"""The company page's entry tabs, "Składki ZUS", "Podatki" and "Zestawienia": a table per year
with a year picker, adding and editing hand-typed entries, deleting them after a confirmation
and sending a waiting entry to the client.

Each panel re-reads its table on ``EntriesChanged`` of its company and type, so a sync batch or
another person's change appears without a reload; dialogs live outside the redrawn table, so a
live redraw never closes what someone is typing into.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from nicegui import ui

from domain.actors import Actor
from domain.companies.model import CompanyDetails
from domain.entries.approval import DataType
from domain.entries.model import Entry, TaxValues, ZusValues
from domain.entries.notify import payer_identity
from domain.entries.service import EntryTable
from domain.errors import DomainError, NotFound, PermissionDenied
from domain.events import CompanyChanged, DomainEvent, EntriesChanged
from domain.services import ServicesLike
from ui.components.entries_form import open_entry_dialog
from ui.components.entries_table import RowActions, entries_table
from ui.components.entry_texts import TAX_KINDS, TEXTS, period_text
from ui.i18n import _
from ui.live import domain_events
from ui.pages.companies import tab_closed
from ui.theme import empty_state


def entry_tabs() -> None:
    """The three tab headers, in the order the panels are drawn."""
    for data_type in DataType:
        texts = TEXTS[data_type]
        ui.tab(texts.tab, label=_(texts.name), icon=texts.icon)


async def entry_tab_panels(
    services: ServicesLike, actor: Actor, details: CompanyDetails, tabs: ui.tabs
) -> None:
    """The three tab panels; call inside the page's ``ui.tab_panels``. A panel reads and draws
    its table the first time its tab is opened, so the company page itself stays quick."""
    panels: dict[str, tuple[ui.tab_panel, EntriesPanel]] = {}
    for data_type in DataType:
        name = TEXTS[data_type].tab
        with ui.tab_panel(name).classes("p-0") as tab_panel:
            panels[name] = (tab_panel, EntriesPanel(services, actor, details, data_type))

    async def opened(value: object) -> None:
        if isinstance(value, str) and value in panels:
            tab_panel, panel = panels[value]
            with tab_panel:
                await panel.build()

    tabs.on_value_change(lambda event: opened(event.value))
    await opened(tabs.value)


class EntriesPanel:
    """One tab: the year's table of one entry type of one company."""

    def __init__(
        self, services: ServicesLike, actor: Actor, details: CompanyDetails, data_type: DataType
    ) -> None:
        self._services = services
        self._actor = actor
        self._company_id = details.id
        self._payer = payer_identity(details)
        self._data_type = data_type
        self._texts = TEXTS[data_type]
        self._year: int | None = None  # None: the service's choice (this year or the newest)
        self._table: EntryTable | None = None
        self._body = ui.refreshable(self._draw)  # per panel, not per class
        self._built = False

    async def build(self) -> None:
        """Read and draw the table once (the tab's first opening); later calls do nothing."""
        if self._built:
            return
        self._built = True
        spinner = ui.spinner(size="lg").classes("block mx-auto my-8")
        table = await self._fetch()
        if tab_closed(spinner):
            return
        spinner.delete()
        self._table = table
        kind = self._data_type.value
        with ui.card().classes("w-full biurko-card gap-2").mark(f"entries-{kind}") as self._card:
            with ui.row().classes("w-full items-center gap-3"):
                ui.label(_(self._texts.name)).classes("text-lg font-medium text-gray-800")
                self._years = (
                    ui.select({}, label=_("Rok"), on_change=self._year_chosen)
                    .props("outlined dense options-dense")
                    .classes("w-28")
                    .mark(f"year-{kind}")
                )
                ui.space()
                ui.button(_(self._texts.add), icon="add", on_click=self._add).props(
                    "unelevated no-caps color=primary"
                ).mark(f"add-{kind}")
            self._dialogs = ui.element("div")  # outside the table: a redraw never closes a dialog
            self._body(table)
        self._show_years(table)
        domain_events.subscribe(self._on_event)

    # --- drawing ------------------------------------------------------------------------------

    def _draw(self, table: EntryTable | None) -> None:
        if table is None:
            return
        if not table.entries:
            title = (
                _(self._texts.empty_title)
                if table.years == [table.year]
                else _(self._texts.empty_year).format(year=table.year)
            )
            empty_state(self._texts.icon, title, _(self._texts.empty_text))
            return
        actions = RowActions(send=self._send, edit=self._edit, delete=self._confirm_delete)
        entries_table(table, self._data_type, self._payer, actions)

    def _show_years(self, table: EntryTable | None) -> None:
        if table is None:
            return
        years = {year: str(year) for year in sorted(table.years, reverse=True)}
        self._years.set_options(years, value=table.year)

    async def _year_chosen(self, event: Any) -> None:
        if event.value is None or (self._table and event.value == self._table.year):
            return
        self._year = int(event.value)
        await self._reload()

    # --- reading ------------------------------------------------------------------------------

    async def _fetch(self) -> EntryTable | None:
        try:
            return await self._services.entries.table(
                self._actor, self._company_id, self._data_type, self._year
            )
        except (NotFound, PermissionDenied):
            return None  # the company page itself shows "not found" on its next reload

    async def _reload(self) -> None:
        table = await self._fetch()
        if tab_closed(self._card):
            return
        self._table = table
        self._show_years(table)
        self._body.refresh(table)

    async def _on_event(self, event: DomainEvent) -> None:
        if tab_closed(self._card):
            domain_events.unsubscribe(self._on_event)
            return
        if isinstance(event, EntriesChanged):
            if event.company_id == self._company_id and event.data_type == self._data_type.value:
                await self._reload()
        elif isinstance(event, CompanyChanged) and event.company_id == self._company_id:
            await self._company_changed()

    async def _company_changed(self) -> None:
        # Due dates and accounts depend on the company's data (NIP, ZUS account, payer type).
        try:
            details = await self._services.companies.get(self._actor, self._company_id)
        except DomainError:
            return
        self._payer = payer_identity(details)
        await self._reload()

    # --- actions ------------------------------------------------------------------------------

    def _add(self) -> None:
        with self._dialogs:
            open_entry_dialog(
                self._services,
                self._actor,
                self._company_id,
                self._data_type,
                None,
                lambda period: self._saved(self._texts.added, period),
            )

    async def _edit(self, entry: Entry) -> None:
        with self._dialogs:
            open_entry_dialog(
                self._services,
                self._actor,
                self._company_id,
                self._data_type,
                entry,
                lambda period: self._saved(self._texts.saved, period),
            )

    async def _saved(self, message: str, period: str) -> None:
        self._year = int(period[:4])  # show the year the entry belongs to
        ui.notify(_(message).format(period=period_text(period)), type="positive")
        await self._reload()

    async def _run(self, action: Awaitable[Any]) -> tuple[bool, Any]:
        """(done, result); a domain error becomes a notification."""
        try:
            return True, await action
        except DomainError as error:
            ui.notify(_(error.message), type="negative")
            return False, None

    async def _send(self, entry: Entry) -> None:
        done, sent = await self._run(self._services.approval.send(self._actor, [entry.id]))
        if not done:
            return
        if sent:
            ui.notify(
                _("Wysłano klientowi: {what}.").format(what=self._describe(entry)),
                type="positive",
            )
        else:
            ui.notify(_("Nic nie wysłano: tę pozycję ktoś już wysłał."), type="warning")
        await self._reload()

    def _describe(self, entry: Entry) -> str:
        period = period_text(entry.period)
        if isinstance(entry.values, TaxValues):
            return f"{_(TAX_KINDS[entry.values.kind])} {period}"
        if isinstance(entry.values, ZusValues) and entry.values.person:
            return f"{_(self._texts.name)} {period} ({entry.values.person})"
        return f"{_(self._texts.name)} {period}"

    def _confirm_delete(self, entry: Entry) -> None:
        period = period_text(entry.period)
        kind = _(TAX_KINDS[entry.values.kind]) if isinstance(entry.values, TaxValues) else ""
        question = _(self._texts.delete_question).format(period=period, kind=kind)
        text = (
            _("Pozycja zniknie z tabeli i z portalu klienta.")
            if entry.sent_values is not None
            else _("Pozycja zniknie z tabeli. Klient jeszcze jej nie widział.")
        )

        async def delete() -> None:
            dialog.close()
            done, _result = await self._run(self._services.entries.delete(self._actor, entry.id))
            if done:
                ui.notify(_(self._texts.deleted).format(period=period), type="positive")
            await self._reload()

        with (
            self._dialogs,
            ui.dialog() as dialog,
            ui.card().classes("w-full max-w-md gap-3").mark("entry-delete-dialog"),
        ):
            ui.label(question).classes("text-lg font-medium")
            ui.label(text).classes("text-gray-600")
            with ui.row().classes("w-full justify-end"):
                ui.button(_("Anuluj"), on_click=dialog.close).props("flat")
                ui.button(_("Usuń"), icon="delete", on_click=delete).props(
                    "unelevated no-caps color=negative"
                ).mark("entry-confirm-delete")
        dialog.on("hide", dialog.delete)
        dialog.open()
