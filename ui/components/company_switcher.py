"""The client header's company switcher: for a user of several companies, a button (the current
company's name from 600 px, only its icon on a phone, where the page names the company) opens a
menu of them; choosing one switches the session and opens the same page again."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from domain.actors import Actor, ClientRole
from domain.errors import DomainError
from domain.portal.directory import CompanyChoice
from domain.services import ServicesLike
from ui.i18n import N_, _
from ui.session import session_id_of

ROLE_NAMES = {ClientRole.FIRMA: N_("Firma"), ClientRole.WSPOLNIK: N_("Wspólnik")}


async def company_switcher(services: ServicesLike, actor: Actor) -> None:
    """Nothing for a user of one company."""
    if len(actor.memberships) < 2 or actor.company_id is None:
        return
    try:
        choices = await services.portal_directory.companies(actor)
    except DomainError:
        return
    current = next((c for c in choices if c.id == actor.company_id), None)
    if current is None or len(choices) < 2:
        return
    request = ui.context.client.request
    here = request.url.path

    async def switch(company_id: int) -> None:
        if company_id == actor.company_id:
            return
        try:
            await services.auth.switch_company(session_id_of(request), actor, company_id)
        except DomainError as error:
            ui.notify(_(error.message), type="negative")
            return
        ui.navigate.to(here)  # the same page, now for the chosen company

    with (
        ui.button()
        .props(f'flat no-caps color=white dense aria-label="{_("Zmień firmę")}"')
        .classes("min-w-0 shrink")
        .tooltip(_("Zmień firmę"))
        .mark("company-switcher") as button,
        ui.row().classes("items-center gap-1 no-wrap min-w-0"),
    ):
        ui.icon("business", size="22px")
        ui.label(current.name).classes("gt-xs truncate max-w-xs").mark("current-company")
        ui.icon("expand_more", size="20px")
    with button, ui.menu().mark("company-menu"):
        ui.menu_item(_("Twoje firmy")).props("disable")
        for choice in choices:
            _choice(choice, choice.id == actor.company_id, switch)


def _choice(choice: CompanyChoice, current: bool, switch: Callable[[int], Awaitable[None]]) -> None:
    with ui.menu_item(on_click=lambda: switch(choice.id)).mark(f"company-choice-{choice.id}"):
        with ui.item_section().props("avatar"):
            ui.icon("check" if current else "business").classes(
                "text-primary" if current else "text-gray-500"
            )
        with ui.item_section():
            ui.item_label(choice.name)
            ui.item_label(_(ROLE_NAMES[choice.role])).props("caption")


async def company_caption(services: ServicesLike, actor: Actor) -> None:
    """The current company's name under a page title (a phone's header has no room for it)."""
    try:
        choices = await services.portal_directory.companies(actor)
    except DomainError:
        return
    current = next((c for c in choices if c.id == actor.company_id), None)
    if current is not None:
        with ui.row().classes("items-center gap-1 text-sm text-gray-600 -mt-3 no-wrap min-w-0"):
            ui.icon("business", size="18px").classes("shrink-0")
            ui.label(current.name).classes("truncate").mark("company-caption")
