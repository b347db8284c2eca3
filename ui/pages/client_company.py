"""``/klient/ustawienia``: "Dane firmy" for the client, then the language and the password.

A client with the right to edit gets a phone-first form (one column, large inputs, Enter saves,
errors at the fields); everybody else reads the data under a yellow banner naming who may
change it. The bank accounts card and what the office sets (taxes, ZUS) are read-only lists.
The page listens to ``CompanyChanged``: what the office changes appears in place, and a field
the person is typing in is left alone.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui
from nicegui.elements.mixins.validation_element import ValidationElement

from domain.actors import Actor
from domain.companies.client_edit import ClientCompanyForm, ClientCompanyView
from domain.errors import DomainError, NotFound, PermissionDenied, ValidationError
from domain.events import CompanyChanged, DomainEvent
from domain.identifiers import IdentifierType, format_account, format_phone
from domain.services import ServicesLike
from ui.components.account_settings import (
    language_card,
    notification_choices_card,
    password_card,
)
from ui.components.client_accounts import AccountsCard
from ui.components.company_form import (
    IDENTIFIER_LABELS,
    TAX_FORM_LABELS,
    VAT_PERIOD_LABELS,
    ZUS_PAYER_LABELS,
    identifier_text,
)
from ui.forms import show_field_errors
from ui.frames import client_frame
from ui.i18n import N_, _
from ui.live import domain_events
from ui.pages.companies import tab_closed
from ui.session import actor_of
from ui.theme import empty_state

PATH = "/klient/ustawienia"
NAV_ACTIVE = "/klient/wiecej"  # the bottom navigation's "Więcej" leads here
TEXT_FIELDS = ("identifier", "regon", "address", "email", "phone")


def register(services: ServicesLike) -> None:
    @ui.page(PATH)
    async def company_settings(request: Request) -> RedirectResponse | None:
        actor = actor_of(request)
        if not actor.is_client:
            return RedirectResponse("/biuro")
        async with client_frame(services, actor, N_("Dane firmy"), NAV_ACTIVE):
            view = None
            if actor.company_id is not None:
                try:
                    view = await services.client_company.view(actor, actor.company_id)
                except (NotFound, PermissionDenied):
                    view = None
            if view is None:
                _gone()
            else:
                ClientCompanyPage(services, actor, view).build()
            ui.label(_("Twoje konto")).classes("text-lg font-semibold text-gray-800 pt-2")
            language_card(services, actor, PATH)
            await notification_choices_card(services, actor)
            password_card(services, actor)
        return None


def _gone() -> None:
    with ui.card().classes("w-full biurko-card"):
        empty_state(
            "domain_disabled",
            _("Nie znaleziono firmy."),
            _("Ta firma nie jest już dostępna w Twoim koncie. Napisz do biura."),
        )


def _display(view: ClientCompanyView, name: str) -> str:
    """A stored value as the form shows it: NIP with dashes, phone in groups."""
    if name == "identifier" and view.identifier_type is IdentifierType.NIP:
        return identifier_text(view.identifier_type, view.identifier)
    if name == "phone":
        return format_phone(view.phone) if view.phone else ""
    return str(getattr(view, name))


def _pair(label: str, value: str, mono: bool = False) -> None:
    with ui.column().classes("gap-0 w-full"):
        ui.label(label).classes("text-sm text-gray-500")
        ui.label(value or "—").classes("text-gray-900 break-words" + (" font-mono" if mono else ""))


class ClientCompanyPage:
    def __init__(self, services: ServicesLike, actor: Actor, view: ClientCompanyView) -> None:
        self._services = services
        self._actor = actor
        self._view = view
        self._accounts = AccountsCard(services, actor, view, self._reload)
        self._fields: dict[str, ValidationElement[Any]] = {}

    def build(self) -> None:
        self._root = ui.column().classes("w-full gap-4")
        self._draw()
        domain_events.subscribe(self._on_event)

    def _draw(self) -> None:
        self._root.clear()
        self._fields = {}
        # Per draw, not per class: a class-level refreshable would keep every page alive.
        self._accounts_area = ui.refreshable(self._accounts.draw)
        self._office_area = ui.refreshable(self._draw_office_data)
        with self._root:
            if self._view.can_edit:
                self._draw_form()
            else:
                self._draw_banner()
                self._draw_read_only()
            self._accounts_area()
            self._office_area()

    # --- drawing -----------------------------------------------------------------------------

    def _draw_banner(self) -> None:
        editors = ", ".join(self._view.editors)
        with (
            ui.row()
            .classes("w-full no-wrap items-start gap-3 rounded-lg border border-amber-300")
            .classes("bg-amber-50 text-amber-900 p-3")
            .props('role="status"')
            .mark("read-only-banner")
        ):
            ui.icon("lock", size="24px").classes("text-amber-700 shrink-0")
            with ui.column().classes("gap-0"):
                if editors:
                    ui.label(_("Dane może zmieniać: {names}").format(names=editors)).classes(
                        "font-medium"
                    )
                    hint = _("Jeśli coś się nie zgadza, daj znać tej osobie albo biuru.")
                else:
                    ui.label(_("Dane zmienia biuro.")).classes("font-medium")
                    hint = _("Jeśli coś się nie zgadza, napisz do biura.")
                ui.label(hint).classes("text-sm")

    def _draw_read_only(self) -> None:
        view = self._view
        with ui.card().classes("w-full biurko-card gap-3").mark("company-data"):
            ui.label(view.name).classes("text-lg font-medium")
            _pair(_(IDENTIFIER_LABELS[view.identifier_type]), _display(view, "identifier"))
            if view.identifier_type is not IdentifierType.REGON:
                _pair(_("REGON"), view.regon)
            _pair(_("Adres"), view.address)
            _pair(_("E-mail firmy"), view.email)
            _pair(_("Telefon komórkowy"), _display(view, "phone"))

    def _draw_form(self) -> None:
        view = self._view
        with ui.card().classes("w-full biurko-card gap-2").mark("company-form"):
            ui.label(view.name).classes("text-lg font-medium").mark("company-name")
            ui.label(_("Nazwę firmy i rozliczenia zmienia biuro.")).classes("text-sm text-gray-500")
            kinds = {kind.value: _(label) for kind, label in IDENTIFIER_LABELS.items()}
            kind = ui.select(
                kinds, label=_("Rodzaj identyfikatora"), value=view.identifier_type.value
            )
            kind.props("outlined").classes("w-full").mark("field-identifier_type")
            self._fields["identifier_type"] = kind
            identifier = self._input("identifier", self._identifier_label(kind.value))
            kind.on_value_change(lambda e: identifier.set_label(self._identifier_label(e.value)))
            self._input("regon", _("REGON (opcjonalnie)"), 'inputmode="numeric"')
            self._input("address", _("Adres"), 'autocomplete="street-address"')
            self._input("email", _("E-mail firmy"), 'type="email" autocomplete="email"')
            self._input("phone", _("Telefon komórkowy"), 'type="tel" autocomplete="tel"')
            self._save = ui.button(_("Zapisz zmiany"), icon="check", on_click=self._submit)
            self._save.props("unelevated no-caps size=lg").classes("w-full mt-2")
            self._save.mark("company-save")
            self._status = ui.column().classes("w-full gap-1")

    def _input(self, name: str, label: str, props: str = "") -> ui.input:
        element = ui.input(label, value=_display(self._view, name)).props(f"outlined {props}")
        element.classes("w-full").on("keydown.enter", self._submit).mark(f"field-{name}")
        self._fields[name] = element
        return element

    def _identifier_label(self, kind: object) -> str:
        try:
            return _(IDENTIFIER_LABELS[IdentifierType(str(kind))])
        except ValueError:
            return _("Identyfikator")

    def _draw_office_data(self) -> None:
        view = self._view
        with ui.card().classes("w-full biurko-card gap-3").mark("office-data"):
            ui.label(_("Podatki i ZUS")).classes("text-lg font-medium")
            ui.label(_("Te dane ustala biuro.")).classes("text-sm text-gray-500 -mt-2")
            _pair(_("Forma opodatkowania"), _(TAX_FORM_LABELS[view.tax_form]))
            _pair(_("Okres rozliczenia VAT"), _(VAT_PERIOD_LABELS[view.vat_period]))
            _pair(_("Termin płatności składek ZUS"), _(ZUS_PAYER_LABELS[view.zus_payer]))
            account = format_account(view.zus_account) if view.zus_account else ""
            _pair(_("Rachunek składkowy ZUS"), account, mono=True)

    # --- saving ------------------------------------------------------------------------------

    def _form(self) -> ClientCompanyForm:
        def text(name: str) -> str:
            return str(self._fields[name].value or "")

        return ClientCompanyForm(
            identifier_type=text("identifier_type"),
            identifier=text("identifier"),
            regon=text("regon"),
            address=text("address"),
            email=text("email"),
            phone=text("phone"),
        )

    async def _submit(self) -> None:
        self._status.clear()
        self._save.props("loading")
        try:
            result = await self._services.client_company.update(
                self._actor, self._view.company_id, self._form()
            )
        except ValidationError as error:
            show_field_errors(self._fields, error.errors)
            ui.notify(_("Popraw zaznaczone pola."), type="negative")
            return
        except DomainError as error:
            ui.notify(_(error.message), type="negative")
            return
        finally:
            self._save.props(remove="loading")
        show_field_errors(self._fields, {})
        ui.notify(_("Zapisano dane firmy. Biuro widzi je od razu."), type="positive")
        with self._status:
            with ui.row().classes("items-center gap-1 text-positive").mark("saved-note"):
                ui.icon("check_circle")
                ui.label(_("Zmiany zapisane."))
            for message in result.warnings.values():
                ui.label(_(message)).classes("text-sm text-amber-900").mark("save-warning")
                ui.notify(_(message), type="warning", multi_line=True, timeout=10_000)
        await self._reload(fill_all=True)

    # --- live --------------------------------------------------------------------------------

    async def _reload(self, fill_all: bool = False) -> None:
        old = self._view
        try:
            view = await self._services.client_company.view(self._actor, old.company_id)
        except (NotFound, PermissionDenied):
            if not tab_closed(self._root):
                self._root.clear()
                with self._root:
                    _gone()
            return
        if tab_closed(self._root):
            return
        self._view = self._accounts.view = view
        rights = (view.can_edit, view.can_manage_accounts)
        if rights != (old.can_edit, old.can_manage_accounts) or not view.can_edit:
            self._draw()
            return
        self._fill(old, fill_all)
        await self._accounts_area.refresh()
        await self._office_area.refresh()

    def _fill(self, old: ClientCompanyView, fill_all: bool) -> None:
        """New stored values into the fields the person has not touched (or all after saving)."""
        kind = self._fields["identifier_type"]
        if fill_all or kind.value == old.identifier_type.value:
            kind.value = self._view.identifier_type.value
        for name in TEXT_FIELDS:
            field = self._fields[name]
            if fill_all or (field.value or "") == _display(old, name):
                field.value = _display(self._view, name)

    async def _on_event(self, event: DomainEvent) -> None:
        if isinstance(event, CompanyChanged) and event.company_id == self._view.company_id:
            await self._reload()
