"""Live updates for the client portal's pages: when the office sends (or the client marks paid)
something of the current company, the page re-reads it without a reload."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from domain.actors import Actor
from domain.events import CompanyChanged, DomainEvent, EntriesChanged
from ui.live import domain_events
from ui.pages.companies import tab_closed


def follow_company(actor: Actor, anchor: ui.element, reload: Callable[[], Awaitable[None]]) -> None:
    """Call ``reload`` on every change of the actor's current company's entries or data (due
    dates and accounts depend on the company's NIP and ZUS account)."""

    async def on_event(event: DomainEvent) -> None:
        if tab_closed(anchor):
            domain_events.unsubscribe(on_event)
            return
        if isinstance(event, EntriesChanged | CompanyChanged) and (
            event.company_id == actor.company_id
        ):
            await reload()

    domain_events.subscribe(on_event)
