"""The company page's "Powiadomienia" tab: the company's override of the office's default
channels. Each cell says where its value comes from (biuro or firma); "jak w biurze" removes
the override. A change is saved at once. Client users' own choices still win over both."""

from __future__ import annotations

from nicegui import ui

from domain.actors import Actor
from domain.companies.model import CompanyDetails
from domain.errors import DomainError
from domain.notify_layers import Key, PreferenceCell, Source
from domain.services import ServicesLike
from ui.components.channel_matrix import cell_marker, channel_matrix
from ui.i18n import _

TAB = "powiadomienia"


def notifications_tab() -> None:
    ui.tab(TAB, label=_("Powiadomienia"), icon="notifications")


async def notifications_panel(
    services: ServicesLike, actor: Actor, details: CompanyDetails
) -> None:
    with ui.tab_panel(TAB).classes("p-0"):
        await CompanyNotifications(services, actor, details.id).build()


class CompanyNotifications:
    def __init__(self, services: ServicesLike, actor: Actor, company_id: int) -> None:
        self._services = services
        self._actor = actor
        self._company_id = company_id
        self._cells: list[PreferenceCell] = []
        self._matrix = ui.refreshable(self._draw)

    async def build(self) -> None:
        await self._load()
        with ui.card().classes("w-full biurko-card gap-3").mark("company-notifications"):
            ui.label(_("Powiadomienia tej firmy")).classes("text-lg font-medium text-gray-800")
            ui.label(
                _(
                    "Domyślnie firma dostaje powiadomienia tak, jak ustawiono w ustawieniach "
                    "biura. Zmiana tutaj dotyczy tylko tej firmy; użytkownicy klienta mogą "
                    "jeszcze wybrać po swojemu."
                )
            ).classes("text-sm text-gray-500 -mt-2")
            self._matrix()

    async def _load(self) -> None:
        self._cells = await self._services.channel_prefs.company_overrides(
            self._actor, self._company_id
        )

    def _draw(self) -> None:
        channel_matrix(self._cells, self._change, self._source)

    def _source(self, cell: PreferenceCell) -> None:
        if cell.source is not Source.COMPANY:
            ui.label(_("biuro")).classes("text-xs text-gray-500")
            return
        with ui.row().classes("gap-1 items-center no-wrap"):
            ui.label(_("firma")).classes("text-xs text-primary font-medium")
            key = (cell.event, cell.channel)
            ui.button(_("jak w biurze"), on_click=lambda: self._save(key, None)).props(
                "flat dense no-caps size=sm"
            ).mark("reset-" + cell_marker(key))

    async def _change(self, key: Key, enabled: bool) -> None:
        await self._save(key, enabled)

    async def _save(self, key: Key, enabled: bool | None) -> None:
        try:
            await self._services.channel_prefs.set_company_override(
                self._actor, self._company_id, key, enabled
            )
        except DomainError as error:
            ui.notify(_(error.message), type="negative")
        await self._load()
        self._matrix.refresh()
