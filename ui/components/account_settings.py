"""The client's own account: the language of the portal and the password (old one required)."""

from __future__ import annotations

from nicegui import ui

from domain.actors import Actor
from domain.errors import ValidationError
from domain.services import ServicesLike
from ui.forms import show_field_errors
from ui.i18n import LANGUAGES, _, set_language


def language_card(services: ServicesLike, actor: Actor, here: str) -> None:
    """Pick Polski or English; the page reopens in the new language."""
    with ui.card().classes("w-full biurko-card gap-3").mark("language-card"):
        ui.label(_("Język")).classes("text-lg font-medium")

        async def choose(language: str) -> None:
            await services.auth.set_language(actor, language)
            set_language(language)
            ui.navigate.to(here)

        ui.toggle(LANGUAGES, value=actor.language, on_change=lambda e: choose(e.value)).props(
            "no-caps spread"
        ).classes("w-full")


def password_card(services: ServicesLike, actor: Actor) -> None:
    """Change the password; success ends every session, so the person logs in again."""
    with ui.card().classes("w-full biurko-card gap-3").mark("password-card"):
        ui.label(_("Zmień hasło")).classes("text-lg font-medium")
        old = ui.input(_("Obecne hasło"), password=True, password_toggle_button=True)
        new = ui.input(_("Nowe hasło"), password=True, password_toggle_button=True)
        again = ui.input(_("Powtórz hasło"), password=True, password_toggle_button=True)
        for element in (old, new, again):
            element.props("outlined").classes("w-full")

        async def submit() -> None:
            try:
                await services.auth.change_password(
                    actor, old.value or "", new.value or "", again.value or ""
                )
            except ValidationError as problem:
                show_field_errors(
                    {"old_password": old, "password": new, "repeated": again}, problem.errors
                )
                return
            ui.notify(_("Hasło zmienione. Zaloguj się nowym hasłem."), type="positive")
            ui.navigate.to("/login")

        for element in (old, new, again):
            element.on("keydown.enter", submit)
        ui.button(_("Zmień hasło"), on_click=submit).props("unelevated no-caps size=lg").classes(
            "w-full"
        )
