"""The "Wysyłka e-maili" card of the office settings: the platform's server or the office's own,
with presets for common Polish providers, the saved password never shown again, and a test
message whose failure explains itself (including Gmail's app-password hint)."""

from __future__ import annotations

from nicegui import ui

from domain.actors import Actor
from domain.errors import DomainError, ValidationError
from domain.office_settings import SmtpSettingsForm, SmtpSettingsView
from domain.services import ServicesLike
from domain.smtp import SMTP_PRESETS, SmtpMode, SmtpSecurity, find_preset, preset_for_host
from ui.forms import show_field_errors
from ui.i18n import N_, _

SECURITY_LABELS = {
    SmtpSecurity.STARTTLS.value: N_("STARTTLS (zwykle port 587)"),
    SmtpSecurity.SSL.value: N_("SSL/TLS (zwykle port 465)"),
    SmtpSecurity.NONE.value: N_("Brak szyfrowania"),
}


def smtp_card(services: ServicesLike, actor: Actor, smtp: SmtpSettingsView) -> None:
    with ui.card().classes("w-full biurko-card gap-3"):
        _section(
            _("Wysyłka e-maili"),
            _(
                "Zaproszenia, linki do haseł i powiadomienia mogą wychodzić z serwera platformy "
                "albo z Twojego serwera pocztowego, z adresu biura."
            ),
        )
        mode = ui.radio(
            {
                SmtpMode.PLATFORM.value: _("Serwer platformy"),
                SmtpMode.OWN.value: _("Własny serwer SMTP"),
            },
            value=smtp.mode.value,
        ).props("inline")
        own = ui.column().classes("w-full gap-1")
        own.bind_visibility_from(mode, "value", backward=lambda v: v == SmtpMode.OWN.value)
        with own, ui.grid(columns="2fr 1fr").classes("w-full gap-x-4 gap-y-3"):
            matching = preset_for_host(smtp.host) if smtp.host else None
            preset = (
                ui.select(
                    {"": _("Inny serwer")} | {p.key: p.name for p in SMTP_PRESETS},
                    label=_("Dostawca poczty"),
                    value=matching.key if matching else "",
                )
                .classes("col-span-2")
                .mark("smtp-preset")
            )
            host = ui.input(_("Serwer SMTP"), value=smtp.host, placeholder="smtp.example.pl").mark(
                "smtp-host"
            )
            port = ui.number(_("Port"), value=smtp.port, min=1, max=65535, precision=0).mark(
                "smtp-port"
            )
            security = (
                ui.select(
                    {key: _(label) for key, label in SECURITY_LABELS.items()},
                    label=_("Zabezpieczenie"),
                    value=smtp.security.value,
                )
                .classes("col-span-2")
                .mark("smtp-security")
            )
            username = ui.input(_("Login"), value=smtp.username)
            password = ui.input(_("Hasło"), password=True, password_toggle_button=True).mark(
                "smtp-password"
            )
            sender = ui.input(
                _("Nadawca"),
                value=smtp.sender,
                placeholder=_("Biuro Kowalski <biuro@kowalski.pl>"),
            ).classes("col-span-2")
        for element in (preset, host, port, security, username, password, sender):
            element.props("outlined dense")

        def fill_from_preset() -> None:
            chosen = find_preset(str(preset.value or ""))
            if chosen is None:
                return  # "Inny serwer": the fields stay as typed
            host.value, port.value, security.value = chosen.host, chosen.port, chosen.security.value

        preset.on_value_change(fill_from_preset)
        fields: dict[str, ui.input | ui.number] = {
            "host": host,
            "port": port,
            "username": username,
            "password": password,
            "sender": sender,
        }

        def show_saved_password(saved: bool) -> None:
            password.value = ""
            if saved:
                password.props["placeholder"] = _("zapisane")
                password.props["hint"] = _("Zostaw puste, aby zachować zapisane hasło.")
            else:
                password.props(remove="placeholder hint")

        show_saved_password(smtp.password_saved)
        result = ui.label().classes("text-sm").mark("smtp-result")
        result.set_visibility(False)

        def form() -> SmtpSettingsForm:
            return SmtpSettingsForm(
                mode=SmtpMode(mode.value),
                host=str(host.value or ""),
                port=int(port.value or 0),
                security=SmtpSecurity(security.value or SmtpSecurity.STARTTLS.value),
                username=str(username.value or ""),
                password=str(password.value or ""),
                sender=str(sender.value or ""),
            )

        def show_result(text: str, ok: bool) -> None:
            result.text = text
            result.classes(replace="text-sm " + ("text-positive" if ok else "text-negative"))
            result.set_visibility(True)

        async def save() -> None:
            try:
                saved = await services.office_settings.update_smtp(actor, form())
            except ValidationError as error:
                show_field_errors(fields, error.errors)
                return
            except DomainError as error:
                ui.notify(_(error.message), type="negative")
                return
            show_field_errors(fields, {})
            show_saved_password(saved.password_saved)
            ui.notify(_("Zapisano ustawienia wysyłki."), type="positive")

        async def send_test() -> None:
            test_button.props("loading")
            try:
                to = await services.office_settings.send_test_email(actor, form())
            except ValidationError as error:
                show_field_errors(fields, error.errors)
                return
            except DomainError as error:
                show_result(_(error.message), ok=False)
                return
            finally:
                test_button.props(remove="loading")
            show_field_errors(fields, {})
            show_result(
                _("Wysłano testowy e-mail na adres {email}. Sprawdź skrzynkę.").format(email=to),
                ok=True,
            )

        with ui.row().classes("w-full justify-end gap-2"):
            test_button = ui.button(
                _("Wyślij testowy e-mail"), icon="send", on_click=send_test
            ).props("outline")
            test_button.bind_visibility_from(
                mode, "value", backward=lambda v: v == SmtpMode.OWN.value
            )
            ui.button(_("Zapisz wysyłkę"), icon="save", on_click=save).mark("save-smtp")


def _section(title: str, text: str) -> None:
    ui.label(title).classes("text-lg font-medium text-gray-800")
    ui.label(text).classes("text-sm text-gray-500 -mt-2")
