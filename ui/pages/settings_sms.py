"""Ustawienia biura, card "Bramka SMS": gateway settings, a test SMS and the SMS log.

The token is never shown after saving: the field stays empty with "zapisany" as its
placeholder, and leaving it empty keeps the stored token. The log refreshes live when an SMS
is sent or fails.
"""

from __future__ import annotations

from nicegui import ui

from domain.actors import Actor
from domain.errors import DomainError, ValidationError
from domain.events import DomainEvent
from domain.formatting import format_moment
from domain.services import ServicesLike
from domain.sms_service import ComposerSettings, SmsLogEntry, SmsStatus, SmsStatusChanged
from domain.sms_settings import SmsSettingsForm, SmsSettingsView
from ui.components.sms_counter import SmsCounter, format_points, sms_counter
from ui.forms import show_field_errors
from ui.i18n import N_, _
from ui.live import domain_events

LOG_LIMIT = 50
SENDER_HINT = N_("Do 11 liter i cyfr, bez polskich znaków.")
TOKEN_SAVED = N_("zapisany")
TOKEN_KEEP = N_("Zostaw puste, aby zachować zapisany token.")
TEST_NEEDS_GATEWAY = N_("Aby wysłać test, włącz SMS-y i zapisz token bramki.")
STATUS_LABELS = {
    SmsStatus.QUEUED: N_("w kolejce"),
    SmsStatus.SENT: N_("wysłany"),
    SmsStatus.FAILED: N_("błąd"),
}


async def sms_card(services: ServicesLike, actor: Actor) -> None:
    view = await services.sms_settings.settings(actor)
    with ui.card().classes("w-full biurko-card gap-3").mark("sms-settings"):
        ui.label(_("Bramka SMS")).classes("text-lg font-medium text-gray-800")
        ui.label(
            _(
                "SMS-y wychodzą przez konto biura w SMSAPI.pl (lub zgodnej bramce). Token "
                "wygenerujesz w panelu bramki; nazwę nadawcy trzeba tam zarejestrować."
            )
        ).classes("text-sm text-gray-500 -mt-2")
        counter_holder: list[SmsCounter] = []
        _settings_form(services, actor, view, counter_holder)
        ui.separator()
        await _test_composer(services, actor, counter_holder)
        ui.separator()
        await _log_table(services, actor)


def _settings_form(
    services: ServicesLike, actor: Actor, view: SmsSettingsView, counters: list[SmsCounter]
) -> None:
    enabled = ui.switch(_("Wysyłaj SMS-y"), value=view.enabled).mark("sms-enabled")
    with ui.grid(columns="2fr 1fr").classes("w-full gap-x-4 gap-y-3"):
        base_url = ui.input(_("Adres bramki"), value=view.base_url).mark("sms-base-url")
        sender = ui.input(_("Nazwa nadawcy"), value=view.sender).mark("sms-sender")
        token = ui.input(_("Token"), password=True, password_toggle_button=True).mark("sms-token")
        price = ui.input(_("Cena części (pkt)"), value=format_points(view.points_per_part)).mark(
            "sms-price"
        )
    for element in (base_url, sender, token, price):
        element.props("outlined dense")
    sender.props["maxlength"] = 11
    sender.props["hint"] = _(SENDER_HINT)
    transliterate = ui.switch(_("Zamieniaj polskie znaki"), value=view.transliterate).mark(
        "sms-transliterate"
    )
    ui.label(
        _("Bez polskich liter SMS mieści 160 znaków zamiast 70, więc kosztuje mniej.")
    ).classes("text-xs text-gray-500 -mt-2")
    fields = {"base_url": base_url, "sender": sender, "token": token, "price": price}

    def show_saved_token(saved: bool) -> None:
        token.value = ""
        if saved:
            token.props["placeholder"] = _(TOKEN_SAVED)
            token.props["hint"] = _(TOKEN_KEEP)
        else:
            token.props(remove="placeholder hint")
        token.update()

    show_saved_token(view.token_saved)

    async def save() -> None:
        form = SmsSettingsForm(
            enabled=bool(enabled.value),
            base_url=str(base_url.value or ""),
            token=str(token.value or ""),
            sender=str(sender.value or ""),
            transliterate=bool(transliterate.value),
            price=str(price.value or ""),
        )
        try:
            saved = await services.sms_settings.update(actor, form)
        except ValidationError as error:
            show_field_errors(fields, error.errors)
            return
        except DomainError as error:
            ui.notify(_(error.message), type="negative")
            return
        show_field_errors(fields, {})
        show_saved_token(saved.token_saved)
        price.value = format_points(saved.points_per_part)
        for counter in counters:
            counter.options = ComposerSettings(
                saved.transliterate, saved.points_per_part, saved.enabled and saved.token_saved
            )
            counter.refresh()
        ui.notify(_("Zapisano ustawienia bramki SMS."), type="positive")

    with ui.row().classes("w-full justify-end"):
        ui.button(_("Zapisz bramkę SMS"), icon="save", on_click=save).mark("save-sms")


