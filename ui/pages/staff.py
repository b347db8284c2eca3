"""Pracownicy: the office's staff, invitations, roles, the restriction switch and assignments.

Administrators only; everything goes through ``services.staff``, which decides. The table is
redrawn when a ``StaffChanged`` (or a staff activation, or a company change) of this office
arrives, so two administrators see each other's changes live.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

from domain.actors import Actor, ActorKind, StaffRole
from domain.errors import DomainError, PermissionDenied, ValidationError
from domain.events import AccountActivated, CompanyChanged, DomainEvent, StaffChanged
from domain.services import ServicesLike
from domain.staff.model import StaffMember
from ui.components.assign_staff import alive
from ui.forms import show_field_errors
from ui.frames import office_frame
from ui.i18n import N_, _
from ui.live import domain_events
from ui.session import actor_of
from ui.theme import empty_state, status_chip

PATH = "/biuro/pracownicy"
ADMIN_ONLY = N_("Tę stronę widzi tylko administrator biura.")
ROLE_LABELS = {StaffRole.ADMIN: N_("Administrator"), StaffRole.EMPLOYEE: N_("Pracownik")}
RESTRICTION_ON = N_(
    "Włączone: pracownik widzi tylko firmy, do których go przydzielisz. Administratorzy "
    "zawsze widzą wszystkie firmy."
)
RESTRICTION_OFF = N_(
    "Wyłączone: każdy pracownik widzi wszystkie firmy biura. Po włączeniu pracownik zobaczy "
    "tylko firmy, do których go przydzielisz (w menu przy pracowniku albo na stronie firmy)."
)


def register(services: ServicesLike) -> None:
    @ui.page(PATH)
    async def staff_page(request: Request) -> RedirectResponse | None:
        actor = actor_of(request)
        if not actor.is_staff:
            return RedirectResponse("/klient")
        async with office_frame(services, actor, N_("Pracownicy"), PATH):
            try:
                members = await services.staff.list_staff(actor)
                restricted = await services.staff.restriction(actor)
            except PermissionDenied:
                with ui.card().classes("w-full biurko-card").mark("staff-admin-only"):
                    empty_state(
                        "lock",
                        _(ADMIN_ONLY),
                        _("Jeśli potrzebujesz zmian w zespole, poproś administratora biura."),
                    )
                return None
            await StaffPage(services, actor).build(members, restricted)
        return None


class StaffPage:
    def __init__(self, services: ServicesLike, actor: Actor) -> None:
        self.services = services
        self.actor = actor
        self.staff = services.staff
        self.restricted = False
        self.dialogs = ui.element("div")  # outside the table: a redraw never closes a dialog

    async def build(self, members: list[StaffMember], restricted: bool) -> None:
        self.restricted = restricted
        with ui.row().classes("w-full items-center gap-3"):
            ui.label(_("Zaproś osoby z biura i zdecyduj, kto widzi które firmy.")).classes(
                "text-gray-600"
            )
            ui.space()
            ui.button(_("Dodaj pracownika"), icon="person_add", on_click=self.open_invite).props(
                "unelevated"
            ).mark("invite-open")
        self._restriction_card()
        with ui.card().classes("w-full biurko-card p-0 overflow-x-auto"):
            self.table(members)
        domain_events.subscribe(self.on_event)

    # --- the restriction switch -------------------------------------------------------------

    def _restriction_card(self) -> None:
        with ui.card().classes("w-full biurko-card gap-1"):
            self.switch = ui.switch(
                _("Ogranicz dostęp pracowników do firm"),
                value=self.restricted,
                on_change=lambda e: self.set_restriction(bool(e.value)),
            ).mark("restriction-switch")
            self.switch_hint = ui.label(self._restriction_text()).classes(
                "text-sm text-gray-600 pl-12 -mt-1"
            )

    def _restriction_text(self) -> str:
        return _(RESTRICTION_ON) if self.restricted else _(RESTRICTION_OFF)

    async def set_restriction(self, on: bool) -> None:
        if on == self.restricted:
            return  # the switch followed a change made elsewhere
        try:
            await self.staff.set_restriction(self.actor, on)
        except DomainError as error:
            ui.notify(_(error.message), type="negative")
            self._show_restriction(self.restricted)
            return
        self._show_restriction(on)
        ui.notify(
            _("Ograniczenie dostępu włączone.") if on else _("Ograniczenie dostępu wyłączone."),
            type="positive",
        )
        await self.reload()

    def _show_restriction(self, on: bool) -> None:
        self.restricted = on
        self.switch.value = on
        self.switch_hint.set_text(self._restriction_text())

    # --- the table --------------------------------------------------------------------------

    async def reload(self) -> None:
        """Read the staff again and redraw the table. Reading comes first and drawing is
        synchronous, so two reloads at once cannot interleave their rows."""
        if not alive(self.dialogs):
            return  # the tab is gone
        try:
            members = await self.staff.list_staff(self.actor)
        except PermissionDenied:
            ui.navigate.to(PATH)  # no longer an administrator: show the page as it is now
            return
        self.table.refresh(members)

    @ui.refreshable_method
    def table(self, members: list[StaffMember]) -> None:
        headers = (
            _("Imię i nazwisko"),
            _("E-mail"),
            _("Rola"),
            _("Aktywny"),
            _("Konto"),
            _("Firmy"),
            "",
        )
        with ui.element("q-markup-table").props("flat dense wrap-cells").classes("w-full"):
            with ui.element("thead"), ui.element("tr"):
                for index, header in enumerate(headers):
                    align = "text-right" if index >= len(headers) - 2 else "text-left"
                    with ui.element("th").classes(f"{align} text-gray-600"):
                        ui.label(header)
            with ui.element("tbody"):
                for member in members:
                    self._row(member)
        if len(members) == 1:
            empty_state(
                "group_add",
                _("Na razie jesteś tu tylko Ty."),
                _("Dodaj pracownika: dostanie e-mail z linkiem do ustawienia hasła."),
            )

    def _row(self, member: StaffMember) -> None:
        is_me = member.id == self.actor.user_id
        with ui.element("tr").mark(f"staff-row-{member.id}"):
            with ui.element("td"):
                name = member.full_name + (" " + _("(Ty)") if is_me else "")
                ui.label(name).classes("font-medium")
            with ui.element("td"):
                ui.label(member.email).classes("text-gray-700")
            with ui.element("td"):
                status_chip(_(ROLE_LABELS[member.role]), "primary" if member.is_admin else "grey-8")
            with ui.element("td"):
                if member.active:
                    status_chip(_("Aktywny"), "positive")
                else:
                    status_chip(_("Wyłączony"), "negative")
            with ui.element("td"):
                if member.activated:
                    status_chip(_("Hasło ustawione"), "positive")
                else:
                    status_chip(_("Czeka na aktywację"), "warning")
            with ui.element("td").classes("text-right biurko-amount"):
                if member.is_admin:
                    ui.label(_("wszystkie")).classes("text-gray-500").tooltip(
                        _("Administrator widzi wszystkie firmy.")
                    ).mark(f"staff-companies-{member.id}")
                else:
                    ui.label(str(member.assigned_company_count)).mark(
                        f"staff-companies-{member.id}"
                    )
            with ui.element("td").classes("text-right"):
                self._actions(member, is_me)

    def _actions(self, member: StaffMember, is_me: bool) -> None:
        button = ui.button(icon="more_vert").props(
            f'flat round dense aria-label="{_("Akcje")}: {member.full_name}"'
        )
        button.mark(f"staff-menu-{member.id}")
        with button, ui.menu():
            self._item(_("Zmień rolę"), "badge", f"staff-role-{member.id}", self.open_role, member)
            self._item(
                _("Przydziel firmy"),
                "domain",
                f"staff-assign-{member.id}",
                self.open_assign,
                member,
            )
            if not member.activated and member.active:
                self._item(
                    _("Wyślij ponownie zaproszenie"),
                    "forward_to_inbox",
                    f"staff-resend-{member.id}",
                    self.resend,
                    member,
                )
            if not is_me:
                ui.separator()
                if member.active:
                    self._item(
                        _("Dezaktywuj"),
                        "block",
                        f"staff-deactivate-{member.id}",
                        self.confirm_deactivate,
                        member,
                    )
                else:
                    self._item(
                        _("Aktywuj"),
                        "check_circle",
                        f"staff-reactivate-{member.id}",
                        self.reactivate,
                        member,
                    )
                self._item(
                    _("Usuń"), "delete", f"staff-delete-{member.id}", self.confirm_delete, member
                ).classes("text-negative")

    @staticmethod
    def _item(
        text: str,
        icon: str,
        marker: str,
        handler: Callable[[StaffMember], Awaitable[None] | None],
        member: StaffMember,
    ) -> ui.menu_item:
        with (
            ui.menu_item(on_click=lambda: handler(member)).mark(marker) as item,
            ui.row().classes("items-center gap-3 no-wrap"),
        ):
            ui.icon(icon, size="20px")
            ui.label(text)
        return item

    # --- dialogs ----------------------------------------------------------------------------

    def _dialog(self, title: str, subtitle: str = "") -> tuple[ui.dialog, ui.card]:
        self.dialogs.clear()
        with (
            self.dialogs,
            ui.dialog() as dialog,
            ui.card().classes("w-full max-w-lg gap-3") as card,
        ):
            ui.label(title).classes("text-lg font-semibold")
            if subtitle:
                ui.label(subtitle).classes("text-gray-600 -mt-2")
        return dialog, card

    def open_invite(self) -> None:
        dialog, card = self._dialog(
            _("Dodaj pracownika"),
            _("Wyślemy e-mail z linkiem do ustawienia hasła. Link działa 72 godziny."),
        )
        with card:
            with ui.row().classes("w-full gap-3 no-wrap"):
                first = ui.input(_("Imię")).props("outlined dense autofocus").classes("flex-1")
                last = ui.input(_("Nazwisko")).props("outlined dense").classes("flex-1")
            email = ui.input(_("E-mail")).props("outlined dense type=email").classes("w-full")
            ui.label(_("Rola")).classes("text-sm text-gray-600")
            role = (
                ui.radio(
                    {
                        StaffRole.EMPLOYEE.value: _(ROLE_LABELS[StaffRole.EMPLOYEE]),
                        StaffRole.ADMIN.value: _(ROLE_LABELS[StaffRole.ADMIN]),
                    },
                    value=StaffRole.EMPLOYEE.value,
                )
                .props("inline")
                .classes("-mt-3")
            )
            ui.label(
                _(
                    "Administrator zarządza pracownikami, ustawieniami i rozliczeniami biura. "
                    "Pracownik obsługuje firmy klientów."
                )
            ).classes("text-sm text-gray-500 -mt-2")
            first.mark("invite-first-name")
            last.mark("invite-last-name")
            email.mark("invite-email")
            role.mark("invite-role")
            fields = {"first_name": first, "last_name": last, "email": email}

            async def submit() -> None:
                try:
                    await self.staff.invite(
                        self.actor,
                        str(first.value or ""),
                        str(last.value or ""),
                        str(email.value or ""),
                        str(role.value),
                    )
                except ValidationError as error:
                    show_field_errors(fields, error.errors)
                    return
                except DomainError as error:
                    ui.notify(_(error.message), type="negative")
                    return
                dialog.close()
                ui.notify(
                    _("Zaproszenie wysłane na adres {email}.").format(
                        email=str(email.value).strip().lower()
                    ),
                    type="positive",
                )
                await self.reload()

            for field in fields.values():
                field.on("keydown.enter", submit)
            with ui.row().classes("w-full justify-end gap-2"):
                ui.button(_("Anuluj"), on_click=dialog.close).props("flat")
                ui.button(_("Wyślij zaproszenie"), icon="send", on_click=submit).props(
                    "unelevated"
                ).mark("invite-submit")
        dialog.open()

    def open_role(self, member: StaffMember) -> None:
        dialog, card = self._dialog(_("Zmień rolę"), member.full_name)
        with card:
            role = ui.radio(
                {
                    StaffRole.EMPLOYEE.value: _(ROLE_LABELS[StaffRole.EMPLOYEE]),
                    StaffRole.ADMIN.value: _(ROLE_LABELS[StaffRole.ADMIN]),
                },
                value=member.role.value,
            ).mark("role-choice")
            ui.label(_("Administrator widzi wszystkie firmy i zarządza biurem w Biurku.")).classes(
                "text-sm text-gray-500"
            )

            async def submit() -> None:
                try:
                    await self.staff.set_role(self.actor, member.id, str(role.value))
                except DomainError as error:
                    _notify_error(error)
                    return
                dialog.close()
                ui.notify(
                    _("Zapisano rolę: {name}.").format(name=member.full_name), type="positive"
                )
                await self.reload()

            with ui.row().classes("w-full justify-end gap-2"):
                ui.button(_("Anuluj"), on_click=dialog.close).props("flat")
                ui.button(_("Zapisz"), on_click=submit).props("unelevated").mark("role-submit")
        dialog.open()

    async def open_assign(self, member: StaffMember) -> None:
        try:
            choices = await self.staff.company_choices(self.actor)
            current = await self.staff.assignments_of(self.actor, member.id)
        except DomainError as error:
            _notify_error(error)
            return
        dialog, card = self._dialog(_("Przydziel firmy"), member.full_name)
        with card:
            if member.is_admin:
                _hint("info", _("Administrator widzi wszystkie firmy niezależnie od przydziałów."))
            elif not self.restricted:
                _hint(
                    "info",
                    _(
                        "Ograniczenie dostępu jest wyłączone, więc ta osoba widzi teraz "
                        "wszystkie firmy. Przydziały zaczną działać po jego włączeniu."
                    ),
                )
            if not choices:
                ui.label(_("Biuro nie ma jeszcze żadnej firmy.")).classes("text-gray-600")
            options = dict(choices)
            select = (
                ui.select(
                    options,
                    multiple=True,
                    value=[company_id for company_id, _name in choices if company_id in current],
                    label=_("Firmy"),
                    with_input=True,
                )
                .props("outlined dense use-chips")
                .classes("w-full")
                .mark("assign-companies")
            )
            with ui.row().classes("gap-1 -mt-2"):
                ui.button(
                    _("Zaznacz wszystkie"), on_click=lambda: select.set_value(list(options))
                ).props("flat dense no-caps")
                ui.button(_("Wyczyść"), on_click=lambda: select.set_value([])).props(
                    "flat dense no-caps"
                )

            async def submit() -> None:
                try:
                    await self.staff.set_assignments(self.actor, member.id, select.value or [])
                except DomainError as error:
                    _notify_error(error)
                    return
                dialog.close()
                ui.notify(
                    _("Zapisano przydział firm: {name}.").format(name=member.full_name),
                    type="positive",
                )
                await self.reload()

            with ui.row().classes("w-full justify-end gap-2"):
                ui.button(_("Anuluj"), on_click=dialog.close).props("flat")
                ui.button(_("Zapisz"), on_click=submit).props("unelevated").mark("assign-submit")
        dialog.open()

    def confirm_deactivate(self, member: StaffMember) -> None:
        self._confirm(
            _("Dezaktywować konto: {name}?").format(name=member.full_name),
            _(
                "{name} zostanie od razu wylogowany(a) i nie zaloguje się, dopóki nie aktywujesz "
                "konta ponownie. Przydziały do firm zostaną zachowane."
            ).format(name=member.full_name),
            _("Dezaktywuj"),
            "warning",
            lambda: self.staff.deactivate(self.actor, member.id),
            _("Konto dezaktywowane: {name}.").format(name=member.full_name),
        )

    def confirm_delete(self, member: StaffMember) -> None:
        self._confirm(
            _("Usunąć konto: {name}?").format(name=member.full_name),
            _(
                "{name} ({email}) straci dostęp do Biurka, a przydziały do firm zostaną "
                "usunięte. Tego nie można cofnąć. Jeśli chcesz tylko zablokować logowanie, "
                "wybierz Dezaktywuj."
            ).format(name=member.full_name, email=member.email),
            _("Usuń"),
            "negative",
            lambda: self.staff.delete(self.actor, member.id),
            _("Usunięto konto: {name}.").format(name=member.full_name),
        )

    def _confirm(
        self,
        title: str,
        text: str,
        action: str,
        color: str,
        run: Callable[[], Awaitable[Any]],
        done: str,
    ) -> None:
        dialog, card = self._dialog(title)
        with card:
            ui.label(text).classes("text-gray-700")

            async def confirm() -> None:
                try:
                    await run()
                except DomainError as error:
                    _notify_error(error)
                    return
                dialog.close()
                ui.notify(done, type="positive")
                await self.reload()

            with ui.row().classes("w-full justify-end gap-2"):
                ui.button(_("Anuluj"), on_click=dialog.close).props("flat")
                ui.button(action, on_click=confirm).props(f"unelevated color={color}").mark(
                    "confirm-action"
                )
        dialog.open()

    async def reactivate(self, member: StaffMember) -> None:
        try:
            await self.staff.reactivate(self.actor, member.id)
        except DomainError as error:
            _notify_error(error)
            return
        ui.notify(_("Konto znów aktywne: {name}.").format(name=member.full_name), type="positive")
        await self.reload()

    async def resend(self, member: StaffMember) -> None:
        try:
            await self.staff.resend_invitation(self.actor, member.id)
        except DomainError as error:
            _notify_error(error)
            return
        ui.notify(
            _("Wysłano nowe zaproszenie na adres {email}. Poprzedni link już nie działa.").format(
                email=member.email
            ),
            type="positive",
        )

    # --- live updates -----------------------------------------------------------------------

    async def on_event(self, event: DomainEvent) -> None:
        if not alive(self.dialogs):
            domain_events.unsubscribe(self.on_event)
            return
        if event.office_id != self.actor.office_id:
            return
        if isinstance(event, StaffChanged):
            if event.staff_id is None:
                restricted = await self.staff.restriction(self.actor)
                if restricted != self.restricted:
                    self._show_restriction(restricted)
            # A demotion of this very administrator shows up here too: reload then finds
            # list_staff refused and reloads the page, which shows it as it now is.
            await self.reload()
        elif (
            isinstance(event, AccountActivated) and event.user_kind == ActorKind.STAFF.value
        ) or isinstance(event, CompanyChanged):
            await self.reload()


def _notify_error(error: DomainError) -> None:
    if isinstance(error, ValidationError):
        for message in error.errors.values():
            ui.notify(_(message), type="negative")
    else:
        ui.notify(_(error.message), type="negative")


def _hint(icon: str, text: str) -> None:
    with ui.row().classes("w-full items-start gap-2 no-wrap bg-blue-50 rounded p-2"):
        ui.icon(icon, size="20px").classes("text-info")
        ui.label(text).classes("text-sm text-gray-700")
