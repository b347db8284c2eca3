"""The client's own account: the language of the portal, the password (old one required), the
channels they want for each kind of notification, their mobile number and consent to SMS."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from nicegui import ui

from domain.actors import Actor
from domain.errors import DomainError, ValidationError
from domain.formatting import format_moment
from domain.identifiers import format_phone
from domain.notify_layers import Key, PreferenceCell, Source, valid_phone
from domain.services import ServicesLike
from ui.components.channel_matrix import cell_marker, channel_matrix
from ui.forms import show_field_errors
from ui.i18n import LANGUAGES, _, set_language


def language_card(services: ServicesLike, actor: Actor, here: str) -> None:
    """Pick Polski or English; the page reopens in the new language."""
    with ui.card().classes("w-full biurko-card gap-3").mark("language-card"):
        ui.label(_("Język")).classes("text-lg font-medium")

        async def choose(language: str) -> None:
            await services.auth.set_language(actor, language)
            set_language(language)
            ui.navigate.to(here)

        ui.toggle(LANGUAGES, value=actor.language, on_change=lambda e: choose(e.value)).props(
            "no-caps spread"
        ).classes("w-full")


def password_card(services: ServicesLike, actor: Actor) -> None:
    """Change the password; success ends every session, so the person logs in again."""
    with ui.card().classes("w-full biurko-card gap-3").mark("password-card"):
        ui.label(_("Zmień hasło")).classes("text-lg font-medium")
        old = ui.input(_("Obecne hasło"), password=True, password_toggle_button=True)
        new = ui.input(_("Nowe hasło"), password=True, password_toggle_button=True)
        again = ui.input(_("Powtórz hasło"), password=True, password_toggle_button=True)
        for element in (old, new, again):
            element.props("outlined").classes("w-full")

        async def submit() -> None:
            try:
                await services.auth.change_password(
                    actor, old.value or "", new.value or "", again.value or ""
                )
            except ValidationError as problem:
                show_field_errors(
                    {"old_password": old, "password": new, "repeated": again}, problem.errors
                )
                return
            ui.notify(_("Hasło zmienione. Zaloguj się nowym hasłem."), type="positive")
            ui.navigate.to("/login")

        for element in (old, new, again):
            element.on("keydown.enter", submit)
        ui.button(_("Zmień hasło"), on_click=submit).props("unelevated no-caps size=lg").classes(
            "w-full"
        )


async def notification_choices_card(services: ServicesLike, actor: Actor) -> None:
    """The client's own channels per event (they apply in all their companies) and the SMS
    consent, which needs a mobile number."""
    with ui.card().classes("w-full biurko-card gap-3").mark("my-notifications"):
        ui.label(_("Powiadomienia")).classes("text-lg font-medium")
        ui.label(
            _(
                "Wybierz, jak chcesz dowiadywać się o nowościach od biura. Twój wybór "
                "obowiązuje we wszystkich Twoich firmach. SMS-y dostaniesz tylko, jeśli masz "
                "zapisany numer telefonu komórkowego, zgodzisz się na nie poniżej i biuro "
                "wysyła SMS-y."
            )
        ).classes("text-sm text-gray-500 -mt-2")
        await MyChoices(services, actor).build()
        await _sms_consent(services, actor)


class MyChoices:
    def __init__(self, services: ServicesLike, actor: Actor) -> None:
        self._services = services
        self._actor = actor
        self._cells: list[PreferenceCell] = []
        self._matrix = ui.refreshable(self._draw)

    async def build(self) -> None:
        self._cells = await self._services.channel_prefs.my_choices(self._actor)
        self._matrix()

    def _draw(self) -> None:
        channel_matrix(self._cells, self._save, self._source)

    def _source(self, cell: PreferenceCell) -> None:
        if cell.source is not Source.USER:
            # Short on purpose: three columns must fit a phone's width.
            ui.label(_("biuro")).classes("text-xs text-gray-500").tooltip(_("jak ustawiło biuro"))
            return
        key = (cell.event, cell.channel)
        ui.button(_("przywróć"), on_click=lambda: self._save(key, None)).props(
            "flat dense no-caps size=sm"
        ).mark("reset-" + cell_marker(key))

    async def _save(self, key: Key, enabled: bool | None) -> None:
        try:
            await self._services.channel_prefs.set_my_choice(self._actor, key, enabled)
        except DomainError as error:
            ui.notify(_(error.message), type="negative")
        self._cells = await self._services.channel_prefs.my_choices(self._actor)
        self._matrix.refresh()


async def _sms_consent(services: ServicesLike, actor: Actor) -> None:
    section = ui.refreshable(_sms_section)
    await section(services, actor, lambda: section.refresh())


async def _sms_section(services: ServicesLike, actor: Actor, redraw: Callable[[], object]) -> None:
    """The mobile number (the client's own to change) and the consent switch under it."""
    contact = await services.channel_prefs.sms_contact(actor)
    with ui.column().classes("w-full gap-1").mark("sms-consent"):
        _phone_form(services, actor, contact.phone, redraw)
        if not valid_phone(contact.phone):
            ui.label(_("Zapisz numer telefonu komórkowego, aby móc dostawać SMS-y.")).classes(
                "text-sm text-amber-700"
            )
        _consent_switch(services, actor, contact.consent_at)


def _phone_form(
    services: ServicesLike, actor: Actor, phone: str, redraw: Callable[[], object]
) -> None:
    shown = format_phone(phone) if valid_phone(phone) else phone
    # hide-bottom-space lets a long error grow the field instead of covering what follows.
    field = (
        ui.input(_("Numer telefonu komórkowego"), value=shown, placeholder="+48 600 100 200")
        .props('outlined hide-bottom-space inputmode="tel" autocomplete="tel"')
        .classes("w-full")
        .mark("my-phone")
    )

    async def save() -> None:
        try:
            await services.channel_prefs.set_my_phone(actor, field.value or "")
        except ValidationError as problem:
            show_field_errors({"phone": field}, problem.errors)
            return
        ui.notify(_("Zapisano numer telefonu."), type="positive")
        redraw()

    field.on("keydown.enter", save)
    ui.button(_("Zapisz numer"), on_click=save).props("outline no-caps").classes("self-end").mark(
        "save-my-phone"
    )


def _consent_switch(services: ServicesLike, actor: Actor, consent_at: datetime | None) -> None:
    switch = ui.switch(_("Zgadzam się na powiadomienia SMS"), value=consent_at is not None).mark(
        "sms-consent-switch"
    )
    since = ui.label("").classes("text-xs text-gray-500").mark("sms-consent-since")
    stored = {"consent": consent_at is not None}

    def show_since(at: datetime | None) -> None:
        since.set_text(_("Zgoda od {moment}").format(moment=format_moment(at)) if at else "")

    show_since(consent_at)

    async def changed() -> None:
        wanted = bool(switch.value)
        if wanted == stored["consent"]:
            return  # the switch put back after a refusal
        try:
            saved = await services.channel_prefs.set_sms_consent(actor, wanted)
        except ValidationError as error:
            ui.notify(_(error.errors.get("sms_consent", error.message)), type="negative")
            switch.set_value(stored["consent"])
            return
        stored["consent"] = saved.consent_at is not None
        show_since(saved.consent_at)
        done = _("Zapisano zgodę na SMS-y.") if wanted else _("Wycofano zgodę na SMS-y.")
        ui.notify(done, type="positive")

    switch.on_value_change(changed)
