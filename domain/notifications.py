"""In-app notifications: the bell in the office and the client portal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.actors import Actor, ActorKind
from domain.events import NotificationCreated, NotificationsRead
from domain.ports import Clock, EventBus


@dataclass(frozen=True)
class NotificationView:
    id: int
    title: str
    body: str
    link: str
    created_at: datetime
    read: bool


class NotificationRepository(Protocol):
    async def add(
        self,
        office_id: int | None,
        recipient_kind: ActorKind,
        recipient_id: int,
        title: str,
        body: str,
        link: str,
        event_type: str = "",
    ) -> int: ...

    async def unread_count(self, recipient_kind: ActorKind, recipient_id: int) -> int: ...

    async def recent(
        self, recipient_kind: ActorKind, recipient_id: int, limit: int
    ) -> list[NotificationView]: ...

    async def mark_all_read(
        self, recipient_kind: ActorKind, recipient_id: int, at: datetime
    ) -> None: ...

    async def mark_read(
        self, recipient_kind: ActorKind, recipient_id: int, notification_id: int, at: datetime
    ) -> bool:
        """Mark one of the recipient's own notifications read; False when it was not unread."""

    async def mark_read_by_link(
        self, recipient_kind: ActorKind, recipient_id: int, link: str, at: datetime
    ) -> int:
        """Mark the recipient's unread notifications pointing at ``link`` read; how many."""
        ...

    async def staff_ids(self, office_id: int, admins_only: bool) -> list[int]: ...


class NotificationService:
    def __init__(self, repo: NotificationRepository, events: EventBus, clock: Clock) -> None:
        self._repo = repo
        self._events = events
        self._clock = clock

    async def notify_staff(
        self, office_id: int, title: str, body: str = "", link: str = "", admins_only: bool = False
    ) -> None:
        for staff_id in await self._repo.staff_ids(office_id, admins_only):
            await self.notify(office_id, ActorKind.STAFF, staff_id, title, body, link)

    async def notify(
        self,
        office_id: int | None,
        kind: ActorKind,
        user_id: int,
        title: str,
        body: str = "",
        link: str = "",
        event_type: str = "",
    ) -> int:
        notification_id = await self._repo.add(
            office_id, kind, user_id, title, body, link, event_type
        )
        await self._events.publish(
            NotificationCreated(office_id, kind.value, user_id, notification_id)
        )
        return notification_id

    async def unread_count(self, actor: Actor) -> int:
        return await self._repo.unread_count(actor.kind, actor.user_id)

    async def recent(self, actor: Actor, limit: int = 10) -> list[NotificationView]:
        return await self._repo.recent(actor.kind, actor.user_id, limit)

    async def mark_read(self, actor: Actor, notification_id: int) -> None:
        """The person opened one notification (someone else's id changes nothing)."""
        now = self._clock.now()
        if await self._repo.mark_read(actor.kind, actor.user_id, notification_id, now):
            await self._events.publish(
                NotificationsRead(actor.office_id, actor.kind.value, actor.user_id)
            )

    async def mark_read_by_link(self, actor: Actor, link: str) -> None:
        """The person opened the page the notifications point at (a message thread, say):
        its bell entries are read now, as if clicked."""
        now = self._clock.now()
        if await self._repo.mark_read_by_link(actor.kind, actor.user_id, link, now):
            await self._events.publish(
                NotificationsRead(actor.office_id, actor.kind.value, actor.user_id)
            )

    async def mark_all_read(self, actor: Actor) -> None:
        await self._repo.mark_all_read(actor.kind, actor.user_id, self._clock.now())
        await self._events.publish(
            NotificationsRead(actor.office_id, actor.kind.value, actor.user_id)
        )
