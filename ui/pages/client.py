"""Client portal pages: the dashboard and Płatności (own modules), empty rooms, and "Więcej"."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

from domain.services import ServicesLike
from ui import calendar_feed
from ui.components.calendar_button import calendar_card
from ui.frames import client_frame
from ui.i18n import N_, _
from ui.pages import client_dashboard, client_payments
from ui.session import actor_of
from ui.theme import empty_state

EMPTY_ROOMS = {
    "/klient/dokumenty": (
        N_("Dokumenty"),
        "description",
        N_("Nie masz jeszcze dokumentów."),
        N_("Tu wyślesz biuru zdjęcia i PDF-y faktur."),
    ),
}


def register(services: ServicesLike) -> None:
    client_dashboard.register(services)  # /klient
    client_payments.register(services)  # /klient/platnosci
    calendar_feed.register(services)  # /kalendarz/{token}.ics (public)

    for path, room in EMPTY_ROOMS.items():
        _register_empty_room(services, path, *room)

    @ui.page("/klient/wiecej")
    async def more(request: Request) -> RedirectResponse | None:
        actor = actor_of(request)
        if not actor.is_client:
            return RedirectResponse("/biuro")
        async with client_frame(services, actor, N_("Więcej"), "/klient/wiecej"):
            # Dane firmy, the password and the language: ui/pages/client_company.py.
            with (
                ui.card().classes("w-full biurko-card p-0"),
                ui.list().classes("w-full"),
                ui.item(on_click=lambda: ui.navigate.to("/klient/ustawienia"))
                .classes("biurko-nav-item")
                .mark("more-company"),
            ):
                with ui.item_section().props("avatar"):
                    ui.icon("business")
                with ui.item_section():
                    ui.item_label(_("Dane firmy"))
                    ui.item_label(_("Dane, rachunki bankowe, hasło i język")).props("caption")
                with ui.item_section().props("side"):
                    ui.icon("chevron_right")
            calendar_card(services, actor)
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
