"""The notification bell: unread count and the latest notifications, updated live.

Opening the list reads nothing by itself; clicking a notification marks that one read and
goes to its item (its link), "Oznacz wszystkie jako przeczytane" clears the rest."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from domain.actors import Actor
from domain.events import DomainEvent, NotificationCreated, NotificationsRead
from domain.formatting import format_moment
from domain.notifications import NotificationView
from domain.services import ServicesLike
from ui.i18n import _
from ui.live import domain_events


async def notification_bell(services: ServicesLike, actor: Actor) -> None:
    with (
        ui.button(icon="notifications", on_click=lambda: show_entries())
        .props("flat round color=white")
        .mark("bell")
        .tooltip(_("Powiadomienia"))
    ):
        badge = ui.badge("0", color="red").props("floating").mark("bell-count")
        with ui.menu().classes("w-80"):
            entries = ui.column().classes("w-full gap-0 p-2")

    async def refresh() -> None:
        count = await services.notifications.unread_count(actor)
        badge.set_text(str(count))
        badge.set_visibility(count > 0)

    async def show_entries() -> None:
        entries.clear()
        items = await services.notifications.recent(actor)
        with entries:
            if not items:
                ui.label(_("Nie masz powiadomień.")).classes("text-gray-500 p-2")
            elif any(not item.read for item in items):
                ui.button(_("Oznacz wszystkie jako przeczytane"), on_click=mark_all).props(
                    "flat dense no-caps size=sm"
                ).classes("self-end").mark("bell-read-all")
            for item in items:
                _entry(item, open_one)

    async def open_one(item: NotificationView) -> None:
        # Read first: the page we go to may be this one, and the count must drop either way.
        await services.notifications.mark_read(actor, item.id)
        if item.link:
            ui.navigate.to(item.link)

    async def mark_all() -> None:
        await services.notifications.mark_all_read(actor)
        await show_entries()

    async def on_event(event: DomainEvent) -> None:
        if (
            isinstance(event, NotificationCreated | NotificationsRead)
            and event.recipient_kind == actor.kind.value
            and event.recipient_id == actor.user_id
        ):
            await refresh()

    domain_events.subscribe(on_event)
    await refresh()


def _entry(item: NotificationView, open_one: Callable[[NotificationView], Awaitable[None]]) -> None:
    with (
        ui.item(on_click=lambda: open_one(item)).classes("w-full").mark(f"bell-item-{item.id}"),
        ui.item_section(),
    ):
        ui.item_label(item.title).classes("" if item.read else "font-bold")
        if item.body:
            ui.item_label(item.body).props("caption lines=2")
        ui.item_label(format_moment(item.created_at)).props("caption")
