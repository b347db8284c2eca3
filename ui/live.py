"""Live updates: domain events from the bus re-emitted as a NiceGUI ``Event``.

A page subscribes inside its builder; NiceGUI runs the callback in that page's context and
drops the subscription when the tab goes away.
"""

from __future__ import annotations

from nicegui import Event

from domain.events import DomainEvent

domain_events: Event[DomainEvent] = Event()


def forward(event: DomainEvent) -> None:
    domain_events.emit(event)


def reset() -> None:
    """Forget every page subscription: the app is being (re)registered, so no tab of an
    earlier registration (the test suite re-runs main.py per test) may receive events."""
    domain_events.callbacks.clear()
