"""Ustawienia biura, "Synchronizacja": tokens for the sync agents (each shown once, when it is
created), their last use and revoking them; below them the latest batches the agents sent."""

from __future__ import annotations

from nicegui import ui

from domain.actors import Actor
from domain.errors import DomainError, ValidationError
from domain.formatting import format_moment
from domain.services import ServicesLike
from domain.sync.tokens import NewSyncToken, SyncTokenInfo
from ui.components.assign_staff import alive
from ui.forms import show_field_errors
from ui.i18n import _
from ui.pages.settings_batches import recent_batches
from ui.theme import empty_state, status_chip


async def sync_card(services: ServicesLike, actor: Actor) -> None:
    with ui.card().classes("w-full biurko-card gap-3").mark("sync-settings"):
        ui.label(_("Synchronizacja")).classes("text-lg font-medium text-gray-800")
        ui.label(
            _(
                "Agent synchronizacji na komputerze biura wysyła dane z programu księgowego. "
                "Każdy agent potrzebuje własnego tokenu."
            )
        ).classes("text-sm text-gray-500 -mt-2")
        await TokenSection(services, actor).build()
        ui.separator()
        await recent_batches(services, actor)


class TokenSection:
    """Create, list and revoke the office's sync tokens."""

    def __init__(self, services: ServicesLike, actor: Actor) -> None:
        self.services = services
        self.actor = actor
        self._list = ui.refreshable(self._draw_list)

    async def build(self) -> None:
        with ui.row().classes("w-full items-start gap-3 no-wrap"):
            self.name = (
                ui.input(_("Nazwa nowego tokenu"), placeholder=_("np. Komputer w biurze"))
                .props("outlined dense")
                .classes("flex-1")
                .mark("token-name")
            )
            self.name.on("keydown.enter", self.create)
            ui.button(_("Utwórz token"), icon="key", on_click=self.create).props(
                "unelevated"
            ).classes("mt-1").mark("create-token")
        self.dialogs = ui.element("div")
        self._list(await self.services.sync_tokens.tokens(self.actor))

    def _draw_list(self, tokens: list[SyncTokenInfo]) -> None:
        if not tokens:
            empty_state(
                "key",
                _("Nie ma jeszcze tokenów synchronizacji."),
                _("Utwórz token, wpisz go w ustawieniach agenta, a dane zaczną przychodzić."),
            )
            return
        with ui.list().props("bordered separator dense").classes("w-full rounded"):
            for token in tokens:
                self._row(token)

    def _row(self, token: SyncTokenInfo) -> None:
        with ui.item().mark(f"token-{token.id}"), ui.row().classes("w-full items-center gap-3"):
            _token_text(token)
            if token.active:
                status_chip(_("Aktywny"), "positive")
                ui.button(
                    _("Unieważnij"), icon="block", on_click=lambda t=token: self._confirm(t)
                ).props("flat no-caps color=negative").mark(f"revoke-{token.id}")
            else:
                assert token.revoked_at is not None
                status_chip(
                    _("Unieważniony {when}").format(when=format_moment(token.revoked_at)), "grey-7"
                )

    async def reload(self) -> None:
        tokens = await self.services.sync_tokens.tokens(self.actor)
        if alive(self.dialogs):
            self._list.refresh(tokens)

    async def create(self) -> None:
        try:
            created = await self.services.sync_tokens.create(self.actor, str(self.name.value or ""))
        except ValidationError as error:
            show_field_errors({"name": self.name}, error.errors)
            return
        except DomainError as error:
            ui.notify(_(error.message), type="negative")
            return
        show_field_errors({"name": self.name}, {})
        self.name.value = ""
        self._show_once(created)
        await self.reload()

    def _show_once(self, created: NewSyncToken) -> None:
        self.dialogs.clear()
        with self.dialogs, ui.dialog() as dialog, ui.card().classes("w-full max-w-xl gap-3"):
            dialog.mark("new-token")
            ui.label(_("Nowy token: {name}").format(name=created.info.name)).classes(
                "text-lg font-semibold"
            )
            with ui.row().classes(
                "w-full items-center gap-2 no-wrap bg-amber-50 text-amber-900 rounded p-2"
            ):
                ui.icon("warning", size="24px")
                ui.label(
                    _(
                        "Skopiuj token teraz i wpisz go w ustawieniach agenta. Biurko nie pokaże "
                        "go ponownie: przechowuje tylko jego skrót."
                    )
                ).classes("text-sm")
            field = ui.input(_("Token"), value=created.token).props("outlined readonly")
            field.classes("w-full font-mono").mark("new-token-value")
            with ui.row().classes("w-full justify-end gap-2"):
                ui.button(
                    _("Kopiuj"), icon="content_copy", on_click=lambda: self._copy(created.token)
                ).props("outline").mark("copy-token")
                ui.button(_("Gotowe"), on_click=dialog.close).props("unelevated")
        dialog.open()

    def _copy(self, token: str) -> None:
        ui.clipboard.write(token)
        ui.notify(_("Skopiowano token."), type="positive")

    def _confirm(self, token: SyncTokenInfo) -> None:
        self.dialogs.clear()
        with self.dialogs, ui.dialog() as dialog, ui.card().classes("w-full max-w-md"):
            ui.label(_("Unieważnić token „{name}”?").format(name=token.name)).classes(
                "text-lg font-semibold"
            )
            ui.label(
                _("Agent, który go używa, od razu przestanie wysyłać dane. Tego nie cofniesz.")
            ).classes("text-gray-700")

            async def revoke() -> None:
                try:
                    await self.services.sync_tokens.revoke(self.actor, token.id)
                except DomainError as error:
                    ui.notify(_(error.message), type="negative")
                    return
                dialog.close()
                ui.notify(_("Unieważniono token {name}.").format(name=token.name), type="positive")
                await self.reload()

            with ui.row().classes("w-full justify-end gap-2"):
                ui.button(_("Anuluj"), on_click=dialog.close).props("flat")
                ui.button(_("Unieważnij"), icon="block", on_click=revoke).props(
                    "unelevated color=negative"
                ).mark("confirm-revoke")
        dialog.open()


def _token_text(token: SyncTokenInfo) -> None:
    """Name and hint, who created it when, and when an agent last used it."""
    with ui.column().classes("gap-0 flex-1 min-w-0"):
        with ui.row().classes("items-center gap-2"):
            ui.label(token.name).classes("font-medium")
            ui.label(f"{token.hint}…").classes("text-sm text-gray-500 font-mono")
        created = _("Utworzony {when} przez {who}").format(
            when=format_moment(token.created_at),
            who=token.created_by or _("administratora platformy"),
        )
        used = format_moment(token.last_used_at) if token.last_used_at else _("nigdy")
        ui.label(created).classes("text-sm text-gray-500")
        ui.label(_("Ostatnio użyty: {when}").format(when=used)).classes("text-sm text-gray-500")
