"""Office pages of the foundation: the dashboard, empty rooms later issues fill, sent e-mails."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

from domain.actors import Actor
from domain.errors import NotFound, PermissionDenied
from domain.events import DomainEvent, EmailStatusChanged
from domain.formatting import format_moment
from domain.mail import EmailStatus
from domain.services import ServicesLike
from ui.frames import office_frame
from ui.i18n import N_, _
from ui.live import domain_events
from ui.session import actor_of
from ui.theme import empty_state, status_chip

EMPTY_ROOMS = {
    "/biuro/dokumenty": (
        N_("Dokumenty"),
        "description",
        N_("Tu trafią dokumenty od klientów."),
        N_("Zdjęcia i PDF-y faktur czekające na sprawdzenie."),
    ),
}
STATUS_LOOK = {
    EmailStatus.PENDING: (N_("W kolejce"), "warning"),
    EmailStatus.SENT: (N_("Wysłany"), "positive"),
    EmailStatus.FAILED: (N_("Błąd"), "negative"),
    # The server refused the address for good (5xx): the error says why.
    EmailStatus.BOUNCED: (N_("Odrzucony"), "deep-orange-9"),
}


def register(services: ServicesLike) -> None:
    @ui.page("/biuro")
    async def dashboard(request: Request) -> RedirectResponse | None:
        actor = actor_of(request)
        if not actor.is_staff:
            return RedirectResponse("/klient")
        async with office_frame(services, actor, N_("Pulpit"), "/biuro"):
            ui.label(_("Dzień dobry, {name}!").format(name=actor.name.split(" ")[0])).classes(
                "text-lg text-gray-700"
            )
            with ui.card().classes("w-full biurko-card"):
                empty_state(
                    "task_alt",
                    _("Nic nie czeka na Ciebie."),
                    _(
                        "Tu zobaczysz dane do zatwierdzenia, nowe dokumenty i "
                        "nieprzeczytane wiadomości klientów."
                    ),
                )
        return None

    for path, room in EMPTY_ROOMS.items():
        _register_empty_room(services, path, *room)

    @ui.page("/biuro/emaile")
    async def sent_emails(request: Request) -> RedirectResponse | None:
        actor = actor_of(request)
        if not actor.is_staff:
            return RedirectResponse("/klient")
        async with office_frame(services, actor, N_("Wysłane e-maile"), "/biuro/emaile"):
            try:
                await services.offices.sent_emails(actor, limit=1)
            except PermissionDenied:
                ui.label(_("Tę stronę widzi tylko administrator biura.")).classes("text-gray-600")
                return None
            await _emails_table(services, actor)
        return None


def _register_empty_room(
    services: ServicesLike, path: str, title: str, icon: str, headline: str, text: str
) -> None:
    @ui.page(path)
    async def room(request: Request) -> RedirectResponse | None:
        actor = actor_of(request)
        if not actor.is_staff:
            return RedirectResponse("/klient")
        async with office_frame(services, actor, title, path):
            with ui.card().classes("w-full biurko-card"):
                empty_state(icon, _(headline), _(text))
        return None


async def _emails_table(services: ServicesLike, actor: Actor) -> None:
    ui.label(
        _(
            "Wiadomości wysłane przez Biurko w imieniu biura. Bez skonfigurowanego serwera "
            "SMTP trafiają do plików .eml w katalogu danych."
        )
    ).classes("text-gray-600")

    @ui.refreshable
    async def table() -> None:
        emails = await services.offices.sent_emails(actor)
        if not emails:
            empty_state(
                "outgoing_mail",
                _("Nie wysłano jeszcze żadnego e-maila."),
                _("Tu pojawią się zaproszenia, linki do haseł i powiadomienia."),
            )
            return
        with ui.list().props("bordered separator").classes("w-full bg-white rounded"):
            for email in emails:
                text, color = STATUS_LOOK[email.status]
                with (
                    ui.item(on_click=lambda e=email.id: show(e)),
                    ui.row().classes("w-full items-center gap-3 no-wrap"),
                ):
                    status_chip(_(text), color)
                    with ui.column().classes("gap-0 flex-1 min-w-0"):
                        ui.label(email.subject).classes("font-medium truncate")
                        ui.label(f"{email.to} · {format_moment(email.created_at)}").classes(
                            "text-sm text-gray-500"
                        )
                        if email.last_error:
                            ui.label(email.last_error).classes("text-sm text-negative")

    async def show(email_id: int) -> None:
        try:
            email = await services.offices.sent_email(actor, email_id)
        except NotFound:
            ui.notify(_("Nie znaleziono wiadomości."), type="negative")
            return
        with ui.dialog() as dialog, ui.card().classes("w-full max-w-2xl"):
            ui.label(email.subject).classes("text-lg font-semibold")
            ui.label(_("Do: {to}").format(to=email.to)).classes("text-gray-600")
            ui.markdown(f"```\n{email.text}\n```").classes("w-full")
            ui.button(_("Zamknij"), on_click=dialog.close).props("flat")
        dialog.open()

    async def on_event(event: DomainEvent) -> None:
        if isinstance(event, EmailStatusChanged) and event.office_id == actor.office_id:
            table.refresh()

    await table()
    domain_events.subscribe(on_event)
