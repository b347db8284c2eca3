"""Dziennik zmian: who changed what and when, with filters and server-side paging. Read-only."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

from domain.actors import Actor
from domain.audit import AuditEntry, AuditFilter, AuditFilterOptions, AuditPage
from domain.errors import PermissionDenied
from domain.formatting import format_moment
from domain.services import ServicesLike
from ui.frames import office_frame
from ui.i18n import N_, _
from ui.session import actor_of
from ui.theme import empty_state

ADMIN_ONLY = N_("Tę stronę widzi tylko administrator biura.")
PAGE_SIZE = 25
KIND_LABELS = {
    "company.created": N_("Dodano firmę"),
    "company.updated": N_("Zmieniono dane firmy"),
    "company.status": N_("Zmieniono status firmy"),
    "company.deleted": N_("Usunięto firmę"),
    "company.restored": N_("Przywrócono firmę"),
    "user.invited": N_("Zaproszono użytkownika klienta"),
    "staff.invited": N_("Zaproszono pracownika"),
    "assignment.changed": N_("Zmieniono przypisania firm"),
    "settings.changed": N_("Zmieniono ustawienia biura"),
}
FIELD_LABELS = {
    "name": N_("Nazwa"),
    "nip": N_("NIP"),
    "address": N_("Adres"),
    "email": N_("E-mail"),
    "phone": N_("Telefon"),
    "website": N_("Strona internetowa"),
    "logo": N_("Logo"),
    "active": N_("Aktywna"),
    "status": N_("Status"),
    "smtp_mode": N_("Wysyłka e-maili"),
    "smtp_host": N_("Serwer SMTP"),
    "smtp_port": N_("Port"),
    "smtp_security": N_("Zabezpieczenie"),
    "smtp_username": N_("Login"),
    "smtp_password": N_("Hasło"),
    "smtp_sender": N_("Nadawca"),
}
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y")


def register(services: ServicesLike) -> None:
    @ui.page("/biuro/dziennik")
    async def audit_page(request: Request) -> RedirectResponse | None:
        actor = actor_of(request)
        if not actor.is_staff:
            return RedirectResponse("/klient")
        async with office_frame(services, actor, N_("Dziennik zmian"), "/biuro/dziennik"):
            try:
                options = await services.audit_query.filter_options(actor)
            except PermissionDenied:
                ui.label(_(ADMIN_ONLY)).classes("text-gray-600")
                return None
            await _audit_log(services, actor, options)
        return None


def kind_label(kind: str) -> str:
    """A Polish label for a known kind, the raw kind otherwise."""
    label = KIND_LABELS.get(kind)
    return _(label) if label else kind


def _parse_day(text: str | None) -> date | None:
    value = (text or "").strip()
    if not value:
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(value)


def _show_value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("tak") if value else _("nie")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


async def _audit_log(services: ServicesLike, actor: Actor, options: AuditFilterOptions) -> None:
    ui.label(
        _(
            "Każda zmiana w biurze zostawia tu ślad: kto, kiedy i co zmienił. "
            "Wpisów nie da się zmienić ani usunąć."
        )
    ).classes("text-gray-600")
    kinds = {k: kind_label(k) for k in (*KIND_LABELS, *options.kinds)}
    people = {f"{p.kind}:{p.id}": p.name for p in options.people if p.id is not None}
    companies = {str(company_id): name for company_id, name in options.companies}
    state: dict[str, Any] = {"page": 1}

    with (
        ui.card().classes("w-full biurko-card"),
        ui.grid(columns="repeat(3, minmax(0, 1fr))").classes("w-full gap-3 items-center"),
    ):
        company_filter = ui.select(companies, label=_("Firma"), clearable=True, with_input=True)
        person_filter = ui.select(people, label=_("Osoba"), clearable=True, with_input=True)
        kind_filter = ui.select(kinds, label=_("Rodzaj zmiany"), clearable=True)
        date_from = ui.date_input(_("Od dnia"))
        date_to = ui.date_input(_("Do dnia"))
        for element in (company_filter, person_filter, kind_filter, date_from, date_to):
            element.props("outlined dense hide-bottom-space").classes("w-full")
        for picker in (date_from.picker, date_to.picker):
            picker.props('mask="YYYY-MM-DD"')
        with ui.row().classes("gap-2 no-wrap"):
            ui.button(_("Szukaj"), icon="search", on_click=lambda: search(1)).mark("audit-search")
            ui.button(_("Wyczyść"), on_click=lambda: clear()).props("flat")

    def clear() -> None:
        state["quiet"] = True  # one search after all five fields are cleared, not five
        try:
            for element in (company_filter, person_filter, kind_filter, date_from, date_to):
                element.value = None
        finally:
            state["quiet"] = False
        search(1)

    def date_changed(text: str | None) -> None:
        # Search as soon as a whole date is there (picked or typed); never mid-typing.
        try:
            _parse_day(text)
        except ValueError:
            return
        search(1)

    for select in (company_filter, person_filter, kind_filter):
        select.on_value_change(lambda: search(1))
    for day_input in (date_from, date_to):
        day_input.on_value_change(lambda e: date_changed(e.value))

    def current_filter() -> AuditFilter | None:
        days: list[date | None] = []
        for field in (date_from, date_to):
            try:
                days.append(_parse_day(field.value))
            except ValueError:
                field.props["error"] = True
                field.props["error-message"] = _("Wpisz datę jako RRRR-MM-DD.")
                return None
            field.props["error"] = False
            field.props["error-message"] = ""
        actor_kind, actor_id = "", None
        if person_filter.value:
            actor_kind, _sep, raw_id = str(person_filter.value).partition(":")
            actor_id = int(raw_id)
        return AuditFilter(
            company_id=int(company_filter.value) if company_filter.value else None,
            actor_kind=actor_kind,
            actor_id=actor_id,
            kind=str(kind_filter.value or ""),
            date_from=days[0],
            date_to=days[1],
        )

    def search(page: int) -> None:
        if state.get("quiet"):
            return
        state["page"] = page
        results.refresh()

    @ui.refreshable
    async def results() -> None:
        filters = current_filter()
        if filters is None:
            return
        found = await services.audit_query.search(
            actor, filters, page=state["page"], page_size=PAGE_SIZE
        )
        _entries(found, actor.language)
        if found.pages > 1:
            with ui.row().classes("w-full justify-center"):
                ui.pagination(
                    1,
                    found.pages,
                    direction_links=True,
                    value=found.page,
                    on_change=lambda e: search(int(e.value)),
                ).props("max-pages=7 boundary-numbers")

    await results()


def _entries(found: AuditPage, language: str) -> None:
    if not found.entries:
        with ui.card().classes("w-full biurko-card"):
            empty_state(
                "history",
                _("Brak wpisów."),
                _(
                    "Tu pojawią się zmiany firm, użytkowników, pracowników i ustawień. "
                    "Jeśli używasz filtrów, spróbuj je poluzować."
                ),
            )
        return
    first = (found.page - 1) * found.page_size + 1
    last = first + len(found.entries) - 1
    ui.label(
        _("Wpisy {first}–{last} z {total}").format(first=first, last=last, total=found.total)
    ).classes("text-sm text-gray-500")
    with ui.list().props("bordered separator").classes("w-full bg-white rounded"):
        for entry in found.entries:
            _entry(entry, found.company_names)


def _company_name(entry: AuditEntry, names: dict[int, str]) -> str:
    if entry.company_id is None:
        return ""
    return names.get(entry.company_id) or _("firma usunięta na stałe")


def _entry(entry: AuditEntry, company_names: dict[int, str]) -> None:
    expansion = ui.expansion().classes("w-full").props("dense")
    with expansion.add_slot("header"), ui.row().classes("w-full items-center gap-3 no-wrap py-1"):
        ui.label(format_moment(entry.at)).classes("text-sm text-gray-500 w-32 shrink-0")
        ui.label(entry.actor_name or "—").classes("w-48 shrink-0 truncate")
        with ui.column().classes("gap-0 flex-1 min-w-0"):
            ui.label(kind_label(entry.kind)).classes("font-medium")
            if entry.summary:
                ui.label(entry.summary).classes("text-sm text-gray-600 truncate")
        company = _company_name(entry, company_names)
        if company:
            ui.label(company).classes("text-sm text-gray-700 w-56 shrink-0 truncate text-right")
    with expansion:
        _details(entry.details)


def _details(details: dict[str, Any]) -> None:
    before, after = details.get("before"), details.get("after")
    if isinstance(before, dict) and isinstance(after, dict):
        names = list(dict.fromkeys([*before, *after]))
        with ui.element("q-markup-table").props("flat dense bordered").classes("w-full"):
            with ui.element("thead"), ui.element("tr"):
                for text in (_("Pole"), _("Przed"), _("Po")):
                    with ui.element("th").classes("text-left"):
                        ui.label(text)
            with ui.element("tbody"):
                for name in names:
                    with ui.element("tr"):
                        label = FIELD_LABELS.get(name)
                        for text in (
                            _(label) if label else name,
                            _show_value(before.get(name)),
                            _show_value(after.get(name)),
                        ):
                            with ui.element("td").classes("text-left whitespace-normal"):
                                ui.label(text)
        rest = {k: v for k, v in details.items() if k not in {"before", "after"}}
    else:
        rest = details
    if not rest and not (isinstance(before, dict) and isinstance(after, dict)):
        ui.label(_("Brak szczegółów.")).classes("text-sm text-gray-500")
    for key, value in rest.items():
        label = FIELD_LABELS.get(key)
        ui.label(f"{_(label) if label else key}: {_show_value(value)}").classes("text-sm")
