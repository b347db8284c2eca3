"""One sent message (``/biuro/wiadomosci/{message_id}``): its text and attachments, "przeczytane
X z Y" and the receipts per company and person, both live while clients read; "Przypomnij
nieczytającym"; the receipts as CSV and as a PDF confirmation (proof in a dispute).

The exports are plain HTTP routes; the service checks the session's actor, an id alone opens
nothing.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from nicegui import app, ui

from domain.actors import Actor
from domain.channels import Channel
from domain.errors import DomainError, NotFound, PermissionDenied
from domain.events import DomainEvent, MessageProgress, MessageRead
from domain.formatting import format_moment
from domain.messages.model import MessageSummary, MessageView, ReceiptRow
from domain.services import ServicesLike
from ui.frames import office_frame
from ui.i18n import N_, _
from ui.live import domain_events
from ui.pages.companies import tab_closed
from ui.pages.messages_parts import file_response, post_card
from ui.session import actor_of
from ui.theme import empty_state, status_chip

PATH = "/biuro/wiadomosci"
EMAIL_STATUS = {
    "queued": (N_("W kolejce"), "warning"),
    "sent": (N_("Wysłany"), "positive"),
    "failed": (N_("Błąd"), "negative"),
    "bounced": (N_("Odrzucony"), "negative"),
}
CHANNEL_SHORT = {Channel.PORTAL: N_("portal"), Channel.EMAIL: N_("e-mail"), Channel.SMS: N_("SMS")}
UNREAD = N_("nieprzeczytane")
# Status as a chip with a word; unread in amber ("needs attention").
EMAIL_CELL = """
<q-td :props="props">
  <q-chip v-if="props.row.email_color" :color="props.row.email_color" outline dense square>
    {{ props.value }}
  </q-chip>
  <span v-else class="text-gray-500">{{ props.value }}</span>
</q-td>
"""
READ_CELL = """
<q-td :props="props" :class="props.row.unread ? 'text-warning font-medium' : ''">
  {{ props.value }}
