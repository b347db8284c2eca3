""" "Dodaj do kalendarza": a client's due dates as a calendar subscription.

The dialog shows the secret feed URL with a copy button, a QR code of it (to subscribe on the
phone from a computer screen), a ``webcal://`` link that calendar apps open as a subscription,
and "Wygeneruj nowy adres", which revokes the old URL after a confirmation. The URL is made on
the first opening of the dialog, not before.
"""

from __future__ import annotations

import segno
from nicegui import ui

from domain.actors import Actor
from domain.portal.calendar import FeedLinks
from domain.services import ServicesLike
from ui.i18n import _


def qr_data_uri(text: str) -> str:
    """An SVG QR code of ``text`` as a data URI (dark modules on white, quiet zone kept)."""
    return str(segno.make(text, error="m").svg_data_uri(scale=4, dark="#1f2933"))


def calendar_card(services: ServicesLike, actor: Actor) -> None:
    """The card on the client's "Więcej" page."""
    with ui.card().classes("w-full biurko-card gap-3").mark("calendar-card"):
        with ui.row().classes("items-center gap-2 no-wrap"):
            ui.icon("event", size="24px").classes("text-primary")
            ui.label(_("Terminy w kalendarzu")).classes("font-medium")
        ui.label(
            _(
                "Terminy składek i podatków pojawią się w Twoim kalendarzu (Google, Apple, "
                "Outlook) i same się zaktualizują. Zapłacone znikną."
            )
        ).classes("text-sm text-gray-600")
        dialog = CalendarDialog(services, actor)
        ui.button(_("Dodaj do kalendarza"), icon="event_available", on_click=dialog.open).props(
            "unelevated size=lg no-caps"
        ).classes("w-full").mark("calendar-open")


class CalendarDialog:
    def __init__(self, services: ServicesLike, actor: Actor) -> None:
        self._services = services
        self._actor = actor
        self._dialog = ui.dialog()
        self._body = ui.refreshable(self._draw)
        self._built = False

    async def open(self) -> None:
        if self._built:
            self._dialog.open()
            return
        links = await self._services.calendar.feed_url(self._actor)
        self._built = True
        with self._dialog, ui.card().classes("w-full max-w-md gap-3").mark("calendar-dialog"):
            with ui.row().classes("w-full items-center no-wrap"):
                ui.label(_("Dodaj do kalendarza")).classes("text-lg font-medium")
                ui.space()
                ui.button(icon="close", on_click=self._dialog.close).props(
                    f'flat round aria-label="{_("Zamknij")}"'
                )
            self._body(links)
        self._dialog.open()

    def _draw(self, links: FeedLinks) -> None:
        ui.label(
            _(
                "Na telefonie dotknij „Otwórz w kalendarzu”. Na komputerze skopiuj adres i dodaj "
                "go w kalendarzu jako subskrypcję (np. w Kalendarzu Google: „Inne kalendarze” → "
                "„Z adresu URL”)."
            )
        ).classes("text-sm text-gray-600")
        # A link, not a handler: the phone hands webcal:// to its calendar app.
        ui.button(_("Otwórz w kalendarzu"), icon="event_available").props(
            f'unelevated size=lg no-caps href="{links.webcal}"'
        ).classes("w-full").mark("calendar-webcal")
        with ui.row().classes("w-full items-start no-wrap gap-1"):
            ui.input(_("Adres kalendarza"), value=links.url).props(
                "outlined dense readonly"
            ).classes("grow").mark("calendar-url")
            ui.button(icon="content_copy", on_click=lambda: self._copy(links.url)).props(
                f'flat round aria-label="{_("Kopiuj adres")}"'
            ).classes("mt-1").tooltip(_("Kopiuj adres")).mark("calendar-copy")
        with ui.column().classes("w-full items-center gap-1"):
            ui.image(qr_data_uri(links.url)).classes("w-48 h-48").props(
                f'no-spinner alt="{_("Kod QR adresu kalendarza")}"'
            ).mark("calendar-qr")
            ui.label(_("Albo zeskanuj kod aparatem telefonu.")).classes("text-xs text-gray-500")
        ui.label(
            _("Adres jest tajny: kto go zna, widzi Twoje terminy. Nie udostępniaj go.")
        ).classes("text-xs text-gray-500")
        ui.button(
            _("Wygeneruj nowy adres"), icon="autorenew", on_click=self._confirm_regenerate
        ).props("flat no-caps color=negative").classes("self-start").mark("calendar-regenerate")

    def _copy(self, url: str) -> None:
        ui.clipboard.write(url)
        ui.notify(_("Skopiowano adres kalendarza."), type="positive")

    def _confirm_regenerate(self) -> None:
        with ui.dialog() as confirm, ui.card().classes("max-w-sm gap-3"):
            ui.label(_("Wygenerować nowy adres?")).classes("text-lg font-medium")
            ui.label(
                _(
                    "Stary adres przestanie działać: kalendarze, które go subskrybują, przestaną "
                    "się odświeżać. Nowy adres dodaj w kalendarzu jeszcze raz."
                )
            ).classes("text-sm text-gray-600")

            async def regenerate() -> None:
                links = await self._services.calendar.regenerate(self._actor)
                confirm.close()
                self._body.refresh(links)
                ui.notify(_("Nowy adres gotowy. Stary już nie działa."), type="positive")

            with ui.row().classes("w-full justify-end gap-2"):
                ui.button(_("Anuluj"), on_click=confirm.close).props("flat")
                ui.button(_("Wygeneruj nowy adres"), on_click=regenerate).props(
                    "unelevated color=negative"
                ).mark("calendar-regenerate-confirm")
        confirm.open()
