"""Dialogs of the company page: adding a client user and the plain yes/no confirmation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from domain.actors import Actor, ClientRole
from domain.companies.model import ClientUserForm, CompanyDetails
from domain.errors import DomainError, ValidationError
from domain.services import ServicesLike
from ui.forms import show_field_errors
from ui.i18n import N_, _

ROLE_LABELS = {ClientRole.FIRMA: N_("Firma"), ClientRole.WSPOLNIK: N_("Wspólnik")}


def confirm_dialog(
    question: str,
    text: str,
    button: str,
    on_confirm: Callable[[], Awaitable[None]],
    color: str,
) -> None:
    with ui.dialog() as dialog, ui.card().classes("w-full max-w-md gap-3").mark("confirm-dialog"):
        ui.label(question).classes("text-lg font-medium")
        ui.label(text).classes("text-gray-600")

        async def confirm() -> None:
            dialog.close()
            await on_confirm()

        with ui.row().classes("w-full justify-end"):
            ui.button(_("Anuluj"), on_click=dialog.close).props("flat")
            ui.button(button, on_click=confirm).props(f"unelevated color={color}").mark("confirm")
    dialog.open()


class AddUserDialog:
    """Add a client user; an address that already has an account only joins the company."""

    def __init__(
        self,
        services: ServicesLike,
        actor: Actor,
        company: CompanyDetails,
        on_added: Callable[[], Awaitable[None]],
    ) -> None:
        self._services = services
        self._actor = actor
        self._company = company
        self._on_added = on_added
        self.dialog = ui.dialog().props("no-backdrop-dismiss")
        with self.dialog, ui.card().classes("w-full max-w-lg gap-2").mark("add-user-dialog"):
            ui.label(_("Nowy użytkownik firmy {name}").format(name=company.name)).classes(
                "text-lg font-medium"
            )
            with ui.grid(columns=2).classes("w-full gap-x-3 gap-y-1"):
                self._first = self._input(_("Imię")).props("autofocus")
                self._last = self._input(_("Nazwisko"))
                self._email = self._input(_("E-mail")).classes("col-span-2")
                self._phone = self._input(_("Telefon komórkowy (opcjonalnie)")).classes(
                    "col-span-2"
                )
            self._role = ui.radio(
                {role.value: _(label) for role, label in ROLE_LABELS.items()},
                value=ClientRole.FIRMA.value,
            ).props("inline")
            ui.label(
                _("Firma widzi wszystko, także rachunki bankowe; Wspólnik tylko swoje pozycje.")
            ).classes("text-sm text-gray-500 -mt-1")
            self._can_edit = ui.checkbox(_("Może edytować dane firmy"), value=True)
            self._use_email = ui.checkbox(
                _("Użyj e-mail do wysyłki zestawień i wiadomości"), value=True
            )
            self._send = ui.checkbox(_("Wyślij e-mail aktywacyjny"), value=True)
            with ui.row().classes("w-full justify-end pt-2"):
                ui.button(_("Anuluj"), on_click=self.dialog.close).props("flat")
                self._save = (
                    ui.button(_("Dodaj użytkownika"), on_click=self.submit)
                    .props("unelevated color=primary")
                    .mark("add-user-save")
                )

    def _input(self, label: str) -> ui.input:
        element = ui.input(label).props("outlined dense").classes("w-full")
        element.on("keydown.enter", self.submit)
        return element

    def open(self) -> None:
        self.dialog.on("hide", self.dialog.delete)
        self.dialog.open()

    async def submit(self) -> None:
        fields = {
            "first_name": self._first,
            "last_name": self._last,
            "email": self._email,
            "phone": self._phone,
        }
        for element in fields.values():
            element.error = None
        form = ClientUserForm(
            first_name=str(self._first.value or ""),
            last_name=str(self._last.value or ""),
            email=str(self._email.value or ""),
            phone=str(self._phone.value or ""),
            role=str(self._role.value),
            can_edit_company=bool(self._can_edit.value),
            use_email=bool(self._use_email.value),
            send_activation=bool(self._send.value),
        )
        self._save.props("loading")
        try:
            result = await self._services.client_users.add_user(self._actor, self._company.id, form)
        except ValidationError as error:
            show_field_errors(fields, error.errors)
            return
        except DomainError as error:
            ui.notify(_(error.message), type="negative")
            return
        finally:
            self._save.props(remove="loading")
        self.dialog.close()
        if result.existing_account:
            message = _("Ta osoba ma już konto w Biurku: dodaliśmy ją do firmy.")
        elif result.activation_sent:
            message = _("Dodano użytkownika i wysłano e-mail aktywacyjny.")
        else:
            message = _("Dodano użytkownika. E-mail aktywacyjny wyślesz później z jego menu.")
        if result.existing_account and result.activation_sent:
            message += " " + _("Wysłaliśmy też e-mail aktywacyjny.")
        ui.notify(message, type="positive", multi_line=True)
        await self._on_added()
