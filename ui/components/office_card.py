"""The client's accounting office on the dashboard: logo, name and how to reach it (a tap on the
phone number calls, a tap on the address writes an e-mail)."""

from __future__ import annotations

from nicegui import ui

from domain.portal.directory import OfficeCard
from ui.i18n import _


def office_card(card: OfficeCard | None, logo_url: str | None) -> None:
    if card is None:
        return
    with ui.card().classes("w-full biurko-card gap-2").mark("office-card"):
        ui.label(_("Twoje biuro rachunkowe")).classes("text-xs text-gray-500 uppercase")
        with ui.row().classes("items-center gap-3 no-wrap"):
            if logo_url:
                ui.image(logo_url).classes("h-12 w-24 shrink-0").props(
                    f'fit=contain no-spinner alt="{_("Logo biura")}"'
                )
            ui.label(card.name).classes("text-lg font-medium text-gray-800")
        if card.phone:
            _contact("call", card.phone, "tel:" + "".join(card.phone.split()), "office-phone")
        if card.email:
            _contact("mail", card.email, f"mailto:{card.email}", "office-email")
        if card.website:
            _contact("language", card.website.removeprefix("https://"), card.website, "office-www")
        if card.address:
            with ui.row().classes("items-center gap-3 no-wrap text-gray-600"):
                ui.icon("place", size="20px").classes("shrink-0")
                ui.label(card.address).classes("text-sm")


def _contact(icon: str, text: str, href: str, marker: str) -> None:
    with (
        ui.link(target=href)
        .classes("flex items-center gap-3 no-underline text-primary min-h-[48px]")
        .mark(marker)
    ):
        ui.icon(icon, size="22px").classes("shrink-0")
        ui.label(text).classes("text-base break-all")
