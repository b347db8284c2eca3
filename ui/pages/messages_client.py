"""The client's Wiadomości, phone first: ``/klient/wiadomosci`` lists the current company's
conversations (unread ones in bold with a dot) and "Napisz do biura";
``/klient/wiadomosci/{thread_id}`` shows one with its attachments and "Odpowiedz".

Opening a thread marks it read for this person (the service keeps the first read time).
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

from domain.actors import Actor
from domain.errors import DomainError, ValidationError
from domain.events import DomainEvent, MessagePosted, MessageSent
from domain.formatting import format_moment
from domain.services import ServicesLike
from ui.components.company_switcher import company_caption
from ui.frames import client_frame
from ui.i18n import N_, _
from ui.live import domain_events
from ui.pages.companies import tab_closed
from ui.pages.messages_parts import AttachmentPicker, ThreadView
from ui.session import actor_of
from ui.theme import empty_state

PATH = "/klient/wiadomosci"


def register(services: ServicesLike) -> None:
    @ui.page(PATH)
    async def messages(request: Request) -> RedirectResponse | None:
        actor = actor_of(request)
        if not actor.is_client:
            return RedirectResponse("/biuro")
        async with client_frame(services, actor, N_("Wiadomości"), PATH):
            await ClientMessages(services, actor).build()
        return None

    @ui.page(PATH + "/{thread_id}")
    async def thread(request: Request, thread_id: int) -> RedirectResponse | None:
        actor = actor_of(request)
        if not actor.is_client:
            return RedirectResponse("/biuro")
        async with client_frame(services, actor, N_("Wiadomości"), PATH):
            await ThreadView(
                services,
                actor,
                thread_id,
                back_label=_("Wszystkie wiadomości"),
                back_url=PATH,
                mine_kind="client",
                on_missing=_not_found,
                back_classes="self-start",
            ).build()
        return None


def _concerns(actor: Actor, event: DomainEvent) -> bool:
    if isinstance(event, MessagePosted):
        return event.company_id == actor.company_id
    return isinstance(event, MessageSent) and actor.office_id == event.office_id


class ClientMessages:
    def __init__(self, services: ServicesLike, actor: Actor) -> None:
        self._services = services
        self._actor = actor
        self._list = ui.refreshable(self._draw)

    async def build(self) -> None:
        await company_caption(self._services, self._actor)
        ui.button(_("Napisz do biura"), icon="edit", on_click=self._write).props(
            "unelevated size=lg"
        ).classes("w-full").mark("write-to-office")
        with ui.column().classes("w-full gap-3") as self._anchor:
            await self._list()
        domain_events.subscribe(self._on_event)

    async def _on_event(self, event: DomainEvent) -> None:
        if tab_closed(self._anchor):
            domain_events.unsubscribe(self._on_event)
            return
        if _concerns(self._actor, event):
            self._list.refresh()

    async def _draw(self) -> None:
        items = await self._services.messages.client_list(self._actor)
        if not items:
            with ui.card().classes("w-full biurko-card"):
                empty_state(
                    "mail",
                    _("Nie masz wiadomości."),
                    _("Tu przeczytasz wiadomości od biura i odpowiesz na nie."),
                )
            return
        with ui.card().classes("w-full biurko-card p-0"), ui.list().props("separator"):
            for item in items:
                weight = "font-semibold" if item.unread else "font-normal"
                with (
                    ui.item(on_click=lambda t=item.thread_id: ui.navigate.to(f"{PATH}/{t}"))
                    .props(f'href="{PATH}/{item.thread_id}"')
                    .classes("min-h-[64px]")
                    .mark("client-thread" + (" unread" if item.unread else "")),
                    ui.row().classes("w-full items-center gap-3 no-wrap"),
                ):
                    dot = "bg-primary" if item.unread else "bg-transparent"
                    ui.element("span").classes(f"w-2.5 h-2.5 rounded-full shrink-0 {dot}")
                    with ui.column().classes("gap-0 flex-1 min-w-0"):
                        ui.label(item.subject).classes(f"{weight} truncate")
                        ui.label(f"{item.author_name} · {format_moment(item.last_at)}").classes(
                            "text-sm text-gray-500 truncate"
                        )
                    if item.unread:
                        ui.label(_("Nowa")).classes("sr-only")
                    ui.icon("chevron_right").classes("text-gray-400")

    async def _write(self) -> None:
        with ui.dialog() as dialog, ui.card().classes("w-full max-w-lg gap-3").mark("write-form"):
            ui.label(_("Napisz do biura")).classes("text-lg font-semibold")
            subject = ui.input(_("Temat")).props("outlined").classes("w-full").mark("write-subject")
            body = (
                ui.textarea(_("Treść"))
                .props("outlined rows=5")
                .classes("w-full")
                .mark("write-body")
            )
            picker = AttachmentPicker()

            async def send() -> None:
                button.disable()
                try:
                    thread_id = await self._services.messages.write_to_office(
                        self._actor, subject.value or "", body.value or "", tuple(picker.files)
                    )
                except ValidationError as error:
                    errors = error.errors
                    subject.error = _(errors["subject"]) if "subject" in errors else None
                    body.error = _(errors["body"]) if "body" in errors else None
                    picker.show_error(_(errors["attachments"]) if "attachments" in errors else None)
                    return
                except DomainError as error:
                    ui.notify(_(error.message), type="negative")
                    return
                finally:
                    button.enable()
                dialog.close()
                ui.notify(_("Wysłano wiadomość do biura."), type="positive")
                ui.navigate.to(f"{PATH}/{thread_id}")

            with ui.row().classes("w-full justify-end gap-2"):
                ui.button(_("Anuluj"), on_click=dialog.close).props("flat size=lg")
                button = (
                    ui.button(_("Wyślij"), icon="send", on_click=send)
                    .props("unelevated size=lg")
                    .mark("write-send")
                )
        dialog.on("hide", dialog.delete)
        dialog.open()


def _not_found() -> None:
    with ui.card().classes("w-full biurko-card").mark("message-not-found"):
        empty_state(
            "search_off",
            _("Nie znaleziono wiadomości."),
            _("Ta wiadomość nie istnieje albo należy do innej firmy."),
        )
        ui.button(
            _("Wszystkie wiadomości"), icon="arrow_back", on_click=lambda: ui.navigate.to(PATH)
        ).props("outline").classes("self-center mb-6")
