"""Tests for domain.events (JSON round trip) and domain.eventbus.LocalEventBus (fan-out)."""

from __future__ import annotations

import json
import logging

import pytest

from domain.eventbus import LocalEventBus
from domain.events import (
    AccountActivated,
    CompanyChanged,
    DomainEvent,
    EmailAddressCleared,
    EmailAddressFailing,
    EmailStatusChanged,
    EntriesChanged,
    MessagePosted,
    MessageProgress,
    MessageRead,
    MessageSent,
    NotificationCreated,
    NotificationsRead,
    StaffChanged,
)

SAMPLES: list[DomainEvent] = [
    NotificationCreated(office_id=1, recipient_kind="client", recipient_id=7, notification_id=42),
    NotificationsRead(office_id=1, recipient_kind="staff", recipient_id=3),
    EmailStatusChanged(office_id=None, email_id=9, status="sent"),
    EmailAddressFailing(office_id=1, address="zly@example.com"),
    EmailAddressCleared(office_id=1, address="zly@example.com"),
    AccountActivated(office_id=2, user_kind="client", user_id=5),
    CompanyChanged(office_id=1, company_id=11),
    EntriesChanged(office_id=1, company_id=11, data_type="zus"),
    StaffChanged(office_id=1, staff_id=4),
    StaffChanged(office_id=1, staff_id=None),
    MessageSent(office_id=1, message_id=5),
    MessageProgress(office_id=1, message_id=5, done=500, total=10000),
    MessageRead(office_id=1, message_id=5, company_id=11, user_kind="client", user_id=7),
    MessagePosted(office_id=1, thread_id=5, company_id=11, message_id=6),
]


def test_every_event_class_has_a_sample() -> None:
    ours = {name for name, cls in DomainEvent.registry.items() if cls.__module__ == "domain.events"}
    assert ours == {type(e).__name__ for e in SAMPLES}


@pytest.mark.parametrize("event", SAMPLES, ids=lambda e: type(e).__name__)
def test_json_round_trip(event: DomainEvent) -> None:
    raw = event.to_json()
    decoded = json.loads(raw)
    assert decoded["type"] == type(event).__name__
    assert decoded["data"]["office_id"] == event.office_id
    back = DomainEvent.from_json(raw)
    assert type(back) is type(event)
    assert back == event


@pytest.mark.parametrize("event", SAMPLES, ids=lambda e: type(e).__name__)
def test_from_json_accepts_bytes(event: DomainEvent) -> None:
    assert DomainEvent.from_json(event.to_json().encode("utf-8")) == event


def test_from_json_unknown_type_raises() -> None:
    with pytest.raises(KeyError):
        DomainEvent.from_json(json.dumps({"type": "NoSuchEvent", "data": {"office_id": 1}}))


# --- LocalEventBus ---------------------------------------------------------------------------

EVENT = CompanyChanged(office_id=1, company_id=11)
OTHER = CompanyChanged(office_id=1, company_id=12)


async def test_delivers_to_sync_and_async_subscribers_in_order() -> None:
    bus = LocalEventBus()
    received: list[tuple[str, DomainEvent]] = []

    def sync_handler(event: DomainEvent) -> None:
        received.append(("sync", event))

    async def async_handler(event: DomainEvent) -> None:
        received.append(("async", event))

    bus.subscribe(sync_handler)
    bus.subscribe(async_handler)
    await bus.publish(EVENT)
    assert received == [("sync", EVENT), ("async", EVENT)]


async def test_unsubscribe_stops_delivery() -> None:
    bus = LocalEventBus()
    first: list[DomainEvent] = []
    second: list[DomainEvent] = []
    unsubscribe = bus.subscribe(first.append)
    bus.subscribe(second.append)
    await bus.publish(EVENT)
    unsubscribe()
    await bus.publish(OTHER)
    assert first == [EVENT]
    assert second == [EVENT, OTHER]
    unsubscribe()  # a second call is harmless
    await bus.publish(EVENT)
    assert first == [EVENT]


async def test_unsubscribe_during_dispatch_still_delivers_to_the_rest() -> None:
    bus = LocalEventBus()
    received: list[str] = []

    def once(event: DomainEvent) -> None:
        received.append("once")
        unsubscribe()

    unsubscribe = bus.subscribe(once)
    bus.subscribe(lambda e: received.append("always"))
    await bus.publish(EVENT)
    await bus.publish(EVENT)
    assert received == ["once", "always", "always"]


async def test_failing_subscribers_do_not_stop_the_others(
    caplog: pytest.LogCaptureFixture,
) -> None:
    bus = LocalEventBus()
    received: list[str] = []

    def broken_sync(event: DomainEvent) -> None:
        raise RuntimeError("sync boom")

    async def broken_async(event: DomainEvent) -> None:
        raise ValueError("async boom")

    async def healthy(event: DomainEvent) -> None:
        received.append("healthy")

    bus.subscribe(broken_sync)
    bus.subscribe(broken_async)
    bus.subscribe(healthy)
    with caplog.at_level(logging.WARNING, logger="domain.eventbus"):
        await bus.publish(EVENT)
    assert received == ["healthy"]
    warnings = [r for r in caplog.records if r.name == "domain.eventbus"]
    assert len(warnings) == 2
    assert all(r.levelno == logging.WARNING for r in warnings)
    assert all("CompanyChanged" in r.getMessage() for r in warnings)
    assert {type(r.exc_info[1]) for r in warnings if r.exc_info} == {RuntimeError, ValueError}


async def test_start_and_stop_are_harmless() -> None:
    bus = LocalEventBus()
    received: list[DomainEvent] = []
    await bus.start()
    bus.subscribe(received.append)
    await bus.dispatch(EVENT)
    await bus.stop()
    assert received == [EVENT]
