"""Assigning staff from the company side: the "Pracownicy firmy" card on a company page and
the bulk dialog of the companies table. Both only call ``services.staff``, which decides."""

from __future__ import annotations

from nicegui import ui

from domain.actors import Actor
from domain.errors import DomainError, NotFound, PermissionDenied, ValidationError
from domain.events import CompanyChanged, DomainEvent, StaffChanged
from domain.services import ServicesLike
from domain.staff.model import StaffChoice
from ui.i18n import N_, _
from ui.live import domain_events

INACTIVE = N_("{name} (konto wyłączone)")


async def company_staff_editor(services: ServicesLike, actor: Actor, company_id: int) -> None:
    """A card listing the company's assigned staff; administrators also change them here."""
    try:
        assigned = await services.staff.assigned_staff(actor, company_id)
        restricted = await services.staff.restriction(actor)
    except (NotFound, PermissionDenied):
        return  # nothing to show to someone who may not see the company's staff
    with ui.card().classes("w-full biurko-card gap-2").mark("company-staff") as card:
        ui.label(_("Pracownicy firmy")).classes("text-lg font-medium text-gray-800")
        if not restricted:
            ui.label(
                _(
                    "Ograniczenie dostępu jest wyłączone: każdy pracownik biura widzi tę firmę. "
                    "Przydziały zaczną działać po jego włączeniu."
                )
            ).classes("text-sm text-gray-500 -mt-1")

        @ui.refreshable
        def assigned_list(people: list[StaffChoice]) -> None:
            if not people:
                ui.label(_("Nikt nie jest przydzielony do tej firmy.")).classes(
                    "text-gray-500"
                ).mark("company-staff-empty")
                return
            with ui.row().classes("gap-1"):
                for person in people:
                    text = person.name if person.active else _(INACTIVE).format(name=person.name)
                    ui.chip(text, icon="person").props("outline dense square").mark(
                        "company-staff-person"
                    )

        assigned_list(assigned)

        async def reload() -> None:
            # Read first, then draw synchronously: two reloads at once cannot mix their chips.
            try:
                people = await services.staff.assigned_staff(actor, company_id)
            except (NotFound, PermissionDenied):
                people = []
            if alive(card):
                assigned_list.refresh(people)

        if actor.is_admin:
            try:
                choices = await services.staff.assignable_staff(actor)
            except DomainError:
                choices = []
            options = dict(choices)
            for person in assigned:  # a deactivated member stays listed until removed
                options.setdefault(person.id, _(INACTIVE).format(name=person.name))
            select = (
                ui.select(
                    options,
                    multiple=True,
                    value=[p.id for p in assigned],
                    label=_("Przydzieleni pracownicy"),
                    with_input=True,
                )
                .props("outlined dense use-chips")
                .classes("w-full")
                .mark("company-staff-select")
            )

            async def save() -> None:
                select.props["error"] = False
                try:
                    await services.staff.set_company_staff(actor, company_id, select.value or [])
                except DomainError as error:
                    ui.notify(_(_message(error)), type="negative")
                    return
                ui.notify(_("Zapisano pracowników firmy."), type="positive")
                await reload()

            with ui.row().classes("w-full justify-end"):
                ui.button(_("Zapisz"), icon="save", on_click=save).props("unelevated").mark(
                    "company-staff-save"
                )

    async def on_event(event: DomainEvent) -> None:
        if not alive(card):
            domain_events.unsubscribe(on_event)
            return
        if event.office_id != actor.office_id:
            return
        if (isinstance(event, CompanyChanged) and event.company_id == company_id) or isinstance(
            event, StaffChanged
        ):
            await reload()

    domain_events.subscribe(on_event)


async def bulk_assign_dialog(services: ServicesLike, actor: Actor, company_ids: list[int]) -> None:
    """Pick staff and assign them to every given company (existing assignments stay)."""
    if not company_ids:
        ui.notify(_("Zaznacz co najmniej jedną firmę."), type="warning")
        return
    try:
        choices = await services.staff.assignable_staff(actor)
    except DomainError as error:
        ui.notify(_(_message(error)), type="negative")
        return
    if not actor.is_admin:
        ui.notify(_("Przydziały zmienia administrator biura."), type="warning")
        return
    # At the page's root, so a redraw of the table that opened it cannot delete it.
    with ui.context.client.content, ui.dialog() as dialog, ui.card().classes("w-full max-w-lg"):
        ui.label(_("Przydziel pracowników")).classes("text-lg font-semibold")
        ui.label(_("Zaznaczone firmy: {count}").format(count=len(company_ids))).classes(
            "text-gray-600 -mt-2"
        )
        select = (
            ui.select(
                dict(choices),
                multiple=True,
                value=[],
                label=_("Pracownicy"),
                with_input=True,
            )
            .props("outlined dense use-chips")
            .classes("w-full")
            .mark("bulk-assign-staff")
        )
        ui.label(_("Dotychczasowe przydziały zostają; dodajemy tylko nowe.")).classes(
            "text-sm text-gray-500"
        )

        async def submit() -> None:
            try:
                made = await services.staff.bulk_assign(actor, company_ids, select.value or [])
            except ValidationError as error:
                message = error.errors.get("staff") or _message(error)
                select.props["error"] = True
                select.props["error-message"] = _(message)
                select.update()
                return
            except DomainError as error:
                ui.notify(_(_message(error)), type="negative")
                return
            dialog.close()
            ui.notify(
                _("Przydzielono pracowników. Nowych przydziałów: {count}.").format(count=made),
                type="positive",
            )

        with ui.row().classes("w-full justify-end gap-2"):
            ui.button(_("Anuluj"), on_click=dialog.close).props("flat")
            ui.button(_("Przydziel"), on_click=submit).props("unelevated").mark(
                "bulk-assign-submit"
            )
    dialog.on("hide", dialog.delete)
    dialog.open()


def alive(element: ui.element) -> bool:
    """Is the element still on a connected page? A live-update callback may outlive its tab."""
    if element.is_deleted:
        return False
    try:
        return not element.client.is_deleted
    except RuntimeError:  # the client is gone already
        return False


def _message(error: DomainError) -> str:
    if isinstance(error, ValidationError) and error.errors:
        return next(iter(error.errors.values()))
    return error.message
