"""Client portal pages of the foundation: the dashboard, empty rooms, and "Więcej"."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

from domain.actors import Actor
from domain.errors import ValidationError
from domain.services import ServicesLike
from ui.forms import show_field_errors
from ui.frames import client_frame
from ui.i18n import LANGUAGES, N_, _, set_language
from ui.session import actor_of
from ui.theme import empty_state

EMPTY_ROOMS = {
    "/klient/platnosci": (
        N_("Płatności"),
        "payments",
        N_("Nie masz nic do zapłaty."),
        N_("Tu zobaczysz składki ZUS i podatki do zapłaty z kontem i kodem QR."),
    ),
    "/klient/wiadomosci": (
        N_("Wiadomości"),
        "mail",
        N_("Nie masz wiadomości."),
        N_("Tu przeczytasz wiadomości od biura i odpowiesz na nie."),
    ),
    "/klient/dokumenty": (
        N_("Dokumenty"),
        "description",
        N_("Nie masz jeszcze dokumentów."),
        N_("Tu wyślesz biuru zdjęcia i PDF-y faktur."),
    ),
}


def register(services: ServicesLike) -> None:
    @ui.page("/klient")
    async def dashboard(request: Request) -> RedirectResponse | None:
        actor = actor_of(request)
        if not actor.is_client:
            return RedirectResponse("/biuro")
        async with client_frame(services, actor, N_("Pulpit"), "/klient"):
            ui.label(_("Dzień dobry, {name}!").format(name=actor.name.split(" ")[0])).classes(
                "text-lg text-gray-700"
            )
            with ui.card().classes("w-full biurko-card"):
                empty_state(
                    "check_circle",
                    _("Nie masz nic do zapłaty w tym miesiącu."),
                    _("Gdy biuro prześle składki lub podatki, zobaczysz tu kwotę, konto i termin."),
                )
        return None

    for path, room in EMPTY_ROOMS.items():
        _register_empty_room(services, path, *room)

    @ui.page("/klient/wiecej")
    async def more(request: Request) -> RedirectResponse | None:
        actor = actor_of(request)
        if not actor.is_client:
            return RedirectResponse("/biuro")
        async with client_frame(services, actor, N_("Więcej"), "/klient/wiecej"):
            with ui.card().classes("w-full biurko-card gap-3"):
                ui.label(_("Język")).classes("font-medium")

                async def choose(language: str) -> None:
                    await services.auth.set_language(actor, language)
                    set_language(language)
                    ui.navigate.to("/klient/wiecej")

                ui.toggle(LANGUAGES, value=actor.language, on_change=lambda e: choose(e.value))
            _password_card(services, actor)
            ui.button(
                _("Wyloguj"), icon="logout", on_click=lambda: ui.navigate.to("/wyloguj")
            ).props("outline size=lg").classes("w-full")
        return None


def _register_empty_room(
    services: ServicesLike, path: str, title: str, icon: str, headline: str, text: str
) -> None:
    @ui.page(path)
    async def room(request: Request) -> RedirectResponse | None:
        actor = actor_of(request)
        if not actor.is_client:
            return RedirectResponse("/biuro")
        async with client_frame(services, actor, title, path):
            with ui.card().classes("w-full biurko-card"):
                empty_state(icon, _(headline), _(text))
        return None


def _password_card(services: ServicesLike, actor: Actor) -> None:
    with ui.card().classes("w-full biurko-card gap-3"):
        ui.label(_("Zmień hasło")).classes("font-medium")
        old = ui.input(_("Obecne hasło"), password=True).props("outlined").classes("w-full")
        new = ui.input(_("Nowe hasło"), password=True).props("outlined").classes("w-full")
        again = ui.input(_("Powtórz hasło"), password=True).props("outlined").classes("w-full")

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

        ui.button(_("Zmień hasło"), on_click=submit).props("unelevated")
