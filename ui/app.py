"""Registers every page and route of the web process on NiceGUI's app."""

from __future__ import annotations

from domain.services import ServicesLike
from ui import http_routes, live, pwa, session
from ui.pages import (
    approval,
    audit_log,
    auth,
    billing,
    client,
    client_company,
    client_statements,
    companies,
    company,
    messages_client,
    messages_office,
    office,
    office_settings,
    staff,
)


def register_all(services: ServicesLike) -> None:
    session.install(services)
    http_routes.register(services)
    pwa.register()
    auth.register(services)
    office.register(services)
    companies.register(services)  # before company: /biuro/firmy/usuniete
    company.register(services)
    approval.register(services)
    office_settings.register(services)
    billing.register(services)
    audit_log.register(services)
    staff.register(services)
    client.register(services)
    client_company.register(services)
    client_statements.register(services)
    messages_office.register(services)
    messages_client.register(services)
    live.reset()
    services.events.subscribe(live.forward)
