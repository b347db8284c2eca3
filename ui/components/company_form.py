"""The company form in a dialog: adding and editing share it. Errors appear at the fields,
what the person typed stays, Enter saves, Escape closes. The service decides everything."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from nicegui import ui
from nicegui.elements.mixins.validation_element import ValidationElement

from domain.actors import Actor
from domain.companies.model import (
    BankAccountInput,
    CompanyDetails,
    CompanyForm,
    SaveResult,
    TaxForm,
    VatPeriod,
)
from domain.deadlines import ZusPayerDeadline
from domain.errors import DomainError, ValidationError
from domain.identifiers import IdentifierType, format_account, format_nip
from domain.services import ServicesLike
from ui.forms import show_field_errors
from ui.i18n import N_, _

IDENTIFIER_LABELS = {
    IdentifierType.NIP: N_("NIP"),
    IdentifierType.PESEL: N_("PESEL"),
    IdentifierType.VAT_UE: N_("VAT UE"),
    IdentifierType.REGON: N_("REGON"),
}
TAX_FORM_LABELS = {
    TaxForm.SKALA: N_("Skala podatkowa"),
    TaxForm.LINIOWY: N_("Podatek liniowy"),
    TaxForm.RYCZALT: N_("Ryczałt ewidencjonowany"),
    TaxForm.KARTA: N_("Karta podatkowa"),
    TaxForm.CIT: N_("CIT (spółka)"),
}
VAT_PERIOD_LABELS = {
    VatPeriod.MONTHLY: N_("Miesięcznie"),
    VatPeriod.QUARTERLY: N_("Kwartalnie"),
    VatPeriod.NONE: N_("Nie rozlicza VAT"),
}
ZUS_PAYER_LABELS = {
    ZusPayerDeadline.DAY_5: N_("Do 5. dnia miesiąca (jednostki budżetowe)"),
    ZusPayerDeadline.DAY_15: N_("Do 15. dnia miesiąca (osoby prawne)"),
    ZusPayerDeadline.DAY_20: N_("Do 20. dnia miesiąca (pozostali płatnicy)"),
}
OUTLINED = "outlined dense"

SavedHandler = Callable[[SaveResult, str], Awaitable[None]]


def identifier_text(kind: IdentifierType, identifier: str) -> str:
    """A NIP as ``526-104-08-28``; other identifiers with their kind, e.g. ``PESEL 440...``."""
    if kind is IdentifierType.NIP:
        try:
            return format_nip(identifier)
        except ValidationError:
            return identifier
    return f"{_(IDENTIFIER_LABELS[kind])} {identifier}"


Fields = dict[str, ValidationElement[Any]]


@dataclass
class _AccountRow:
    row: ui.row
    number: ui.input
    label: ui.input


class CompanyFormDialog:
    def __init__(
        self,
        services: ServicesLike,
        actor: Actor,
        company: CompanyDetails | None,
        on_saved: SavedHandler,
    ) -> None:
        self._services = services
        self._actor = actor
        self._company = company
        self._on_saved = on_saved
        self._fields: Fields = {}
        self._accounts: list[_AccountRow] = []
        self.dialog = ui.dialog().props("no-backdrop-dismiss")
        with self.dialog, ui.card().classes("w-full max-w-3xl gap-3").mark("company-form"):
            self._build(company.to_form() if company else CompanyForm())

    def _build(self, initial: CompanyForm) -> None:
        creating = self._company is None
        title = _("Dodaj firmę") if creating else _("Edytuj dane firmy")
        ui.label(title).classes("text-xl font-semibold text-gray-800")
        self._section(_("Firma"))
        with ui.grid(columns=2).classes("w-full gap-x-4 gap-y-1"):
            self._input("name", _("Nazwa firmy"), initial.name).classes("col-span-2").props(
                "autofocus"
            )
            self._input("prefix", _("Prefiks (opcjonalnie)"), initial.prefix).props(
                f'hint="{_("Skrót widoczny na liście, np. PZK")}"'
            )
            if creating:
                self._active = ui.switch(_("Firma aktywna"), value=initial.active).mark(
                    "company-active"
                )
            else:
                ui.element("div")
            kinds = {kind.value: _(label) for kind, label in IDENTIFIER_LABELS.items()}
            kind = self._select(
                "identifier_type", _("Rodzaj identyfikatora"), kinds, initial.identifier_type
            )
            identifier = self._input(
                "identifier", self._identifier_label(kind.value), initial.identifier
            )
            kind.on_value_change(lambda e: identifier.set_label(self._identifier_label(e.value)))
            self._input("regon", _("REGON (opcjonalnie)"), initial.regon)
            ui.element("div")
            self._input("address", _("Adres"), initial.address).classes("col-span-2")
            self._input("email", _("E-mail firmy"), initial.email)
            self._input("phone", _("Telefon komórkowy"), initial.phone)
        self._section(_("Rozliczenia"))
        with ui.grid(columns=2).classes("w-full gap-x-4 gap-y-1"):
            taxes = {form.value: _(label) for form, label in TAX_FORM_LABELS.items()}
            self._select("tax_form", _("Forma opodatkowania"), taxes, initial.tax_form)
            periods = {period.value: _(label) for period, label in VAT_PERIOD_LABELS.items()}
            self._select("vat_period", _("Okres rozliczenia VAT"), periods, initial.vat_period)
            payers = {int(day): _(label) for day, label in ZUS_PAYER_LABELS.items()}
            zus_label = _("Termin płatności składek ZUS")
            self._select("zus_payer", zus_label, payers, int(initial.zus_payer))
            self._invoice = ui.switch(_("Moduł faktur"), value=initial.invoice_module).mark(
                "company-invoice-module"
            )
            self._input(
                "zus_account",
                _("Rachunek składkowy ZUS (NRS)"),
                _display_account(initial.zus_account),
            ).classes("col-span-2").props(f'hint="{_("Numer z pisma z ZUS lub z eskladka.pl")}"')
        self._section(_("Rachunki bankowe firmy"))
        self._account_list = ui.column().classes("w-full gap-1")
        for account in initial.bank_accounts:
            self._add_account(account)
        ui.button(_("Dodaj rachunek"), icon="add", on_click=lambda: self._add_account()).props(
            "flat dense no-caps"
        ).mark("add-account")
        self._section(_("Notatka wewnętrzna"))
        note = ui.textarea(_("Notatka (widzi ją tylko biuro)"), value=initial.internal_note)
        self._fields["internal_note"] = note.props(f"{OUTLINED} autogrow").classes("w-full")
        note.mark("field-internal_note")
        with ui.row().classes("w-full justify-end gap-2 pt-2"):
            ui.button(_("Anuluj"), on_click=self.dialog.close).props("flat")
            label = _("Dodaj firmę") if creating else _("Zapisz zmiany")
            self._save = ui.button(label, on_click=self.submit).props("unelevated color=primary")
            self._save.mark("company-form-save")

    def _section(self, title: str) -> None:
        ui.label(title).classes("text-sm font-semibold uppercase tracking-wide text-gray-500 pt-2")

    def _identifier_label(self, kind: str) -> str:
        try:
            return _(IDENTIFIER_LABELS[IdentifierType(kind)])
        except ValueError:
            return _("Identyfikator")

    def _input(self, name: str, label: str, value: str) -> ui.input:
        element = ui.input(label, value=value).props(OUTLINED).classes("w-full")
        element.on("keydown.enter", self.submit).mark(f"field-{name}")
        self._fields[name] = element
        return element

    def _select(self, name: str, label: str, options: dict[Any, str], value: object) -> ui.select:
        element = ui.select(options, label=label, value=value if value in options else None)
        element.props(OUTLINED).classes("w-full").mark(f"field-{name}")
        self._fields[name] = element
        return element

    def _add_account(self, account: BankAccountInput | None = None) -> None:
        index = len(self._accounts)
        number_text = _display_account(account.number) if account else ""
        with self._account_list, ui.row().classes("w-full items-start gap-2 no-wrap") as row:
            number = ui.input(_("Numer rachunku"), value=number_text).props(OUTLINED)
            number.classes("flex-grow").on("keydown.enter", self.submit)
            label = ui.input(_("Opis (opcjonalnie)"), value=account.label if account else "")
            label.props(OUTLINED).classes("w-48").on("keydown.enter", self.submit)
            entry = _AccountRow(row, number, label)
            ui.button(icon="delete", on_click=lambda: self._remove_account(entry)).props(
                f'flat round dense color=grey-7 aria-label="{_("Usuń rachunek")}"'
            ).classes("mt-1").tooltip(_("Usuń rachunek"))
        self._accounts.append(entry)
        self._fields[f"bank_account_{index}"] = number
        self._fields[f"bank_label_{index}"] = label

    def _remove_account(self, entry: _AccountRow) -> None:
        self._accounts.remove(entry)
        entry.row.delete()
        # Field names follow the positions, so errors land on the right row again.
        for name in [n for n in self._fields if n.startswith("bank_")]:
            del self._fields[name]
        for index, account in enumerate(self._accounts):
            self._fields[f"bank_account_{index}"] = account.number
            self._fields[f"bank_label_{index}"] = account.label

    def _form(self) -> CompanyForm:
        def text(name: str) -> str:
            return str(self._fields[name].value or "")

        return CompanyForm(
            name=text("name"),
            prefix=text("prefix"),
            identifier_type=text("identifier_type"),
            identifier=text("identifier"),
            regon=text("regon"),
            address=text("address"),
            email=text("email"),
            phone=text("phone"),
            tax_form=text("tax_form"),
            vat_period=text("vat_period"),
            zus_payer=self._fields["zus_payer"].value or 0,
            zus_account=text("zus_account"),
            bank_accounts=tuple(
                BankAccountInput(str(a.number.value or ""), str(a.label.value or ""))
                for a in self._accounts
            ),
            invoice_module=bool(self._invoice.value),
            internal_note=text("internal_note"),
            active=bool(self._active.value) if self._company is None else self._company.active,
        )

    async def submit(self) -> None:
        for element in self._fields.values():
            element.error = None
        form = self._form()
        self._save.props("loading")
        try:
            if self._company is None:
                result = await self._services.companies.create(self._actor, form)
            else:
                result = await self._services.companies.update(self._actor, self._company.id, form)
        except ValidationError as error:
            show_field_errors(self._fields, error.errors)
            return
        except DomainError as error:
            ui.notify(_(error.message), type="negative")
            return
        finally:
            self._save.props(remove="loading")
        self.dialog.close()
        for message in result.warnings.values():
            ui.notify(_(message), type="warning", multi_line=True, timeout=10_000)
        await self._on_saved(result, " ".join(form.name.split()))


def _display_account(number: str) -> str:
    return format_account(number) if number else ""


def open_company_form(
    services: ServicesLike,
    actor: Actor,
    company: CompanyDetails | None,
    on_saved: SavedHandler,
) -> CompanyFormDialog:
    """Open the add (``company`` None) or edit dialog."""
    form = CompanyFormDialog(services, actor, company, on_saved)
    form.dialog.on("hide", form.dialog.delete)
    form.dialog.open()
    return form
