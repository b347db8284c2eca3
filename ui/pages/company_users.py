"""The company page's "Użytkownicy" tab: the client users, their actions (add, resend the
activation, deactivate, reactivate, remove) and, in red, an address a mail server refuses for
good, refreshed live when a bounce or a successful send changes that."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

from domain.actors import Actor
from domain.companies.model import ClientUserRow, CompanyDetails
from domain.errors import NotFound, PermissionDenied
from domain.events import (
    AccountActivated,
    DomainEvent,
    EmailAddressCleared,
    EmailAddressFailing,
)
from domain.identifiers import format_phone
from domain.mail import FailingInfo, normalise_address
from domain.services import ServicesLike
from ui.forms import run_notified
from ui.i18n import _
from ui.live import domain_events
from ui.pages.companies import tab_closed
from ui.pages.company_user_dialog import ROLE_LABELS, AddUserDialog, confirm_dialog
from ui.theme import empty_state, status_chip

UsersData = tuple[list[ClientUserRow], dict[str, FailingInfo]]


class CompanyUsersTab:
    """Built inside the tab panel; subscribes to live events in the page's context."""

    def __init__(
        self, services: ServicesLike, actor: Actor, details: Callable[[], CompanyDetails]
    ) -> None:
        self._services = services
        self._actor = actor
        self._company = details  # the page's current details (a rename shows at once)
        self._users = ui.refreshable(self._draw_users)

    @property
    def _details(self) -> CompanyDetails:
        return self._company()

    async def build(self) -> None:
        self._root = ui.column().classes("w-full gap-0 p-0")
        with self._root:
            self._users(*await self._fetch())
        domain_events.subscribe(self._on_event)

    async def reload(self) -> None:
        """Data is read first and drawn after: a tab closed meanwhile is left alone."""
        users, failing = await self._fetch()
        if not tab_closed(self._root):
            await self._users.refresh(users, failing)

    async def _fetch(self) -> UsersData:
        try:
            users = await self._services.client_users.list_users(self._actor, self._details.id)
        except (NotFound, PermissionDenied):
            return [], {}
        if not users or self._actor.office_id is None:
            return users, {}
        return users, await self._services.email.failing_addresses(self._actor.office_id)

    def _draw_users(self, users: list[ClientUserRow], failing: dict[str, FailingInfo]) -> None:
        self._failing = failing
        with ui.card().classes("w-full biurko-card gap-2").mark("company-users"):
            with ui.row().classes("w-full items-center"):
                ui.label(_("Użytkownicy firmy")).classes("text-lg font-medium text-gray-800")
                ui.space()
                ui.button(
                    _("Dodaj nowego użytkownika"), icon="person_add", on_click=self._add_user
                ).props("unelevated no-caps color=primary").mark("add-user")
            if not users:
                empty_state(
                    "group",
                    _("Ta firma nie ma jeszcze użytkowników."),
                    _(
                        "Dodaj właściciela albo wspólnika i wyślij mu e-mail aktywacyjny, "
                        "aby mógł logować się do Biurka."
                    ),
                )
                return
            with ui.list().props("separator").classes("w-full"):
                for user in users:
                    self._user_item(user)

    def _contact(self, user: ClientUserRow) -> None:
        phone = f" · {format_phone(user.phone)}" if user.phone else ""
        failing = self._failing.get(normalise_address(user.email))
        if failing is None:
            ui.item_label(user.email + phone).props("caption")
            return
        # Red until fixed: a later successful send or a removed address clears the mark.
        with ui.item_label().props("caption").classes("text-negative"):
            with ui.row().classes("items-center gap-1 no-wrap").mark(f"failing-{user.user_id}"):
                ui.icon("error", color="negative", size="xs")
                ui.label(user.email).classes("text-negative font-medium")
                ui.label(_("Adres odrzuca e-maile")).classes("text-negative")
                ui.tooltip(failing.error or _("Adres odrzuca e-maile"))
            if phone:
                ui.label(phone.removeprefix(" · ")).classes("text-gray-600")

    def _user_item(self, user: ClientUserRow) -> None:
        with ui.item().classes("px-0").mark(f"user-{user.user_id}"):
            with ui.item_section().props("avatar"):
                ui.icon("person", color="grey-7")
            with ui.item_section():
                ui.item_label(user.full_name).classes("font-medium")
                self._contact(user)
                flags = [_(ROLE_LABELS[user.role])]
                if user.can_edit_company:
                    flags.append(_("może edytować dane firmy"))
                if user.use_email:
                    flags.append(_("zestawienia i wiadomości e-mailem"))
                ui.item_label(" · ".join(flags)).props("caption")
            with ui.item_section().props("side"), ui.row().classes("items-center gap-1 no-wrap"):
                if not user.active:
                    status_chip(_("Dezaktywowany"), "grey-7")
                elif user.activated:
                    status_chip(_("Aktywny"), "positive")
                else:
                    status_chip(_("Oczekuje na aktywację"), "warning")
                with (
                    ui.button(icon="more_vert")
                    .props(f'flat round dense color=grey-8 aria-label="{_("Akcje użytkownika")}"')
                    .mark(f"user-actions-{user.user_id}"),
                    ui.menu(),
                ):
                    if user.active and not user.activated:
                        ui.menu_item(
                            _("Wyślij ponownie aktywację"),
                            on_click=lambda u=user: self._resend(u),
                        )
                    if user.active:
                        ui.menu_item(
                            _("Dezaktywuj"), on_click=lambda u=user: self._confirm_deactivate(u)
                        )
                    else:
                        ui.menu_item(
                            _("Aktywuj ponownie"), on_click=lambda u=user: self._reactivate(u)
                        )
                    ui.menu_item(_("Usuń z firmy"), on_click=lambda u=user: self._confirm_remove(u))

    # --- actions -----------------------------------------------------------------------------

    async def _add_user(self) -> None:
        AddUserDialog(self._services, self._actor, self._details, self.reload).open()

    async def _resend(self, user: ClientUserRow) -> None:
        await run_notified(
            self._services.client_users.resend_activation(
                self._actor, self._details.id, user.user_id
            ),
            _("Wysłano ponownie e-mail aktywacyjny do {email}.").format(email=user.email),
        )

    def _confirm_deactivate(self, user: ClientUserRow) -> None:
        async def confirm() -> None:
            if await run_notified(
                self._services.client_users.deactivate(self._actor, self._details.id, user.user_id),
                _("{name} nie ma już dostępu do firmy.").format(name=user.full_name),
            ):
                await self.reload()

        confirm_dialog(
            _("Dezaktywować użytkownika {name}?").format(name=user.full_name),
            _("{name} nie zaloguje się do firmy {company}. Dostęp do innych firm zostaje.").format(
                name=user.full_name, company=self._details.name
            ),
            _("Dezaktywuj"),
            confirm,
            "negative",
        )

    async def _reactivate(self, user: ClientUserRow) -> None:
        if await run_notified(
            self._services.client_users.reactivate(self._actor, self._details.id, user.user_id),
            _("{name} znów ma dostęp do firmy.").format(name=user.full_name),
        ):
            await self.reload()

    def _confirm_remove(self, user: ClientUserRow) -> None:
        async def confirm() -> None:
            if await run_notified(
                self._services.client_users.remove(self._actor, self._details.id, user.user_id),
                _("Usunięto {name} z firmy.").format(name=user.full_name),
            ):
                await self.reload()

        confirm_dialog(
            _("Usunąć {name} z firmy {company}?").format(
                name=user.full_name, company=self._details.name
            ),
            _("Konto użytkownika zostaje, jeśli należy on do innych firm."),
            _("Usuń z firmy"),
            confirm,
            "negative",
        )

    # --- live --------------------------------------------------------------------------------

    async def _on_event(self, event: DomainEvent) -> None:
        if _concerns_users(event, self._actor.office_id):
            await self.reload()


def _concerns_users(event: DomainEvent, office_id: int | None) -> bool:
    """An activation changes a user's chip; a bounce or a clear changes an address's colour."""
    if isinstance(event, AccountActivated):
        return event.user_kind == "client"
    if isinstance(event, EmailAddressFailing | EmailAddressCleared):
        return event.office_id == office_id
    return False
