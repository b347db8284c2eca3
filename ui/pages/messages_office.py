"""The office's Wiadomości (``/biuro/wiadomosci``): "Wysłane" (sent messages with their read
counts and delivery progress, live), "Skrzynka" (client threads with unread counters, live)
and "Nowa wiadomość"; the thread page ``/biuro/wiadomosci/watek/{thread_id}``; the reminder
days card of Ustawienia.

The message detail with its receipts lives in ``messages_receipts.py``, the composer in
``messages_compose.py``, the shared pieces (attachments, posts, replies) in ``messages_parts.py``.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

from domain.actors import Actor
from domain.errors import NotFound, PermissionDenied
from domain.events import DomainEvent, MessagePosted, MessageProgress, MessageRead, MessageSent
from domain.formatting import format_moment
from domain.messages.model import ThreadSummary
from domain.services import ServicesLike
from ui.forms import days_card
from ui.frames import office_frame
from ui.i18n import N_, _
from ui.live import domain_events
from ui.pages import messages_receipts
from ui.pages.companies import tab_closed
from ui.pages.messages_compose import Composer
from ui.pages.messages_parts import ThreadView, register_routes
from ui.pages.messages_receipts import PATH, not_found, read_text, sending_bar
from ui.session import actor_of
from ui.theme import empty_state

THREAD_PATH = PATH + "/watek"
LIVE_EVENTS = (MessageSent, MessageProgress, MessageRead, MessagePosted)


def register(services: ServicesLike) -> None:
    register_routes(services)
    messages_receipts.register(services)

    @ui.page(PATH)
    async def messages(request: Request, tab: str = "wyslane") -> RedirectResponse | None:
        actor = actor_of(request)
        if not actor.is_staff:
            return RedirectResponse("/klient")
        async with office_frame(services, actor, N_("Wiadomości"), PATH):
            await MessagesView(services, actor, tab).build()
        return None

    @ui.page(THREAD_PATH + "/{thread_id}")
    async def thread(
        request: Request, thread_id: int, firma: int | None = None
    ) -> RedirectResponse | None:
        actor = actor_of(request)
        if not actor.is_staff:
            return RedirectResponse("/klient")
        async with office_frame(services, actor, N_("Wiadomości"), PATH):
            await ThreadView(
                services,
                actor,
                thread_id,
                back_label=_("Wróć do skrzynki"),
                back_url=f"{PATH}?tab=skrzynka",
                mine_kind="staff",
                on_missing=not_found,
                company_id=firma,
                classes="w-full gap-3 max-w-3xl",
            ).build()
        return None


class MessagesView:
    def __init__(self, services: ServicesLike, actor: Actor, tab: str) -> None:
        self._services = services
        self._actor = actor
        self._tab = tab if tab in ("wyslane", "skrzynka") else "wyslane"
        self._sent = ui.refreshable(self._draw_sent)
        self._inbox = ui.refreshable(self._draw_inbox)

    async def build(self) -> None:
        with ui.row().classes("w-full items-center justify-between") as self._anchor:
            ui.label(_("Wiadomości do klientów z potwierdzeniem odczytu.")).classes("text-gray-600")
            ui.button(_("Nowa wiadomość"), icon="edit", on_click=self._compose).props(
                "unelevated"
            ).mark("new-message")
        with (
            ui.tabs()
            .props("align=left no-caps inline-label")
            .classes("w-full bg-white rounded text-gray-700") as tabs
        ):
            ui.tab("wyslane", label=_("Wysłane"), icon="outbox")
            ui.tab("skrzynka", label=_("Skrzynka"), icon="inbox")
        with ui.tab_panels(tabs, value=self._tab).classes("w-full bg-transparent"):
            with ui.tab_panel("wyslane").classes("p-0"):
                await self._sent()
            with ui.tab_panel("skrzynka").classes("p-0"):
                await self._inbox()
        domain_events.subscribe(self._on_event)

    async def _compose(self) -> None:
        await Composer(self._services, self._actor, self._after_send).open()

    async def _after_send(self, message_id: int) -> None:
        self._sent.refresh()

    async def _on_event(self, event: DomainEvent) -> None:
        if tab_closed(self._anchor):
            domain_events.unsubscribe(self._on_event)
            return
        if not isinstance(event, LIVE_EVENTS) or event.office_id != self._actor.office_id:
            return
        if isinstance(event, MessagePosted):
            self._inbox.refresh()
        else:
            self._sent.refresh()
            if isinstance(event, MessageRead):
                self._inbox.refresh()

    async def _draw_sent(self) -> None:
        rows = await self._services.messages.sent(self._actor)
        if not rows:
            with ui.card().classes("w-full biurko-card"):
                empty_state(
                    "outbox",
                    _("Nie wysłano jeszcze żadnej wiadomości."),
                    _("Napisz do jednej firmy albo do wielu naraz: „Nowa wiadomość”."),
                )
            return
        with ui.list().props("bordered separator").classes("w-full bg-white rounded"):
            for row in rows:
                with (
                    ui.item(on_click=lambda i=row.id: ui.navigate.to(f"{PATH}/{i}"))
                    .props(f'href="{PATH}/{row.id}"')
                    .mark("sent-message"),
                    ui.column().classes("w-full gap-1 py-1"),
                ):
                    with ui.row().classes("w-full items-center gap-3 no-wrap"):
                        ui.label(row.subject).classes("font-medium truncate flex-1")
                        ui.label(read_text(row)).classes("text-sm text-gray-700 shrink-0").mark(
                            "read-count"
                        )
                    ui.label(f"{row.author_name} · {format_moment(row.created_at)}").classes(
                        "text-sm text-gray-500"
                    )
                    if row.status == "sending":
                        sending_bar(row)

    async def _draw_inbox(self) -> None:
        threads = await self._services.messages.inbox(self._actor)
        if not threads:
            with ui.card().classes("w-full biurko-card"):
                empty_state(
                    "inbox",
                    _("Skrzynka jest pusta."),
                    _("Tu pojawią się wiadomości od klientów i ich odpowiedzi."),
                )
            return
        thread_list(threads)


def thread_list(threads: list[ThreadSummary]) -> None:
    """Client conversations, unread ones in bold with their count (also on the company page)."""
    with ui.list().props("bordered separator").classes("w-full bg-white rounded"):
        for thread in threads:
            weight = "font-semibold" if thread.unread else "font-normal"
            url = thread_url(thread.thread_id, thread.company_id)
            with (
                ui.item(on_click=lambda url=url: ui.navigate.to(url))
                .props(f'href="{url}"')
                .mark("inbox-thread"),
                ui.row().classes("w-full items-center gap-3 no-wrap"),
            ):
                with ui.column().classes("gap-0 flex-1 min-w-0"):
                    ui.label(thread.subject).classes(f"{weight} truncate")
                    ui.label(
                        f"{thread.company_name} · {thread.last_author} · "
                        f"{format_moment(thread.last_at)}"
                    ).classes("text-sm text-gray-500 truncate")
                if thread.unread:
                    ui.badge(str(thread.unread), color="primary").mark("thread-unread")


async def company_threads(services: ServicesLike, actor: Actor, company_id: int) -> None:
    """The company page's Wiadomości tab: this company's conversations with the office."""
    threads = [t for t in await services.messages.inbox(actor) if t.company_id == company_id]
    if threads:
        thread_list(threads)
        return
    with ui.card().classes("w-full biurko-card"):
        empty_state(
            "mail",
            _("Tu pojawi się korespondencja z firmą."),
            _("Wiadomości do klienta z potwierdzeniem odczytu."),
        )


def thread_url(thread_id: int, company_id: int | None) -> str:
    """A broadcast answered by several companies is one conversation per company."""
    suffix = f"?firma={company_id}" if company_id else ""
    return f"{THREAD_PATH}/{thread_id}{suffix}"


async def reminder_days_card(services: ServicesLike, actor: Actor) -> None:
    """Ustawienia: after how many days a company that has not read a message may be reminded."""
    try:
        days = await services.messages.reminder_days(actor)
    except (PermissionDenied, NotFound):
        return
    days_card(
        days=days,
        save=lambda whole: services.messages.set_reminder_days(actor, whole),
        title=_("Przypomnienia o nieprzeczytanych wiadomościach"),
        hint=_(
            "Po tylu dniach firmę, w której nikt nie przeczytał wiadomości, można "
            "jednym kliknięciem przypomnieć."
        ),
        field_label=_("Liczba dni (1–60)"),
        saved_text=_("Zapisano."),
        save_label=_("Zapisz"),
        marks=("message-reminder-card", "message-reminder-days", "message-reminder-save"),
    )
