"""The two frames every page sits in: the office desk and the client's phone-first portal."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from nicegui import ui

from domain.actors import Actor
from domain.services import ServicesLike
from ui.components.bell import notification_bell
from ui.components.company_switcher import company_switcher
from ui.components.messages_badge import messages_badge
from ui.components.waiting_badge import waiting_badge
from ui.i18n import LANGUAGES, N_, _, set_language
from ui.theme import apply_theme


@dataclass(frozen=True)
class NavItem:
    label: str
    path: str
    icon: str
    admin_only: bool = False
    counts_waiting: bool = False  # shows how many entries wait for approval
    counts_messages: bool = False  # shows how many messages are unread
    # Side navigation only: the phone's bottom bar has room for five items, and this page is
    # reached from the one named here (which the bottom bar then highlights).
    phone_under: str | None = None


OFFICE_NAV = (
    NavItem(N_("Pulpit"), "/biuro", "dashboard"),
    NavItem(N_("Firmy"), "/biuro/firmy", "business"),
    NavItem(N_("Do zatwierdzenia"), "/biuro/zatwierdzanie", "fact_check", counts_waiting=True),
    NavItem(N_("Wiadomości"), "/biuro/wiadomosci", "mail", counts_messages=True),
    NavItem(N_("Dokumenty"), "/biuro/dokumenty", "description"),
    NavItem(N_("Pracownicy"), "/biuro/pracownicy", "groups", admin_only=True),
    NavItem(N_("Rozliczenia"), "/biuro/rozliczenia", "receipt_long", admin_only=True),
    NavItem(N_("Dziennik zmian"), "/biuro/dziennik", "history", admin_only=True),
    NavItem(N_("Wysłane e-maile"), "/biuro/emaile", "outgoing_mail", admin_only=True),
    NavItem(N_("Ustawienia"), "/biuro/ustawienia", "settings", admin_only=True),
)
CLIENT_NAV = (
    NavItem(N_("Pulpit"), "/klient", "home"),
    NavItem(N_("Płatności"), "/klient/platnosci", "payments"),
    NavItem(N_("Zestawienia"), "/klient/zestawienia", "bar_chart", phone_under="/klient"),
    NavItem(N_("Wiadomości"), "/klient/wiadomosci", "mail", counts_messages=True),
    NavItem(N_("Dokumenty"), "/klient/dokumenty", "description"),
    NavItem(N_("Więcej"), "/klient/wiecej", "menu"),
)


@asynccontextmanager
async def office_frame(
    services: ServicesLike, actor: Actor, title: str, active: str
) -> AsyncIterator[None]:
    set_language(actor.language)
    apply_theme()
    ui.page_title(f"{_(title)} · Biurko")
    office_name = await services.offices.office_name(actor)
    logo_url = await services.office_settings.logo_url(actor)
    drawer = ui.left_drawer(value=None).props("width=232 bordered breakpoint=800")
    drawer.classes("bg-white")
    with ui.header().classes("items-center bg-primary text-white px-3 gap-2"):
        ui.button(icon="menu", on_click=drawer.toggle).props("flat round color=white").tooltip(
            _("Menu")
        )
        _office_brand(logo_url, office_name)
        ui.space()
        await notification_bell(services, actor)
        _user_menu(services, actor, active)
    with drawer, ui.list().classes("w-full"):
        for item in OFFICE_NAV:
            if item.admin_only and not actor.is_admin:
                continue
            link = _nav_link(item, active)
            if item.counts_waiting:
                with link:
                    await waiting_badge(services, actor)
            if item.counts_messages:
                with link:
                    await messages_badge(services, actor)
    with ui.column().classes("w-full max-w-6xl mx-auto p-4 gap-4"):
        ui.label(_(title)).classes("text-2xl font-semibold text-gray-800")
        yield


@asynccontextmanager
async def client_frame(
    services: ServicesLike, actor: Actor, title: str, active: str
) -> AsyncIterator[None]:
    set_language(actor.language)
    apply_theme()
    ui.page_title(f"{_(title)} · Biurko")
    # Clients see their accountant's name and logo, not a software vendor's.
    office_name = await services.offices.office_name(actor)
    logo_url = await services.office_settings.logo_url(actor)
    with ui.header().classes("items-center bg-primary text-white px-3 gap-2 no-wrap"):
        _office_brand(logo_url, office_name or "Biurko")
        ui.space()
        await company_switcher(services, actor)
        await notification_bell(services, actor)
        _user_menu(services, actor, active)
    with (
        ui.left_drawer(value=None).props("width=220 bordered breakpoint=1024").classes("bg-white"),
        ui.list().classes("w-full"),
    ):
        for item in CLIENT_NAV:
            _nav_link(item, active)
    with (
        ui.footer().classes("bg-white text-gray-700 lg:hidden p-0 border-t"),
        ui.row().classes("w-full justify-around no-wrap gap-0"),
    ):
        here = next(
            (i.phone_under for i in CLIENT_NAV if i.path == active and i.phone_under), active
        )
        for item in CLIENT_NAV:
            if item.phone_under is None:
                button = _bottom_link(item, here)
                if item.counts_messages:
                    with button:
                        await messages_badge(services, actor)
    with ui.column().classes("w-full max-w-2xl mx-auto p-4 gap-4 pb-24"):
        ui.label(_(title)).classes("text-2xl font-semibold text-gray-800")
        yield


def _office_brand(logo_url: str | None, office_name: str) -> None:
    if logo_url:
        with ui.element("div").classes("bg-white rounded px-1 h-9 flex items-center shrink-0"):
            ui.image(logo_url).classes("h-8 w-24").props(
                f'fit=contain no-spinner alt="{_("Logo biura")}"'
            ).mark("office-logo")
    else:
        ui.icon("apartment", size="28px").classes("opacity-80")
    ui.label(office_name).classes("text-lg font-medium truncate")


def _nav_link(item: NavItem, active: str) -> ui.item:
    selected = item.path == active
    with (
        ui.item(on_click=lambda path=item.path: ui.navigate.to(path))
        .classes("biurko-nav-item" + (" text-primary bg-teal-50" if selected else ""))
        .props(f'href="{item.path}"') as link
    ):
        with ui.item_section().props("avatar"):
            ui.icon(item.icon)
        ui.item_section(_(item.label))
    return link


def _bottom_link(item: NavItem, active: str) -> ui.button:
    color = "primary" if item.path == active else "grey-8"
    return (
        ui.button(
            _(item.label), icon=item.icon, on_click=lambda path=item.path: ui.navigate.to(path)
        )
        .props(f"flat stack no-caps size=sm color={color}")
        .classes("flex-1")
    )


def _user_menu(services: ServicesLike, actor: Actor, here: str) -> None:
    async def switch(language: str) -> None:
        await services.auth.set_language(actor, language)
        set_language(language)
        ui.navigate.to(here)

    with (
        ui.button(icon="account_circle")
        .props("flat round color=white")
        .mark("user-menu")
        .tooltip(actor.name),
        ui.menu(),
    ):
        ui.menu_item(actor.name or actor.email).props("disable")
        for code, name in LANGUAGES.items():
            if code != actor.language:
                ui.menu_item(name, on_click=lambda code=code: switch(code)).mark(f"lang-{code}")
        ui.separator()
        ui.menu_item(_("Wyloguj"), on_click=lambda: ui.navigate.to("/wyloguj"))