</q-td>
"""
COLUMNS = (
    ("company", N_("Firma")),
    ("person", N_("Osoba")),
    ("read", N_("Przeczytane")),
    ("channels", N_("Kanały")),
    ("email", N_("E-mail")),
    ("reminded", N_("Przypomniano")),
)


def register(services: ServicesLike) -> None:
    @app.get(PATH + "/{message_id}/potwierdzenia.csv", include_in_schema=False)
    async def receipts_csv(request: Request, message_id: int) -> Response:
        try:
            data = await services.messages.receipts_csv(request.state.actor, message_id)
        except (NotFound, PermissionDenied):
            return PlainTextResponse(_("Nie znaleziono."), status_code=404)
        return file_response(data, "text/csv; charset=utf-8", f"potwierdzenia-{message_id}.csv")

    @app.get(PATH + "/{message_id}/potwierdzenie.pdf", include_in_schema=False)
    async def receipts_pdf(request: Request, message_id: int) -> Response:
        try:
            data = await services.messages.receipts_pdf(request.state.actor, message_id)
        except (NotFound, PermissionDenied):
            return PlainTextResponse(_("Nie znaleziono."), status_code=404)
        return file_response(data, "application/pdf", f"potwierdzenie-{message_id}.pdf")

    @ui.page(PATH + "/{message_id}")
    async def message_page(request: Request, message_id: int) -> RedirectResponse | None:
        actor = actor_of(request)
        if not actor.is_staff:
            return RedirectResponse("/klient")
        async with office_frame(services, actor, N_("Wiadomości"), PATH):
            await ReceiptsView(services, actor, message_id).build()
        return None


def read_text(summary: MessageSummary) -> str:
    return _("przeczytane {read} z {total}").format(
        read=summary.companies_read, total=summary.companies_total
    )


def sending_bar(summary: MessageSummary) -> None:
    """Delivery progress while the job works through the recipients."""
    total = max(summary.recipients_total, 1)
    with ui.row().classes("w-full items-center gap-2 no-wrap").mark("sending"):
        ui.linear_progress(value=summary.recipients_done / total, show_value=False).props(
            "rounded size=8px"
        ).classes("flex-1")
        ui.label(
            _("wysyłanie {done} z {total}").format(
                done=summary.recipients_done, total=summary.recipients_total
            )
        ).classes("text-sm text-gray-600 shrink-0")


def not_found() -> None:
    with ui.card().classes("w-full biurko-card").mark("message-not-found"):
        empty_state(
            "search_off",
            _("Nie znaleziono wiadomości."),
            _("Ta wiadomość nie istnieje albo nie masz do niej dostępu."),
        )
        with ui.row().classes("w-full justify-center pb-8"):
            ui.button(
                _("Wróć do wiadomości"), icon="arrow_back", on_click=lambda: ui.navigate.to(PATH)
            ).props("outline")


def receipt_row(row: ReceiptRow) -> dict[str, str]:
    email = EMAIL_STATUS.get(row.email_status or "")
    return {
        "key": f"{row.company_id}-{row.user_id}",
        "company": row.company_name,
        "person": row.person_name,
        "read": format_moment(row.read_at) if row.read_at else _(UNREAD),
        "channels": ", ".join(
            _(label) for ch, label in CHANNEL_SHORT.items() if ch in row.channels
        ),
        "email": _(email[0]) if email else "—",
        "email_color": email[1] if email else "",
        "unread": "" if row.read_at else "1",
        "reminded": format_moment(row.reminded_at) if row.reminded_at else "—",
    }


class ReceiptsView:
    def __init__(self, services: ServicesLike, actor: Actor, message_id: int) -> None:
        self._services = services
        self._actor = actor
        self._id = message_id
        self._head = ui.refreshable(self._draw_head)
        self._table = ui.refreshable(self._draw_table)

    async def build(self) -> None:
        try:
            summary = await self._services.messages.summary(self._actor, self._id)
            # The message opens its own thread; clients' answers follow it.
            posts = await self._services.messages.thread(self._actor, self._id)
        except (NotFound, PermissionDenied):
            not_found()
            return
        with ui.column().classes("w-full gap-4") as self._anchor:
            ui.button(
                _("Wróć do wiadomości"), icon="arrow_back", on_click=lambda: ui.navigate.to(PATH)
            ).props("flat no-caps")
            await self._head(summary)
            post_card(posts[0], mine=True)
            self._actions()
            await self._table()
            self._replies(posts[1:])
        domain_events.subscribe(self._on_event)

    async def _draw_head(self, summary: MessageSummary | None = None) -> None:
        if summary is None:
            summary = await self._services.messages.summary(self._actor, self._id)
        with ui.card().classes("w-full biurko-card gap-2"):
            with ui.row().classes("w-full items-center gap-3"):
                ui.label(summary.subject).classes("text-xl font-semibold flex-1")
                if summary.status == "sending":
                    status_chip(_("Wysyłanie"), "warning")
                else:
                    status_chip(_("Wysłana"), "positive")
            with ui.row().classes("items-baseline gap-3"):
                ui.label(read_text(summary)).classes("text-lg font-medium").mark("read-count")
                ui.label(
                    _("osoby: {read} z {total}").format(
                        read=summary.people_read, total=summary.people_total
                    )
                ).classes("text-gray-600")
            ui.linear_progress(
                value=summary.companies_read / max(summary.companies_total, 1), show_value=False
            ).props("rounded size=8px color=positive")
            if summary.status == "sending":
                sending_bar(summary)
            ui.label(f"{summary.author_name} · {format_moment(summary.created_at)}").classes(
                "text-sm text-gray-500"
            )

    def _actions(self) -> None:
        with ui.row().classes("w-full gap-2"):
            self._remind = (
                ui.button(_("Przypomnij nieczytającym"), icon="notifications_active")
                .props("unelevated")
                .mark("remind-unread")
            )
            self._remind.on_click(self._send_reminders)
            ui.button(
                _("Eksport CSV"),
                icon="table_view",
                on_click=lambda: ui.download.from_url(f"{PATH}/{self._id}/potwierdzenia.csv"),
            ).props("outline").mark("export-csv")
            ui.button(
                _("Potwierdzenie PDF"),
                icon="picture_as_pdf",
                on_click=lambda: ui.download.from_url(f"{PATH}/{self._id}/potwierdzenie.pdf"),
            ).props("outline").mark("export-pdf")

    def _replies(self, posts: list[MessageView]) -> None:
        if not posts:
            return
        ui.label(_("Odpowiedzi firm")).classes("text-lg font-semibold")
        for post in posts:
            post_card(post, mine=post.author_kind == "staff")
            if post.author_kind == "client" and post.company_id is not None:
                ui.button(
                    _("Odpowiedz"),
                    icon="reply",
                    on_click=lambda c=post.company_id: ui.navigate.to(
                        f"{PATH}/watek/{self._id}?firma={c}"
                    ),
                ).props("flat no-caps").classes("self-end")

    async def _send_reminders(self) -> None:
        self._remind.disable()
        try:
            count = await self._services.messages.remind_unread(self._actor, self._id)
        except DomainError as error:
            ui.notify(_(error.message), type="negative")
            return
        finally:
            self._remind.enable()
        if count:
            ui.notify(_("Przypomniano firmom: {count}.").format(count=count), type="positive")
        else:
            ui.notify(
                _("Nie ma firm do przypomnienia: wszystkie przeczytały albo minęło za mało dni."),
                type="info",
            )
        self._table.refresh()

    async def _draw_table(self) -> None:
        rows = await self._services.messages.receipts(self._actor, self._id)
        columns = [
            {"name": key, "label": _(label), "field": key, "align": "left", "sortable": True}
            for key, label in COLUMNS
        ]
        table = (
            ui.table(columns=columns, rows=[receipt_row(r) for r in rows], row_key="key")
            .props("flat bordered dense")
            .classes("w-full")
            .mark("receipts")
        )
        table.add_slot("body-cell-email", EMAIL_CELL)
        table.add_slot("body-cell-read", READ_CELL)

    async def _on_event(self, event: DomainEvent) -> None:
        if tab_closed(self._anchor):
            domain_events.unsubscribe(self._on_event)
            return
        if isinstance(event, MessageRead | MessageProgress) and event.message_id == self._id:
            if event.office_id != self._actor.office_id:
                return
            self._head.refresh(None)
            self._table.refresh()
