"""Registers every page and route of the web process on NiceGUI's app."""

from __future__ import annotations

from domain.services import ServicesLike
from ui import http_routes, live, session
from ui.pages import auth, client, office


def register_all(services: ServicesLike) -> None:
    session.install(services)
    http_routes.register(services)
    auth.register(services)
    office.register(services)
    client.register(services)
    services.events.subscribe(live.forward)
