"""Logging in, forgotten passwords and setting a password from an e-mailed link."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from nicegui import ui

from domain.accounts.tokens import TokenState
from domain.errors import Throttled, ValidationError
from domain.services import ServicesLike
from ui.forms import show_field_errors
from ui.i18n import LANGUAGES, N_, _, current_language, set_language
from ui.theme import apply_theme

RESET_SENT = N_(
    "Jeśli konto o tym adresie istnieje, wysłaliśmy na nie link do ustawienia hasła. "
    "Sprawdź skrzynkę (także folder spam)."
)


def register(services: ServicesLike) -> None:
    @ui.page("/login")
    async def login_page(
        request: Request, next: str = "", email: str = "", wygasla: str = "", ustawione: str = ""
    ) -> None:
        _auth_card_page()
        with _card(_("Zaloguj się")):
            if ustawione:
                _banner(_("Hasło ustawione. Możesz się zalogować."), "positive")
            if wygasla:
                _banner(_("Sesja logowania wygasła. Zaloguj się ponownie."), "warning")
            email_input = (
                ui.input(_("E-mail"), value=email)
                .props("outlined type=email autocomplete=username")
                .classes("w-full")
            )
            password = (
                ui.input(_("Hasło"), password=True, password_toggle_button=True)
                .props("outlined autocomplete=current-password")
                .classes("w-full")
            )
            error = ui.label().classes("text-negative text-sm").mark("login-error")
            error.set_visibility(False)

            async def submit() -> None:
                error.set_visibility(False)
                ip = request.client.host if request.client else "unknown"
                try:
                    ticket = await services.auth.login(
                        email_input.value or "", password.value or "", ip, next
                    )
                except (ValidationError, Throttled) as problem:
                    message = (
                        problem.errors.get("login", problem.message)
                        if isinstance(problem, ValidationError)
                        else problem.message
                    )
                    error.set_text(_(message))
                    error.set_visibility(True)
                    return
                ui.navigate.to(f"/auth/sesja?ticket={quote(ticket)}")

            password.on("keydown.enter", submit)
            email_input.on("keydown.enter", submit)
            ui.button(_("Zaloguj"), on_click=submit).props("unelevated size=lg").classes("w-full")
            ui.link(_("Nie pamiętam hasła"), "/haslo/przypomnij").classes("text-sm")

    @ui.page("/haslo/przypomnij")
    async def forgot_page() -> None:
        _auth_card_page()
        with _card(_("Nie pamiętam hasła")):
            ui.label(
                _(
                    "Podaj e-mail, na który założono Twoje konto. Wyślemy link do "
                    "ustawienia nowego hasła."
                )
            ).classes("text-gray-600")
            email_input = ui.input(_("E-mail")).props("outlined type=email").classes("w-full")
            done = ui.label(_(RESET_SENT)).classes("text-positive").mark("reset-sent")
            done.set_visibility(False)

            async def submit() -> None:
                if "@" not in (email_input.value or ""):
                    show_field_errors(
                        {"email": email_input}, {"email": "Podaj poprawny adres e-mail."}
                    )
                    return
                show_field_errors({"email": email_input}, {})
                await services.auth.request_password_reset(email_input.value)
                done.set_visibility(True)

            email_input.on("keydown.enter", submit)
            ui.button(_("Wyślij link"), on_click=submit).props("unelevated").classes("w-full")
            ui.link(_("Wróć do logowania"), "/login").classes("text-sm")

    @ui.page("/haslo/ustaw")
    async def set_password_page(token: str = "") -> None:
        _auth_card_page()
        state = await services.auth.link_state(token) if token else TokenState.UNKNOWN
        if state is not TokenState.VALID:
            _dead_link(state)
            return
        with _card(_("Ustaw hasło")):
            ui.label(_("Hasło musi mieć co najmniej 10 znaków i nie może być popularne.")).classes(
                "text-gray-600 text-sm"
            )
            first = (
                ui.input(_("Nowe hasło"), password=True, password_toggle_button=True)
                .props("outlined autocomplete=new-password")
                .classes("w-full")
            )
            second = (
                ui.input(_("Powtórz hasło"), password=True)
                .props("outlined autocomplete=new-password")
                .classes("w-full")
            )

            async def submit() -> None:
                try:
                    email = await services.auth.set_password_with_link(
                        token, first.value or "", second.value or ""
                    )
                except ValidationError as problem:
                    show_field_errors(
                        {"password": first, "repeated": second, "token": second}, problem.errors
                    )
                    return
                ui.navigate.to(f"/login?ustawione=1&email={quote(email)}")

            second.on("keydown.enter", submit)
            ui.button(_("Ustaw hasło"), on_click=submit).props("unelevated size=lg").classes(
                "w-full"
            )


def _dead_link(state: TokenState) -> None:
    with _card(_("Link nie działa")):
        text = (
            _("Ten link wygasł.")
            if state is TokenState.EXPIRED
            else _("Ten link został już użyty albo jest nieprawidłowy.")
        )
        ui.label(text).classes("text-gray-700")
        ui.label(_("Poproś o nowy link: podaj swój e-mail, a wyślemy go od razu.")).classes(
            "text-gray-600"
        )
        ui.button(
            _("Poproś o nowy link"), on_click=lambda: ui.navigate.to("/haslo/przypomnij")
        ).props("unelevated")


def _auth_card_page() -> None:
    apply_theme()
    ui.page_title("Biurko")
    ui.query("body").classes("bg-slate-100")


class _card:
    def __init__(self, title: str) -> None:
        self._title = title

    def __enter__(self) -> None:
        self._outer = ui.column().classes("w-full items-center justify-center min-h-screen p-4")
        self._outer.__enter__()
        with ui.row().classes("items-center gap-2"):
            ui.icon("apartment", size="32px").classes("text-primary")
            ui.label("Biurko").classes("text-2xl font-bold text-primary")
        self._card = ui.card().classes("w-full max-w-sm p-6 gap-4")
        self._card.__enter__()
        ui.label(self._title).classes("text-xl font-semibold")

    def __exit__(self, *exc: object) -> None:
        self._card.__exit__(*exc)
        with ui.row().classes("gap-2"):
            for code, name in LANGUAGES.items():
                if code != current_language():
                    ui.button(name, on_click=lambda code=code: _switch(code)).props(
                        "flat dense no-caps size=sm"
                    )
        self._outer.__exit__(*exc)


def _switch(language: str) -> None:
    set_language(language)
    ui.navigate.reload()


def _banner(text: str, color: str) -> None:
    ui.label(text).classes(f"text-{color} text-sm")
