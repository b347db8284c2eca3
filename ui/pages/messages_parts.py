"""Pieces the office's and the client's message pages share: the attachment download route,
a post with its attachments, the attachment picker, the reply form and the thread view.

The download route ``/pliki/wiadomosci/{attachment_id}`` asks the service with the actor of
the session: an id alone opens nothing (another company's attachment is a 404).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import PlainTextResponse, Response
from nicegui import app, events, ui

from domain.actors import Actor
from domain.errors import DomainError, NotFound, PermissionDenied, ValidationError
from domain.events import DomainEvent, MessagePosted
from domain.formatting import format_moment
from domain.messages.model import AttachmentView, MessageView, NewAttachment
from domain.services import ServicesLike
from ui.i18n import N_, _
from ui.live import domain_events
from ui.pages.companies import tab_closed

ATTACHMENT_PATH = "/pliki/wiadomosci"
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_TOTAL_BYTES = 25 * 1024 * 1024
ACCEPT = ".pdf,.jpg,.jpeg,.png,.heic,.heif,.webp,.doc,.docx,.xls,.xlsx,.odt,.ods"
TOO_LARGE = N_("Plik {name} jest większy niż 10 MB. Wybierz mniejszy.")
# Tailwind's reset strips lists and paragraph spacing; a message body needs them back.
MESSAGE_CSS = """
.biurko-message p { margin: 0 0 0.6em; }
.biurko-message p:last-child { margin-bottom: 0; }
.biurko-message ul { list-style: disc; padding-left: 1.5em; margin: 0 0 0.6em; }
.biurko-message ol { list-style: decimal; padding-left: 1.5em; margin: 0 0 0.6em; }
.biurko-message a { color: var(--q-primary); text-decoration: underline; }
.biurko-message h1, .biurko-message h2, .biurko-message h3 { font-weight: 600; margin: 0.4em 0; }
.biurko-message blockquote { border-left: 3px solid #cbd5e1; padding-left: 0.8em; color: #475569; }
"""
TOTAL_TOO_LARGE = N_("Załączniki razem nie mogą przekraczać 25 MB. Plik {name} nie zmieścił się.")


def register_routes(services: ServicesLike) -> None:
    ui.add_css(MESSAGE_CSS, shared=True)

    @app.get(ATTACHMENT_PATH + "/{attachment_id}", include_in_schema=False)
    async def attachment(request: Request, attachment_id: int) -> Response:
        try:
            name, content_type, data = await services.messages.attachment(
                request.state.actor, attachment_id
            )
        except (NotFound, PermissionDenied):
            return PlainTextResponse(_("Nie znaleziono."), status_code=404)
        return file_response(data, content_type, name)


def file_response(data: bytes, content_type: str, filename: str) -> Response:
    """A private download; the browser never guesses a different type."""
    return Response(
        data,
        media_type=content_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


def size_text(size: int) -> str:
    """``840 B``, ``12 KB``, ``3,4 MB`` (Polish decimal comma)."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def attachment_links(attachments: list[AttachmentView]) -> None:
    if not attachments:
        return
    with ui.column().classes("gap-1 w-full").mark("attachments"):
        for item in attachments:
            with ui.row().classes("items-center gap-2 no-wrap min-h-[40px]"):
                ui.icon("attach_file").classes("text-gray-500")
                ui.link(item.filename, f"{ATTACHMENT_PATH}/{item.id}").classes(
                    "text-primary truncate"
                ).props("download")
                ui.label(size_text(item.size)).classes("text-sm text-gray-500 shrink-0")


def post_card(post: MessageView, mine: bool) -> None:
    """One post of a thread: who, when, the (already sanitized) body and its attachments."""
    tint = "bg-teal-50" if mine else "bg-white"
    with ui.card().classes(f"w-full biurko-card gap-2 {tint}").mark("post"):
        with ui.row().classes("w-full items-baseline justify-between gap-2"):
            ui.label(post.author_name).classes("font-medium")
            ui.label(format_moment(post.created_at)).classes("text-sm text-gray-500")
        # Rendered by the service with raw HTML disabled; DOMPurify in the browser as well.
        ui.html(post.body_html, sanitize=True).classes("biurko-message w-full break-words")
        attachment_links(post.attachments)


class AttachmentPicker:
    """``ui.upload`` for several files, each listed with its size; the size limits are
    checked here as a courtesy (the service checks sizes and types again by content)."""

    def __init__(self) -> None:
        self.files: list[NewAttachment] = []
        self._list = ui.refreshable(self._draw)
        with ui.column().classes("w-full gap-1"):
            # The uploader stays out of sight: the button opens the file picker, the list
            # below shows what is attached (with sizes and a remove button).
            self._upload: ui.upload = (
                ui.upload(
                    label=_("Załączniki (PDF, zdjęcia, dokumenty; do 10 MB każdy)"),
                    multiple=True,
                    auto_upload=True,
                    on_upload=self._uploaded,
                    # Forget the uploader's own list once a batch is in: ours is the truth.
                    on_multi_upload=self._forget_batch,
                )
                .props(f'accept="{ACCEPT}"')
                .classes("hidden")
                .mark("attachments-upload")
            )
            with ui.row().classes("items-center gap-2"):
                ui.button(
                    _("Dodaj załączniki"),
                    icon="attach_file",
                    on_click=lambda: self._upload.run_method("pickFiles"),
                ).props("outline no-caps").mark("add-attachments")
                ui.label(_("PDF, zdjęcia, dokumenty; do 10 MB każdy, razem 25 MB")).classes(
                    "text-sm text-gray-500"
                )
            self._list()
            self._error = ui.label().classes("text-negative text-sm").mark("attachments-error")
            self._error.set_visibility(False)

    def _draw(self) -> None:
        for index, item in enumerate(self.files):
            with ui.row().classes("items-center gap-2 no-wrap w-full").mark("picked-file"):
                ui.icon("description").classes("text-gray-500")
                ui.label(item.filename).classes("truncate flex-1")
                ui.label(size_text(len(item.data))).classes("text-sm text-gray-500")
                ui.button(icon="close", on_click=lambda i=index: self._remove(i)).props(
                    f'flat round dense aria-label="{_("Usuń załącznik")}"'
                ).mark("remove-file")

    async def _uploaded(self, event: events.UploadEventArguments) -> None:
        name = event.file.name
        size = event.file.size()
        if size > MAX_FILE_BYTES:
            self.show_error(_(TOO_LARGE).format(name=name))
            return
        if size + sum(len(f.data) for f in self.files) > MAX_TOTAL_BYTES:
            self.show_error(_(TOTAL_TOO_LARGE).format(name=name))
            return
        self.files.append(NewAttachment(filename=name, data=await event.file.read()))
        self.show_error(None)
        self._list.refresh()

    def _forget_batch(self) -> None:
        self._upload.reset()

    def _remove(self, index: int) -> None:
        del self.files[index]
        self.show_error(None)
        self._list.refresh()

    def show_error(self, message: str | None) -> None:
        self._error.text = message or ""
        self._error.set_visibility(bool(message))

    def clear(self) -> None:
        self.files.clear()
        self._upload.reset()
        self.show_error(None)
        self._list.refresh()


def reply_form(
    services: ServicesLike,
    actor: Actor,
    thread_id: int,
    on_sent: Callable[[], Awaitable[None]],
    company_id: int | None = None,
) -> None:
    """The "Odpowiedz" form: a text and attachments; the thread redraws after sending. The
    office names the company it answers when a broadcast has replies from several."""
    with ui.card().classes("w-full biurko-card gap-2").mark("reply-form"):
        body = (
            ui.textarea(_("Twoja odpowiedź"))
            .props("outlined autogrow")
            .classes("w-full")
            .mark("reply-body")
        )
        picker = AttachmentPicker()
        button = ui.button(_("Odpowiedz"), icon="reply").props("unelevated").mark("reply-send")

        async def send() -> None:
            button.disable()
            try:
                await services.messages.reply(
                    actor, thread_id, body.value or "", tuple(picker.files), company_id=company_id
                )
            except ValidationError as error:
                body.error = _(error.errors.get("body", "")) or None
                picker.show_error(
                    _(error.errors["attachments"]) if "attachments" in error.errors else None
                )
                return
            except DomainError as error:
                ui.notify(_(error.message), type="negative")
                return
            finally:
                button.enable()
            body.value = ""
            body.error = None
            picker.clear()
            ui.notify(_("Wysłano odpowiedź."), type="positive")
            await on_sent()

        button.on_click(send)


class ThreadView:
    """One conversation: a back button, the subject, the posts (live) and the reply form.

    The office and the client differ only in the back button, whose posts count as "mine",
    the container width and, for the office, the company whose replies are shown (a
    broadcast answered by several companies is one conversation per company)."""

    def __init__(
        self,
        services: ServicesLike,
        actor: Actor,
        thread_id: int,
        *,
        back_label: str,
        back_url: str,
        mine_kind: str,
        on_missing: Callable[[], None],
        company_id: int | None = None,
        classes: str = "w-full gap-3",
        back_classes: str = "",
    ) -> None:
        self._services = services
        self._actor = actor
        self._thread_id = thread_id
        self._back_label = back_label
        self._back_url = back_url
        self._mine_kind = mine_kind
        self._on_missing = on_missing
        self._company_id = company_id
        self._classes = classes
        self._back_classes = back_classes
        self._posts = ui.refreshable(self._draw_posts)

    async def build(self) -> None:
        try:
            posts = await self._services.messages.thread(self._actor, self._thread_id)
        except (NotFound, PermissionDenied):
            self._on_missing()
            return
        with ui.column().classes(self._classes) as self._anchor:
            ui.button(
                self._back_label,
                icon="arrow_back",
                on_click=lambda: ui.navigate.to(self._back_url),
            ).props("flat no-caps").classes(self._back_classes)
            ui.label(posts[0].subject if posts else "").classes("text-xl font-semibold")
            await self._posts(posts)
            reply_form(self._services, self._actor, self._thread_id, self._reload, self._company_id)
        domain_events.subscribe(self._on_event)

    async def _draw_posts(self, posts: list[MessageView] | None = None) -> None:
        if posts is None:
            posts = await self._services.messages.thread(self._actor, self._thread_id)
        for index, post in enumerate(posts):
            # The first post opens the thread; the rest belong to the company in question.
            if index and self._company_id and post.company_id != self._company_id:
                continue
            post_card(post, mine=post.author_kind == self._mine_kind)

    async def _reload(self) -> None:
        self._posts.refresh(None)

    async def _on_event(self, event: DomainEvent) -> None:
        if tab_closed(self._anchor):
            domain_events.unsubscribe(self._on_event)
            return
        if isinstance(event, MessagePosted) and event.thread_id == self._thread_id:
            await self._reload()
