"""The unread count on the "Wiadomości" navigation item (office: unread client posts; client:
unread messages of the current company), kept current live."""

from __future__ import annotations

from nicegui import ui

from domain.actors import Actor
from domain.errors import DomainError
from domain.events import DomainEvent, MessagePosted, MessageRead, MessageSent
from domain.services import ServicesLike
from ui.components.assign_staff import alive
from ui.live import domain_events


def _concerns(actor: Actor, event: DomainEvent) -> bool:
    if not isinstance(event, MessagePosted | MessageRead | MessageSent):
        return False
    if actor.is_staff:
        return event.office_id == actor.office_id
    membership = actor.current_membership
    if membership is None or event.office_id != membership.office_id:
        return False
    return isinstance(event, MessageSent) or event.company_id == actor.company_id


async def messages_badge(services: ServicesLike, actor: Actor) -> None:
    """Hidden when nothing is unread."""
    badge = ui.badge("", color="primary").props("floating rounded").mark("messages-count")
    badge.style("top: 4px; left: 32px; right: auto")

    async def update() -> None:
        try:
            count = await services.messages.unread_count(actor)
        except DomainError:
            count = 0
        if alive(badge):
            badge.set_text(str(count))
            badge.set_visibility(count > 0)

    async def on_event(event: DomainEvent) -> None:
        if not alive(badge):
            domain_events.unsubscribe(on_event)
            return
        if _concerns(actor, event):
            await update()

    await update()
    domain_events.subscribe(on_event)
