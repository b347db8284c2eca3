"""``/biuro/firmy``: the office's companies in a server-paged table, and the deleted ones.

The table runs in Quasar's server mode: it asks for a page (``request``), the page asks the
service and echoes the pagination back. Search, filters, sorting and paging all happen in the
database, scoped to what the actor may see. A ``CompanyChanged`` of the office re-reads the
current page, so another person's change appears without a reload.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import events, ui

from domain.actors import Actor
from domain.clock import to_warsaw
from domain.companies.model import (
    CompanyPage,
    CompanyQuery,
    CompanyRow,
    CompanySort,
    DeletedCompany,
    SaveResult,
    StatusFilter,
)
from domain.errors import DomainError
from domain.events import CompanyChanged, DomainEvent
from domain.formatting import format_day
from domain.services import ServicesLike
from ui.components.company_form import identifier_text, open_company_form
from ui.frames import office_frame
from ui.i18n import N_, _
from ui.live import domain_events
from ui.session import actor_of
from ui.theme import empty_state

LIST_PATH = "/biuro/firmy"
DELETED_PATH = "/biuro/firmy/usuniete"
ROWS_PER_PAGE = 25
ROWS_PER_PAGE_OPTIONS = [10, 25, 50, 100]
STATUS_FILTERS = {
    StatusFilter.ALL: N_("Wszystkie"),
    StatusFilter.ACTIVE: N_("Aktywne"),
    StatusFilter.INACTIVE: N_("Nieaktywne"),
}
SORTS = {sort.value: sort for sort in CompanySort}
ALL_STAFF = 0
NAMES_IN_CONFIRMATION = 8

NAME_CELL = """
<q-td :props="props">
  <a :href="'/biuro/firmy/' + props.row.id" class="text-primary font-medium"
     style="text-decoration: none" @click.stop>{{ props.value }}</a>
</q-td>
"""
STATUS_CELL = """
<q-td :props="props">
  <q-chip dense outline square :color="props.row.active ? 'positive' : 'grey-7'"
          :label="props.value" />
</q-td>
"""
OVERDUE_CELL = """
<q-td :props="props">
  <span :class="props.value > 0 ? 'text-negative text-weight-bold' : 'text-grey-6'">
    {{ props.value }}
  </span>
</q-td>
"""
INVOICES_CELL = """
<q-td :props="props">
  <q-icon :name="props.row.invoice_module ? 'check_circle' : 'remove'" size="20px"
          :color="props.row.invoice_module ? 'positive' : 'grey-5'"
          role="img" :aria-label="props.value">
    <q-tooltip>{{ props.value }}</q-tooltip>
  </q-icon>
</q-td>
"""
CHANNELS_CELL = """
<q-td :props="props">
  <q-icon v-if="props.row.email" name="mail" size="20px" color="primary" class="q-mr-xs"
          role="img" :aria-label="props.row.email_label">
    <q-tooltip>{{ props.row.email_label }}</q-tooltip>
  </q-icon>
  <q-icon v-if="props.row.sms" name="sms" size="20px" color="primary"
          role="img" :aria-label="props.row.sms_label">
    <q-tooltip>{{ props.row.sms_label }}</q-tooltip>
  </q-icon>
  <span v-if="!props.row.email && !props.row.sms" class="text-grey-6">—</span>
