"""The count next to "Do zatwierdzenia" in the office navigation, kept current live."""

from __future__ import annotations

from domain.actors import Actor
from domain.events import DomainEvent, EntriesChanged
from domain.services import ServicesLike
from ui.components.count_badge import count_badge

SETTLE_SECONDS = 0.2  # one sync batch publishes an event per company: count once after them


async def waiting_badge(services: ServicesLike, actor: Actor) -> None:
    """The number of waiting entries on the item's icon (the label needs the drawer's whole
    width); hidden when nothing waits."""

    def concerns(event: DomainEvent) -> bool:
        return isinstance(event, EntriesChanged) and event.office_id == actor.office_id

    await count_badge(
        color="warning",
        mark="waiting-count",
        count=lambda: services.approval.waiting_total(actor),
        concerns=concerns,
        settle_seconds=SETTLE_SECONDS,
    )
