"""The count next to "Do zatwierdzenia" in the office navigation, kept current live."""

from __future__ import annotations

import asyncio

from nicegui import ui

from domain.actors import Actor
from domain.errors import DomainError
from domain.events import DomainEvent, EntriesChanged
from domain.services import ServicesLike
from ui.components.assign_staff import alive
from ui.live import domain_events

SETTLE_SECONDS = 0.2  # one sync batch publishes an event per company: count once after them


async def waiting_badge(services: ServicesLike, actor: Actor) -> None:
    """The number of waiting entries on the item's icon (the label needs the drawer's whole
    width); hidden when nothing waits."""
    badge = ui.badge("", color="warning").props("floating rounded").mark("waiting-count")
    badge.style("top: 4px; left: 32px; right: auto")
    pending = False

    async def update() -> None:
        try:
            count = await services.approval.waiting_total(actor)
        except DomainError:
            count = 0
        if alive(badge):
            badge.set_text(str(count))
            badge.set_visibility(count > 0)

    async def on_event(event: DomainEvent) -> None:
        nonlocal pending
        if not isinstance(event, EntriesChanged) or event.office_id != actor.office_id:
            return
        if not alive(badge):
            domain_events.unsubscribe(on_event)
            return
        if pending:
            return
        pending = True
        await asyncio.sleep(SETTLE_SECONDS)
        pending = False
        await update()

    await update()
    domain_events.subscribe(on_event)
