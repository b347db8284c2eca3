"""The unread count on the "Wiadomości" navigation item (office: unread client posts; client:
unread messages of the current company), kept current live."""

from __future__ import annotations

from domain.actors import Actor
from domain.events import DomainEvent, MessagePosted, MessageRead, MessageSent
from domain.services import ServicesLike
from ui.components.count_badge import count_badge


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
    await count_badge(
        color="primary",
        mark="messages-count",
        count=lambda: services.messages.unread_count(actor),
        concerns=lambda event: _concerns(actor, event),
    )
