"""The company's bank accounts on the client's "Dane firmy": a list with copy buttons; a Firma
with the right to edit also adds (a dialog) and removes (a confirmation naming the number)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

from nicegui import ui

from domain.actors import Actor
from domain.companies.client_edit import ClientCompanyView
from domain.companies.model import BankAccount, BankAccountInput, SaveResult
from domain.errors import DomainError, ValidationError
from domain.identifiers import format_account
from domain.services import ServicesLike
from ui.forms import show_field_errors
from ui.i18n import _

Reload = Callable[[], Awaitable[None]]


def _inputs(accounts: tuple[BankAccount, ...]) -> tuple[BankAccountInput, ...]:
    return tuple(BankAccountInput(a.number, a.label) for a in accounts)


class AccountsCard:
    def __init__(
        self, services: ServicesLike, actor: Actor, view: ClientCompanyView, reload: Reload
    ) -> None:
        self._services = services
        self._actor = actor
        self.view = view
        self._reload = reload

    def draw(self) -> None:
        view = self.view
        with ui.card().classes("w-full biurko-card gap-2").mark("bank-accounts"):
            ui.label(_("Rachunki bankowe")).classes("text-lg font-medium")
            if not view.bank_accounts:
                ui.label(
                    _("Dodaj rachunek, na który przychodzą płatności za Twoje faktury.")
                    if view.can_manage_accounts
                    else _("Biuro nie ma jeszcze numeru rachunku firmy.")
                ).classes("text-gray-500")
            for account in view.bank_accounts:
                self._row(account)
            if view.can_manage_accounts:
                ui.button(_("Dodaj rachunek"), icon="add", on_click=self._open_add).props(
                    "outline no-caps size=lg"
                ).classes("w-full").mark("add-account")
            elif view.can_edit:
                ui.label(_("Rachunki dodaje i usuwa osoba z rolą Firma.")).classes(
                    "text-sm text-gray-500"
                )

    def _row(self, account: BankAccount) -> None:
        number = format_account(account.number)
        with ui.row().classes("w-full items-center gap-1 no-wrap border-t border-gray-200 pt-2"):
            with ui.column().classes("gap-0 flex-1 min-w-0"):
                ui.label(account.label or _("Rachunek")).classes("text-sm text-gray-500")
                ui.label(number).classes("font-mono text-gray-900 break-words")
            ui.button(icon="content_copy", on_click=lambda: _copy(number)).props(
                f'flat round color=grey-8 aria-label="{_("Kopiuj numer")}"'
            ).tooltip(_("Kopiuj numer"))
            if self.view.can_manage_accounts:
                ui.button(icon="delete", on_click=lambda: self._confirm_remove(account)).props(
                    f'flat round color=negative aria-label="{_("Usuń rachunek")}"'
                ).tooltip(_("Usuń rachunek")).mark("remove-account", f"remove-{account.number}")

    async def _save(self, accounts: tuple[BankAccountInput, ...]) -> SaveResult:
        # The stored data with the new list: what is typed in the data card stays unsaved.
        form = replace(self.view.to_form(), bank_accounts=accounts)
        return await self._services.client_company.update(self._actor, self.view.company_id, form)

    def _open_add(self) -> None:
        index = len(self.view.bank_accounts)
        with ui.dialog() as dialog, ui.card().classes("w-full max-w-md gap-3").mark("account-form"):
            ui.label(_("Dodaj rachunek")).classes("text-lg font-medium")
            number = ui.input(_("Numer rachunku")).props('outlined autofocus inputmode="numeric"')
            number.classes("w-full").mark("account-number")
            label = ui.input(_("Opis (opcjonalnie)")).props("outlined").classes("w-full")
            label.props(f'hint="{_("Np. główny, walutowy EUR")}"').mark("account-label")
            fields = {f"bank_account_{index}": number, f"bank_label_{index}": label}

            async def submit() -> None:
                new = BankAccountInput(str(number.value or ""), str(label.value or ""))
                try:
                    await self._save((*_inputs(self.view.bank_accounts), new))
                except ValidationError as error:
                    show_field_errors(fields, error.errors)
                    return
                except DomainError as error:
                    ui.notify(_(error.message), type="negative")
                    return
                dialog.close()
                ui.notify(_("Dodano rachunek."), type="positive")
                await self._reload()

            number.on("keydown.enter", submit)
            label.on("keydown.enter", submit)
            with ui.row().classes("w-full justify-end gap-2"):
                ui.button(_("Anuluj"), on_click=dialog.close).props("flat no-caps")
                ui.button(_("Dodaj rachunek"), on_click=submit).props("unelevated no-caps").mark(
                    "account-save"
                )
        dialog.on("hide", dialog.delete)
        dialog.open()

    def _confirm_remove(self, account: BankAccount) -> None:
        number = format_account(account.number)
        with ui.dialog() as dialog, ui.card().classes("w-full max-w-md gap-3"):
            ui.label(_("Usunąć rachunek {number}?").format(number=number)).classes(
                "text-lg font-medium break-words"
            )
            ui.label(_("Biuro przestanie widzieć ten numer w danych firmy.")).classes(
                "text-gray-600"
            )

            async def remove() -> None:
                rest = tuple(a for a in self.view.bank_accounts if a != account)
                try:
                    await self._save(_inputs(rest))
                except DomainError as error:
                    ui.notify(_(error.message), type="negative")
                    return
                dialog.close()
                ui.notify(_("Usunięto rachunek."), type="positive")
                await self._reload()

            with ui.row().classes("w-full justify-end gap-2"):
                ui.button(_("Anuluj"), on_click=dialog.close).props("flat no-caps")
                ui.button(_("Usuń"), on_click=remove).props(
                    "unelevated no-caps color=negative"
                ).mark("account-remove-confirm")
        dialog.on("hide", dialog.delete)
        dialog.open()


def _copy(number: str) -> None:
    ui.clipboard.write(number)
    ui.notify(_("Skopiowano numer rachunku."))
