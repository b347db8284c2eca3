"""The notification bell: unread count and the latest notifications, updated live."""

from __future__ import annotations

from nicegui import ui

from domain.actors import Actor
from domain.events import DomainEvent, NotificationCreated, NotificationsRead
from domain.formatting import format_moment
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
            for item in items:
                with (
                    ui.item(on_click=lambda link=item.link: ui.navigate.to(link or "#")).classes(
                        "w-full"
                    ),
                    ui.item_section(),
                ):
                    ui.item_label(item.title).classes("" if item.read else "font-bold")
                    ui.item_label(format_moment(item.created_at)).props("caption")
        await services.notifications.mark_all_read(actor)

    async def on_event(event: DomainEvent) -> None:
        if (
            isinstance(event, NotificationCreated | NotificationsRead)
            and event.recipient_kind == actor.kind.value
            and event.recipient_id == actor.user_id
        ):
            await refresh()

    domain_events.subscribe(on_event)
    await refresh()
