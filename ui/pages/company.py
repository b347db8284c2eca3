"""``/biuro/firmy/{id}``: one company: header with status and actions, data, client users, and
the tabs later issues fill. A company the actor may not see answers "Nie znaleziono firmy"."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

from domain.actors import Actor
from domain.companies.model import (
    CompanyDetails,
    SaveResult,
    StatusInterval,
)
from domain.errors import DomainError, NotFound, PermissionDenied, ValidationError
from domain.events import CompanyChanged, DomainEvent
from domain.formatting import format_moment
from domain.identifiers import format_account, format_phone
from domain.services import ServicesLike
from ui.components.company_form import (
    IDENTIFIER_LABELS,
    TAX_FORM_LABELS,
    VAT_PERIOD_LABELS,
    ZUS_PAYER_LABELS,
    identifier_text,
    open_company_form,
)
from ui.forms import run_notified, show_field_errors
from ui.frames import office_frame
from ui.i18n import N_, _
from ui.live import domain_events
from ui.pages.companies import tab_closed
from ui.pages.company_entries import entry_tab_panels, entry_tabs
from ui.pages.company_notifications import notifications_panel, notifications_tab
from ui.pages.company_reminders import reminder_log
from ui.pages.company_user_dialog import confirm_dialog
from ui.pages.company_users import CompanyUsersTab
from ui.pages.messages_office import company_threads
from ui.session import actor_of
from ui.theme import empty_state, status_chip

LIST_PATH = "/biuro/firmy"
EMPTY_TABS = (
    (
        "dokumenty",
        N_("Dokumenty"),
        "description",
        N_("Tu pojawią się dokumenty od klienta."),
        N_("Zdjęcia i PDF-y faktur, które klient prześle z telefonu."),
    ),
    (
        "wiadomosci",
        N_("Wiadomości"),
        "mail",
        N_("Tu pojawi się korespondencja z firmą."),
        N_("Wiadomości do klienta z potwierdzeniem odczytu."),
    ),
)


def register(services: ServicesLike) -> None:
    @ui.page(LIST_PATH + "/{company_id}")
    async def company_page(request: Request, company_id: int) -> RedirectResponse | None:
        actor = actor_of(request)
        if not actor.is_staff:
            return RedirectResponse("/klient")
        try:
            details = await services.companies.get(actor, company_id)
        except (NotFound, PermissionDenied):
            async with office_frame(services, actor, N_("Nie znaleziono firmy"), LIST_PATH):
                _not_found()
            return None
        async with office_frame(services, actor, N_("Firmy"), LIST_PATH):
            ui.page_title(f"{details.name} · Biurko")
            await CompanyView(services, actor, details).build()
        return None


def _not_found() -> None:
    with ui.card().classes("w-full biurko-card").mark("company-not-found"):
        empty_state(
            "search_off",
            _("Nie znaleziono firmy."),
            _("Ta firma nie istnieje, została usunięta albo nie masz do niej dostępu."),
        )
        with ui.row().classes("w-full justify-center pb-8"):
            ui.button(
                _("Wróć do listy firm"),
                icon="arrow_back",
                on_click=lambda: ui.navigate.to(LIST_PATH),
            ).props("outline")


def _status_text(active: bool) -> str:
    return _("Aktywna") if active else _("Nieaktywna")


def _interval_text(interval: StatusInterval) -> str:
    start = format_moment(interval.started_at)
    if interval.ended_at is None:
        return _("od {start} (trwa)").format(start=start)
    return _("od {start} do {end}").format(start=start, end=format_moment(interval.ended_at))


class CompanyView:
    def __init__(self, services: ServicesLike, actor: Actor, details: CompanyDetails) -> None:
        self._services = services
        self._actor = actor
        self._details = details
        # Per view, not per class: a class-level refreshable would keep every view alive.
        self._header = ui.refreshable(self._draw_header)
        self._data = ui.refreshable(self._draw_data)
        self._users_tab = CompanyUsersTab(services, actor, lambda: self._details)

    async def build(self) -> None:
        self._root = ui.column().classes("w-full gap-4")
        with self._root:
            self._header()
            with (
                ui.tabs()
                .props("align=left no-caps inline-label")
                .classes("w-full bg-white rounded text-gray-700") as tabs
            ):
                ui.tab("dane", label=_("Dane"), icon="badge")
                ui.tab("uzytkownicy", label=_("Użytkownicy"), icon="group")
                entry_tabs()
                notifications_tab()
                for name, label, icon, _headline, _text in EMPTY_TABS:
                    ui.tab(name, label=_(label), icon=icon)
            with ui.tab_panels(tabs, value="dane").classes("w-full bg-transparent"):
                with ui.tab_panel("dane").classes("p-0 gap-4"):
                    self._data()
                    await self._staff_editor()
                with ui.tab_panel("uzytkownicy").classes("p-0"):
                    await self._users_tab.build()
                    await reminder_log(self._services, self._actor, self._details, tabs)
                await entry_tab_panels(self._services, self._actor, self._details, tabs)
                await notifications_panel(self._services, self._actor, self._details)
                for name, _label, icon, headline, text in EMPTY_TABS:
                    if name == "wiadomosci":  # the company's threads: ui/pages/messages_office.py
                        with ui.tab_panel(name).classes("p-0"):
                            await company_threads(self._services, self._actor, self._details.id)
                        continue
                    with ui.tab_panel(name).classes("p-0"), ui.card().classes("w-full biurko-card"):
                        empty_state(icon, _(headline), _(text))
        domain_events.subscribe(self._on_event)

    # --- header ------------------------------------------------------------------------------

    def _draw_header(self) -> None:
        details = self._details
        data = details.data
        with (
            ui.card().classes("w-full biurko-card").mark("company-header"),
            ui.row().classes("w-full items-center gap-3"),
        ):
            ui.button(icon="arrow_back", on_click=lambda: ui.navigate.to(LIST_PATH)).props(
                f'flat round color=grey-8 aria-label="{_("Wróć do listy firm")}"'
            ).tooltip(_("Wróć do listy firm"))
            with ui.column().classes("gap-0 flex-1 min-w-0"):
                with ui.row().classes("items-center gap-2"):
                    ui.label(data.name).classes("text-xl font-semibold text-gray-800").mark(
                        "company-name"
                    )
                    status_chip(
                        _status_text(details.active), "positive" if details.active else "grey-7"
                    )
                    if data.prefix:
                        ui.chip(data.prefix).props("dense square color=grey-3 text-color=grey-9")
                ui.label(identifier_text(data.identifier_type, data.identifier)).classes(
                    "text-gray-600"
                )
            ui.button(_("Edytuj"), icon="edit", on_click=self._edit).props("outline no-caps").mark(
                "company-edit"
            )
            ui.button(_("Zmień status"), icon="toggle_on", on_click=self._confirm_status).props(
                "outline no-caps"
            ).mark("company-status")
            ui.button(_("Usuń"), icon="delete", on_click=self._confirm_delete).props(
                "outline no-caps color=negative"
            ).mark("company-delete")

    # --- data tab ----------------------------------------------------------------------------

    def _draw_data(self) -> None:
        data = self._details.data
        with ui.card().classes("w-full biurko-card gap-1").mark("company-data"):
            self._heading(_("Dane firmy"))
            with self._pairs():
                self._pair(_("Nazwa"), data.name)
                self._pair(_("Prefiks"), data.prefix)
                self._pair(
                    _(IDENTIFIER_LABELS[data.identifier_type]),
                    identifier_text(data.identifier_type, data.identifier).split(" ")[-1],
                )
                self._pair(_("REGON"), data.regon)
                self._pair(_("Adres"), data.address)
                self._pair(_("E-mail"), data.email)
                self._pair(_("Telefon"), format_phone(data.phone) if data.phone else "")
            self._heading(_("Rozliczenia"))
            with self._pairs():
                self._pair(_("Forma opodatkowania"), _(TAX_FORM_LABELS[data.tax_form]))
                self._pair(_("Okres rozliczenia VAT"), _(VAT_PERIOD_LABELS[data.vat_period]))
                self._pair(_("Termin płatności składek ZUS"), _(ZUS_PAYER_LABELS[data.zus_payer]))
                self._account_pair(_("Rachunek składkowy ZUS"), data.zus_account)
                self._pair(
                    _("Moduł faktur"), _("Włączony") if data.invoice_module else _("Wyłączony")
                )
            self._heading(_("Rachunki bankowe"))
            if not data.bank_accounts:
                ui.label(_("Firma nie podała jeszcze rachunku bankowego.")).classes("text-gray-500")
            with self._pairs():
                for account in data.bank_accounts:
                    self._account_pair(account.label or _("Rachunek"), account.number)
            self._heading(_("Notatka wewnętrzna"))
            ui.label(data.internal_note or _("Brak notatki. Widzi ją tylko biuro.")).classes(
                "whitespace-pre-line " + ("" if data.internal_note else "text-gray-500")
            )
            self._heading(_("Historia statusu"))
            if not self._details.history:
                ui.label(_("Firma nie była jeszcze aktywna.")).classes("text-gray-500")
            for interval in self._details.history:
                ui.label(_("Aktywna {period}").format(period=_interval_text(interval))).classes(
                    "text-gray-700"
                )
            ui.label(
                _("Dodana {moment}").format(moment=format_moment(self._details.created_at))
            ).classes("text-sm text-gray-500 pt-2")

    def _heading(self, text: str) -> None:
        ui.label(text).classes(
            "text-sm font-semibold uppercase tracking-wide text-gray-500 pt-3 first:pt-0"
        )

    def _pairs(self) -> ui.grid:
        return (
            ui.grid(columns=2)
            .classes("w-full gap-x-6 gap-y-1")
            .style("grid-template-columns: minmax(140px, 240px) 1fr")
        )

    def _pair(self, label: str, value: str) -> None:
        ui.label(label).classes("text-gray-500")
        ui.label(value or "—").classes("text-gray-900 break-words")

    def _account_pair(self, label: str, number: str) -> None:
        ui.label(label).classes("text-gray-500")
        if not number:
            ui.label("—")
            return
        with ui.row().classes("items-center gap-1 no-wrap"):
            ui.label(format_account(number)).classes("font-mono text-gray-900")
            ui.button(
                icon="content_copy", on_click=lambda: self._copy(format_account(number))
            ).props(
                f'flat round dense size=sm color=grey-7 aria-label="{_("Kopiuj numer")}"'
            ).tooltip(_("Kopiuj numer"))

    def _copy(self, text: str) -> None:
        ui.clipboard.write(text)
        ui.notify(_("Skopiowano numer rachunku."))

    async def _staff_editor(self) -> None:
        """The staff area's card, when that module is installed."""
        try:
            from ui.components.assign_staff import company_staff_editor
        except ImportError:
            return
        await company_staff_editor(self._services, self._actor, self._details.id)

    # --- actions -----------------------------------------------------------------------------

    async def _edit(self) -> None:
        async def saved(_result: SaveResult, name: str) -> None:
            ui.notify(_("Zapisano dane firmy {name}.").format(name=name), type="positive")
            await self._reload()

        try:
            fresh = await self._services.companies.get(self._actor, self._details.id)
        except DomainError as error:
            ui.notify(_(error.message), type="negative")
            return
        open_company_form(self._services, self._actor, fresh, saved)

    def _confirm_status(self) -> None:
        details = self._details
        activate = not details.active
        question = (
            _("Ustawić firmę „{name}” jako aktywną?")
            if activate
            else _("Ustawić firmę „{name}” jako nieaktywną?")
        ).format(name=details.name)
        text = (
            _("Użytkownicy firmy znów będą mogli logować się do Biurka.")
            if activate
            else _(
                "Użytkownicy nieaktywnej firmy nie zalogują się do Biurka; wiadomości dostaną "
                "tylko e-mailem."
            )
        )

        async def confirm() -> None:
            success = _("Firma {name} ma teraz status „{status}”.").format(
                name=details.name, status=_status_text(activate)
            )
            if await run_notified(
                self._services.companies.set_status(self._actor, details.id, activate), success
            ):
                await self._reload()

        label = _("Ustaw jako aktywną") if activate else _("Ustaw jako nieaktywną")
        confirm_dialog(question, text, label, confirm, "primary")

    def _confirm_delete(self) -> None:
        details = self._details
        with (
            ui.dialog() as dialog,
            ui.card().classes("w-full max-w-md gap-3").mark("delete-dialog"),
        ):
            ui.label(_("Usunąć firmę „{name}”?").format(name=details.name)).classes(
                "text-lg font-medium"
            )
            ui.label(
                _(
                    "Firma zniknie z listy, a jej użytkownicy stracą dostęp. Przez 30 dni "
                    "możesz ją przywrócić w „Usunięte firmy”."
                )
            ).classes("text-gray-600")
            confirmation = (
                ui.input(_("Wpisz nazwę firmy, aby potwierdzić"))
                .props("outlined dense autofocus")
                .classes("w-full")
                .mark("delete-confirmation")
            )

            async def delete() -> None:
                confirmation.error = None
                try:
                    await self._services.companies.delete(
                        self._actor, details.id, str(confirmation.value or "")
                    )
                except ValidationError as error:
                    show_field_errors({"confirmation": confirmation}, error.errors)
                    return
                except DomainError as error:
                    ui.notify(_(error.message), type="negative")
                    return
                dialog.close()
                ui.notify(_("Usunięto firmę {name}.").format(name=details.name), type="positive")
                ui.navigate.to(LIST_PATH)

            confirmation.on("keydown.enter", delete)
            with ui.row().classes("w-full justify-end"):
                ui.button(_("Anuluj"), on_click=dialog.close).props("flat")
                ui.button(_("Usuń firmę"), on_click=delete).props("unelevated color=negative").mark(
                    "confirm-delete"
                )
        dialog.open()

    # --- live --------------------------------------------------------------------------------

    # Data is read first and drawn after: a tab closed meanwhile is left alone.

    async def _reload(self) -> None:
        try:
            details = await self._services.companies.get(self._actor, self._details.id)
        except (NotFound, PermissionDenied):
            if not tab_closed(self._root):
                self._root.clear()
                with self._root:
                    _not_found()
            return
        if tab_closed(self._root):
            return
        self._details = details
        with self._root:
            ui.page_title(f"{details.name} · Biurko")
        await self._header.refresh()
        await self._data.refresh()
        await self._users_tab.reload()

    async def _on_event(self, event: DomainEvent) -> None:
        if isinstance(event, CompanyChanged) and event.company_id == self._details.id:
            await self._reload()
