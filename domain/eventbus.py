"""The in-process event bus: fan-out to local subscribers (embedded default)."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable

from domain.events import DomainEvent
from domain.ports import EventHandler

log = logging.getLogger(__name__)


class LocalEventBus:
    def __init__(self) -> None:
        self._handlers: list[EventHandler] = []

    def subscribe(self, handler: EventHandler) -> Callable[[], None]:
        self._handlers.append(handler)
        return lambda: self._handlers.remove(handler) if handler in self._handlers else None

    async def publish(self, event: DomainEvent) -> None:
        await self.dispatch(event)

    async def dispatch(self, event: DomainEvent) -> None:
        """Deliver to every local subscriber; one failing subscriber never stops the others."""
        for handler in list(self._handlers):
            try:
                result = handler(event)
                if inspect.isawaitable(result):
                    await result
            except Exception:
                log.warning("event handler failed for %s", type(event).__name__, exc_info=True)

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None
