"""Ustawienia biura, "Powiadomienia": the office's default channels per event type (portal,
e-mail, SMS). A company can override them on its page and each client user can choose their
own in the portal; e-mail still needs the user's e-mail flag and SMS a phone and consent.
Admin only."""

from __future__ import annotations

from nicegui import ui

from domain.actors import Actor
from domain.errors import DomainError
from domain.services import ServicesLike
from ui.components.channel_matrix import channel_matrix
from ui.i18n import _


async def notifications_card(services: ServicesLike, actor: Actor) -> None:
    cells = await services.channel_prefs.office_defaults(actor)
    sms_on = actor.office_id is not None and await services.channel_prefs.sms_enabled(
        actor.office_id
    )
    with ui.card().classes("w-full biurko-card gap-3").mark("notification-settings"):
        ui.label(_("Powiadomienia")).classes("text-lg font-medium text-gray-800")
        ui.label(
            _(
                "Którymi kanałami klienci dostają wiadomość o każdym zdarzeniu, jeśli firma "
                "ani sam użytkownik nie wybrali inaczej. E-mail trafia tylko do osób z "
                "włączonymi e-mailami, SMS tylko do osób z numerem komórki i zgodą na SMS-y. "
                "Firmy nieaktywne dostają tylko e-maile."
            )
        ).classes("text-sm text-gray-500 -mt-2")
        if not sms_on:
            ui.label(
                _("Bramka SMS jest wyłączona: SMS-y nie będą wysyłane, dopóki jej nie włączysz.")
            ).classes("text-sm text-amber-700").mark("sms-off-note")
        boxes = channel_matrix(cells)

        async def save() -> None:
            try:
                await services.channel_prefs.set_office_defaults(
                    actor, {key: bool(box.value) for key, box in boxes.items()}
                )
            except DomainError as error:
                ui.notify(_(error.message), type="negative")
                return
            ui.notify(_("Zapisano ustawienia powiadomień."), type="positive")

        with ui.row().classes("w-full justify-end"):
            ui.button(_("Zapisz powiadomienia"), icon="save", on_click=save).mark(
                "save-notifications"
            )
