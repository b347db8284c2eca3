"""Ustawienia biura, "Przypomnienia o płatnościach": how many days before a due date clients
get a reminder e-mail (0-14; they always get one on the due day). Admin only, audited."""

from __future__ import annotations

from domain.actors import Actor
from domain.services import ServicesLike
from ui.forms import days_card
from ui.i18n import _


async def reminders_card(services: ServicesLike, actor: Actor) -> None:
    days = await services.reminders.days(actor)
    days_card(
        days=days,
        save=lambda whole: services.reminders.set_days(actor, whole),
        title=_("Przypomnienia o płatnościach"),
        hint=_(
            "Klienci dostają przypomnienie o niezapłaconej składce lub podatku kilka dni "
            "przed terminem i w dniu terminu, kanałami z ustawień powiadomień. Wpisz 0, aby "
            "przypominać tylko w dniu terminu."
        ),
        field_label=_("Dni przed terminem (0–14)"),
        saved_text=_("Zapisano ustawienia przypomnień."),
        save_label=_("Zapisz przypomnienia"),
        marks=("reminder-settings", "reminder-days", "save-reminders"),
    )
