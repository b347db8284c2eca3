"""A count on a navigation item's icon, kept current live: hidden at zero, recounted when a
domain event concerns it (after a short settle time when events come in bursts)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from nicegui import ui

from domain.errors import DomainError
from domain.events import DomainEvent
from ui.components.assign_staff import alive
from ui.live import domain_events


async def count_badge(
    *,
    color: str,
    mark: str,
    count: Callable[[], Awaitable[int]],
    concerns: Callable[[DomainEvent], bool],
    settle_seconds: float = 0.0,
) -> None:
    badge = ui.badge("", color=color).props("floating rounded").mark(mark)
    badge.style("top: 4px; left: 32px; right: auto")
    pending = False

    async def update() -> None:
        try:
            value = await count()
        except DomainError:
            value = 0
        if alive(badge):
            badge.set_text(str(value))
            badge.set_visibility(value > 0)

    async def on_event(event: DomainEvent) -> None:
        nonlocal pending
        if not alive(badge):
            domain_events.unsubscribe(on_event)
            return
        if not concerns(event) or pending:
            return
        if settle_seconds:
            pending = True
            await asyncio.sleep(settle_seconds)
            pending = False
        await update()

    await update()
    domain_events.subscribe(on_event)