async def _test_composer(services: ServicesLike, actor: Actor, counters: list[SmsCounter]) -> None:
    ui.label(_("Testowy SMS")).classes("font-medium text-gray-800")
    options = await services.sms.composer_settings(actor)
    with ui.row().classes("w-full gap-4 items-start no-wrap"):
        number = (
            ui.input(_("Numer telefonu"), placeholder="600 100 200")
            .props("outlined dense")
            .classes("w-48")
            .mark("sms-test-number")
        )
        with ui.column().classes("grow gap-1"):
            text = (
                ui.textarea(_("Treść"), value=_("Test bramki SMS z Biurka."))
                .props("outlined dense autogrow")
                .classes("w-full")
                .mark("sms-test-text")
            )
            counters.append(sms_counter(text, options))
    if not options.enabled:
        ui.label(_(TEST_NEEDS_GATEWAY)).classes("text-xs text-gray-500 -mt-1")
    result = ui.label().classes("text-sm").mark("sms-test-result")
    result.set_visibility(False)

    async def send() -> None:
        button.props("loading")
        try:
            entry = await services.sms.send_test(actor, str(number.value or ""), str(text.value))
        except ValidationError as error:
            show_field_errors({"to": number, "text": text}, error.errors)
            return
        except DomainError as error:
            ui.notify(_(error.message), type="negative")
            return
        finally:
            button.props(remove="loading")
        show_field_errors({"to": number, "text": text}, {})
        ok = entry.status is SmsStatus.SENT
        result.text = (
            _("Wysłano testowy SMS na numer {number}.").format(number=entry.to)
            if ok
            else _("Nie wysłano: {reason}").format(reason=_(entry.error))
        )
        result.classes(replace="text-sm " + ("text-positive" if ok else "text-negative"))
        result.set_visibility(True)

    with ui.row().classes("w-full justify-end"):
        button = ui.button(_("Wyślij testowy SMS"), icon="sms", on_click=send).props("outline")
        button.mark("send-test-sms")


async def _log_table(services: ServicesLike, actor: Actor) -> None:
    ui.label(_("Wysłane SMS-y")).classes("font-medium text-gray-800")
    columns = [
        {"name": "when", "label": _("Data"), "field": "when", "align": "left"},
        {"name": "to", "label": _("Numer"), "field": "to", "align": "left"},
        {"name": "company", "label": _("Firma"), "field": "company", "align": "left"},
        {"name": "status", "label": _("Status"), "field": "status", "align": "left"},
        {"name": "parts", "label": _("Części"), "field": "parts", "align": "right"},
        {"name": "points", "label": _("Punkty"), "field": "points", "align": "right"},
        {"name": "error", "label": _("Błąd"), "field": "error", "align": "left"},
    ]
    table = (
        ui.table(columns=columns, rows=[], row_key="id", pagination=10)
        .props("flat dense wrap-cells")
        .classes("w-full")
        .mark("sms-log")
    )
    empty = ui.label(_("Nie wysłano jeszcze żadnego SMS-a.")).classes("text-sm text-gray-500")

    async def refresh() -> None:
        entries = await services.sms.log(actor, LOG_LIMIT)
        table.rows = [_row(entry) for entry in entries]
        table.update()
        table.set_visibility(bool(entries))
        empty.set_visibility(not entries)

    async def on_event(event: DomainEvent) -> None:
        if isinstance(event, SmsStatusChanged) and event.office_id == actor.office_id:
            await refresh()

    domain_events.subscribe(on_event)
    await refresh()


def _row(entry: SmsLogEntry) -> dict[str, object]:
    return {
        "id": entry.id,
        "when": format_moment(entry.created_at),
        "to": entry.to,
        "company": entry.company_name or ("—" if entry.event_type != "test" else _("test")),
        "status": _(STATUS_LABELS[entry.status]),
        "parts": entry.parts,
        "points": "" if entry.points is None else format_points(entry.points),
        "error": _(entry.error) if entry.error else "",
    }
