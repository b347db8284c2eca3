"""Ustawienia biura, "Przypomnienia o płatnościach": how many days before a due date clients
get a reminder e-mail (0-14; they always get one on the due day). Admin only, audited."""

from __future__ import annotations

from nicegui import ui

from domain.actors import Actor
from domain.errors import DomainError, ValidationError
from domain.services import ServicesLike
from ui.forms import show_field_errors
from ui.i18n import _


def _whole(value: object) -> int:
    # An emptied field or a fraction is as wrong as 15: the service's own check names it.
    if isinstance(value, int | float) and float(value).is_integer():
        return int(value)
    return -1


async def reminders_card(services: ServicesLike, actor: Actor) -> None:
    days = await services.reminders.days(actor)
    with ui.card().classes("w-full biurko-card gap-3").mark("reminder-settings"):
        ui.label(_("Przypomnienia o płatnościach")).classes("text-lg font-medium text-gray-800")
        ui.label(
            _(
                "Klienci z włączonymi e-mailami dostają przypomnienie o niezapłaconej składce "
                "lub podatku kilka dni przed terminem i w dniu terminu. Wpisz 0, aby "
                "przypominać tylko w dniu terminu."
            )
        ).classes("text-sm text-gray-500 -mt-2")
        field = (
            ui.number(_("Dni przed terminem (0–14)"), value=days, precision=0)
            .props("outlined dense")
            .classes("w-56")
            .mark("reminder-days")
        )

        async def save() -> None:
            try:
                saved = await services.reminders.set_days(actor, _whole(field.value))
            except ValidationError as error:
                show_field_errors({"reminder_days": field}, error.errors)
                return
            except DomainError as error:
                ui.notify(_(error.message), type="negative")
                return
            show_field_errors({"reminder_days": field}, {})
            field.value = saved
            ui.notify(_("Zapisano ustawienia przypomnień."), type="positive")

        field.on("keydown.enter", save)
        with ui.row().classes("w-full justify-end"):
            ui.button(_("Zapisz przypomnienia"), icon="save", on_click=save).mark("save-reminders")