</q-td>
"""


def tab_closed(element: ui.element) -> bool:
    """Did the page go away (closed tab, navigation) while a handler waited for the database?"""
    try:
        return element.is_deleted or element.client.is_deleted
    except RuntimeError:  # the client object is already gone
        return True


def register(services: ServicesLike) -> None:
    @ui.page(LIST_PATH)
    async def companies_page(request: Request) -> RedirectResponse | None:
        actor = actor_of(request)
        if not actor.is_staff:
            return RedirectResponse("/klient")
        async with office_frame(services, actor, N_("Firmy"), LIST_PATH):
            await CompanyList(services, actor).build()
        return None

    # Registered before /biuro/firmy/{company_id} (ui.app registers this module first).
    @ui.page(DELETED_PATH)
    async def deleted_page(request: Request) -> RedirectResponse | None:
        actor = actor_of(request)
        if not actor.is_staff:
            return RedirectResponse("/klient")
        async with office_frame(services, actor, N_("Usunięte firmy"), LIST_PATH):
            await _deleted_list(services, actor)
        return None


def _columns(show_prefix: bool) -> list[dict[str, Any]]:
    columns: list[dict[str, Any]] = [
        {"name": "prefix", "label": _("Prefiks"), "field": "prefix", "sortable": True},
        {"name": "name", "label": _("Nazwa"), "field": "name", "sortable": True},
        {"name": "identifier", "label": _("NIP"), "field": "identifier", "sortable": True},
        {"name": "status", "label": _("Status"), "field": "status", "sortable": True},
        {"name": "waiting", "label": _("Do zatwierdzenia"), "field": "waiting", "align": "right"},
        {"name": "overdue", "label": _("Zaległe"), "field": "overdue", "align": "right"},
        {"name": "invoices", "label": _("Moduł faktur"), "field": "invoices", "align": "center"},
        {"name": "channels", "label": _("Kanały"), "field": "channels"},
    ]
    for column in columns:
        column.setdefault("align", "left")
    return columns if show_prefix else columns[1:]


def _row(company: CompanyRow) -> dict[str, Any]:
    return {
        "id": company.id,
        "prefix": company.prefix,
        "name": company.name,
        "identifier": identifier_text(company.identifier_type, company.identifier),
        "active": company.active,
        "status": _("Aktywna") if company.active else _("Nieaktywna"),
        "waiting": company.waiting,
        "overdue": company.overdue,
        "invoice_module": company.invoice_module,
        "invoices": _("Włączony") if company.invoice_module else _("Wyłączony"),
        "email": company.email_channel,
        "sms": company.sms_channel,
        "channels": "",
        "email_label": _("E-mail"),
        "sms_label": _("SMS"),
    }


class CompanyList:
    def __init__(self, services: ServicesLike, actor: Actor) -> None:
        self._services = services
        self._actor = actor
        self._pagination: dict[str, Any] = {
            "page": 1,
            "rowsPerPage": ROWS_PER_PAGE,
            "sortBy": CompanySort.NAME.value,
            "descending": False,
            "rowsNumber": 0,
        }

    async def build(self) -> None:
        staff = await self._services.companies.staff_choices(self._actor)
        with ui.column().classes("w-full gap-3") as self._list_view:
            self._toolbar(staff)
            self._bulk_bar()
            self._table = self._make_table()
        with ui.card().classes("w-full biurko-card").mark("companies-empty") as self._empty:
            empty_state(
                "business",
                _("Nie masz jeszcze żadnej firmy."),
                _(
                    "Tu pojawią się firmy, które obsługuje biuro: dodasz je ręcznie albo "
                    "przyjdą z programu księgowego przez synchronizację."
                ),
            )
            with ui.row().classes("w-full justify-center pb-8"):
                ui.button(_("Dodaj firmę"), icon="add", on_click=self._add).props(
                    "unelevated color=primary"
                )
        await self.load()
        domain_events.subscribe(self._on_event)

    # --- building -----------------------------------------------------------------------------

    def _toolbar(self, staff: list[Any]) -> None:
        with ui.row().classes("w-full items-center gap-3"):
            self._search = (
                ui.input(_("Szukaj"), placeholder=_("Nazwa, prefiks, NIP, imię lub nazwisko"))
                .props("outlined dense clearable debounce=300")
                .classes("w-64")
                .mark("companies-search")
            )
            with self._search.add_slot("prepend"):
                ui.icon("search")
            self._search.on_value_change(self._first_page)
            self._status = (
                ui.select(
                    {key.value: _(label) for key, label in STATUS_FILTERS.items()},
                    label=_("Status"),
                    value=StatusFilter.ALL.value,
                    on_change=self._first_page,
                )
                .props("outlined dense")
                .classes("w-36")
                .mark("companies-status")
            )
            self._staff = None
            if staff:
                options = {ALL_STAFF: _("Wszyscy pracownicy")} | {s.id: s.name for s in staff}
                self._staff = (
                    ui.select(
                        options,
                        label=_("Pracownik"),
                        value=ALL_STAFF,
                        on_change=self._first_page,
                    )
                    .props("outlined dense")
                    .classes("w-52")
                    .mark("companies-staff")
                )
            ui.space()
            ui.button(
                _("Usunięte firmy"),
                icon="restore_from_trash",
                on_click=lambda: ui.navigate.to(DELETED_PATH),
            ).props("flat no-caps color=grey-8")
            ui.button(_("Dodaj firmę"), icon="add", on_click=self._add).props(
                "unelevated color=primary"
            ).mark("add-company")

    def _bulk_bar(self) -> None:
        with ui.row().classes("w-full items-center gap-2 bg-teal-50 rounded px-3 py-1") as bar:
            self._selected_label = ui.label().classes("text-primary font-medium")
            with (
                ui.button(_("Ustaw status"), icon="toggle_on").props("flat no-caps"),
                ui.menu(),
            ):
                ui.menu_item(_("Aktywna"), on_click=lambda: self._bulk_status(True))
                ui.menu_item(_("Nieaktywna"), on_click=lambda: self._bulk_status(False))
            if self._actor.is_admin:
                ui.button(
                    _("Przydziel pracowników"), icon="group_add", on_click=self._bulk_assign
                ).props("flat no-caps")
            ui.space()
            ui.button(_("Wyczyść zaznaczenie"), on_click=self._clear_selection).props(
                "flat no-caps color=grey-8"
            )
        self._bulk = bar
        bar.set_visibility(False)

    def _make_table(self) -> ui.table:
        table = (
            ui.table(
                columns=_columns(True),
                rows=[],
                row_key="id",
                selection="multiple",
                pagination=dict(self._pagination),
                on_select=self._on_select,
            )
            .props("flat bordered dense binary-state-sort")
            .classes("w-full bg-white")
            .mark("companies-table")
        )
        table.props["rows-per-page-options"] = ROWS_PER_PAGE_OPTIONS
        table.props["rows-per-page-label"] = _("Wierszy na stronę:")
        table.props["no-data-label"] = _("Brak firm pasujących do wyszukiwania.")
        table.add_slot("body-cell-name", NAME_CELL)
        table.add_slot("body-cell-status", STATUS_CELL)
        table.add_slot("body-cell-overdue", OVERDUE_CELL)
        table.add_slot("body-cell-invoices", INVOICES_CELL)
        table.add_slot("body-cell-channels", CHANNELS_CELL)
        table.on("request", self._on_request)
        table.on("rowClick", self._on_row_click, [[], ["id"], None])
        return table

    # --- data -------------------------------------------------------------------------------

    def _query(self) -> CompanyQuery:
        staff_id = self._staff.value if self._staff is not None else ALL_STAFF
        return CompanyQuery(
            search=str(self._search.value or ""),
            status=StatusFilter(self._status.value),
            staff_id=None if staff_id in (ALL_STAFF, None) else int(staff_id),
            sort=SORTS.get(str(self._pagination.get("sortBy")), CompanySort.NAME),
            descending=bool(self._pagination.get("descending")),
            page=int(self._pagination["page"]),
            per_page=int(self._pagination["rowsPerPage"] or ROWS_PER_PAGE),
        )

    def _filtered(self, query: CompanyQuery) -> bool:
        return bool(query.search) or query.status is not StatusFilter.ALL or bool(query.staff_id)

    async def load(self) -> None:
        """Read the current page (again) and show it; the service decides what is visible."""
        query = self._query()
        page = await self._services.companies.list_companies(self._actor, query)
        last_page = max((page.total - 1) // page.per_page + 1, 1)
        if not page.rows and page.page > last_page:
            # The page emptied under us (deletions): show the last page that has rows.
            self._pagination["page"] = last_page
            page = await self._services.companies.list_companies(self._actor, self._query())
        if not tab_closed(self._table):
            self._show(page, self._filtered(query))

    def _show(self, page: CompanyPage, filtered: bool) -> None:
        self._pagination.update(page=page.page, rowsPerPage=page.per_page, rowsNumber=page.total)
        self._table.columns = _columns(page.show_prefix)
        self._table.rows = [_row(company) for company in page.rows]
        self._table.pagination = dict(self._pagination)
        nothing_at_all = page.total == 0 and not filtered
        self._list_view.set_visibility(not nothing_at_all)
        self._empty.set_visibility(nothing_at_all)

    async def _first_page(self) -> None:
        self._pagination["page"] = 1
        await self.load()

    async def _on_request(self, event: events.GenericEventArguments) -> None:
        wanted = event.args["pagination"]
        self._pagination.update(
            page=wanted.get("page", 1),
            rowsPerPage=wanted.get("rowsPerPage") or ROWS_PER_PAGE,
            sortBy=wanted.get("sortBy") or CompanySort.NAME.value,
            descending=bool(wanted.get("descending")),
        )
        await self.load()

    async def _on_event(self, event: DomainEvent) -> None:
        if isinstance(event, CompanyChanged) and event.office_id == self._actor.office_id:
            await self.load()

    # --- actions ----------------------------------------------------------------------------

    def _on_row_click(self, event: events.GenericEventArguments) -> None:
        ui.navigate.to(f"{LIST_PATH}/{event.args[1]['id']}")

    def _on_select(self, _event: events.TableSelectionEventArguments | None = None) -> None:
        count = len(self._table.selected)
        self._selected_label.set_text(_("Zaznaczone firmy: {count}").format(count=count))
        self._bulk.set_visibility(count > 0)

    def _clear_selection(self) -> None:
        self._table.selected = []
        self._on_select()

    async def _add(self) -> None:
        async def saved(result: SaveResult, name: str) -> None:
            ui.notify(_("Dodano firmę {name}.").format(name=name), type="positive")
            await self.load()

        open_company_form(self._services, self._actor, None, saved)

    def _bulk_status(self, active: bool) -> None:
        chosen = list(self._table.selected)
        status = _("Aktywna") if active else _("Nieaktywna")
        with ui.dialog() as dialog, ui.card().classes("w-full max-w-md"):
            ui.label(
                _("Ustawić status „{status}” dla zaznaczonych firm ({count})?").format(
                    status=status, count=len(chosen)
                )
            ).classes("text-lg font-medium")
            names = [row["name"] for row in chosen]
            shown = ", ".join(names[:NAMES_IN_CONFIRMATION])
            if len(names) > NAMES_IN_CONFIRMATION:
                shown += " " + _("i {count} innych").format(
                    count=len(names) - NAMES_IN_CONFIRMATION
                )
            ui.label(shown).classes("text-gray-600")
            if not active:
                ui.label(
                    _(
                        "Użytkownicy nieaktywnej firmy nie zalogują się do Biurka; "
                        "wiadomości dostaną tylko e-mailem."
                    )
                ).classes("text-sm text-gray-500")

            async def confirm() -> None:
                dialog.close()
                try:
                    changed = await self._services.companies.set_status_many(
                        self._actor, [row["id"] for row in chosen], active
                    )
                except DomainError as error:
                    ui.notify(_(error.message), type="negative")
                    return
                ui.notify(
                    _("Zmieniono status firm: {count}.").format(count=changed), type="positive"
                )
                self._clear_selection()
                await self.load()

            with ui.row().classes("w-full justify-end"):
                ui.button(_("Anuluj"), on_click=dialog.close).props("flat")
                ui.button(_("Ustaw status"), on_click=confirm).props(
                    "unelevated color=primary"
                ).mark("confirm-bulk-status")
        dialog.open()

    async def _bulk_assign(self) -> None:
        company_ids = [row["id"] for row in self._table.selected]
        try:
            # Written in the staff area; imported late so this page works without it.
            from ui.components.assign_staff import bulk_assign_dialog
        except ImportError:
            ui.notify(_("Przydzielanie pracowników nie jest jeszcze dostępne."), type="info")
            return
        await bulk_assign_dialog(self._services, self._actor, company_ids)


async def _deleted_list(services: ServicesLike, actor: Actor) -> None:
    ui.label(
        _(
            "Usunięte firmy można przywrócić przez 30 dni. Potem znikają z Biurka razem "
            "z danymi i użytkownikami."
        )
    ).classes("text-gray-600")

    @ui.refreshable
    def deleted(companies: list[DeletedCompany]) -> None:
        if not companies:
            with ui.card().classes("w-full biurko-card"):
                empty_state(
                    "restore_from_trash",
                    _("Nie ma usuniętych firm."),
                    _("Tu pojawi się firma, którą usuniesz. Przez 30 dni możesz ją przywrócić."),
                )
            return
        with ui.list().props("bordered separator").classes("w-full bg-white rounded"):
            for company in companies:
                with ui.item(), ui.row().classes("w-full items-center gap-3 no-wrap"):
                    with ui.column().classes("gap-0 flex-1 min-w-0"):
                        ui.label(company.name).classes("font-medium truncate")
                        ui.label(
                            _("{identifier} · usunięta {deleted} · przywrócisz do {until}").format(
                                identifier=identifier_text(
                                    company.identifier_type, company.identifier
                                ),
                                deleted=format_day(to_warsaw(company.deleted_at).date()),
                                until=format_day(to_warsaw(company.restorable_until).date()),
                            )
                        ).classes("text-sm text-gray-500")
                    ui.button(
                        _("Przywróć"),
                        icon="restore",
                        on_click=lambda c=company: restore(c.id, c.name),
                    ).props("outline no-caps").mark(f"restore-{company.id}")

    async def reload() -> None:
        companies = await services.companies.deleted_companies(actor)
        if not tab_closed(back):
            await deleted.refresh(companies)

    async def restore(company_id: int, name: str) -> None:
        try:
            await services.companies.restore(actor, company_id)
        except DomainError as error:
            ui.notify(_(error.message), type="negative")
        else:
            ui.notify(_("Przywrócono firmę {name}.").format(name=name), type="positive")
        await reload()

    async def on_event(event: DomainEvent) -> None:
        if isinstance(event, CompanyChanged) and event.office_id == actor.office_id:
            await reload()

    back = ui.button(
        _("Wróć do listy firm"), icon="arrow_back", on_click=lambda: ui.navigate.to(LIST_PATH)
    ).props("flat no-caps color=grey-8")
    deleted(await services.companies.deleted_companies(actor))
    domain_events.subscribe(on_event)
