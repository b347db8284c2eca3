"""The matrix of notification events × channels (portal, e-mail, SMS) with a checkbox per cell,
shared by the office's defaults, a company's override and the client's own choices."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from domain.channels import Channel, EventType
from domain.notify_layers import Key, PreferenceCell
from ui.i18n import N_, _

EVENT_LABELS = {
    EventType.ZUS_SENT: N_("Nowe składki ZUS"),
    EventType.TAX_SENT: N_("Nowe podatki"),
    EventType.STATEMENT_SENT: N_("Nowe zestawienie"),
    EventType.PAYMENT_REMINDER: N_("Przypomnienie o płatności"),
    EventType.NEW_MESSAGE: N_("Nowa wiadomość od biura"),
    EventType.REPLY: N_("Odpowiedź biura"),
    EventType.DOCUMENT_FROM_OFFICE: N_("Dokument od biura"),
}
CHANNEL_LABELS = {
    Channel.PORTAL: N_("Portal"),
    Channel.EMAIL: N_("E-mail"),
    Channel.SMS: N_("SMS"),
}
Changed = Callable[[Key, bool], Awaitable[None]]
CellExtra = Callable[[PreferenceCell], None]


def cell_marker(key: Key) -> str:
    return f"pref-{key[0].value}-{key[1].value}"


def channel_matrix(
    cells: list[PreferenceCell],
    on_change: Changed | None = None,
    extra: CellExtra | None = None,
) -> dict[Key, ui.checkbox]:
    """Draw the grid; ``on_change`` saves a cell at once, ``extra`` adds a caption under it."""
    by_key = {(cell.event, cell.channel): cell for cell in cells}
    boxes: dict[Key, ui.checkbox] = {}
    with ui.grid(columns="minmax(6rem, 2fr) repeat(3, minmax(3.25rem, 1fr))").classes(
        "w-full gap-x-2 gap-y-1 items-center"
    ):
        ui.label("")
        for channel in Channel:
            ui.label(_(CHANNEL_LABELS[channel])).classes("text-sm font-medium text-gray-600")
        for event in EventType:
            ui.label(_(EVENT_LABELS[event])).classes("text-sm")
            for channel in Channel:
                cell = by_key[(event, channel)]
                with ui.column().classes("gap-0 items-start"):
                    boxes[(event, channel)] = _box(cell, on_change)
                    if extra is not None:
                        extra(cell)
    return boxes


def _box(cell: PreferenceCell, on_change: Changed | None) -> ui.checkbox:
    key = (cell.event, cell.channel)
    box = ui.checkbox(value=cell.enabled).props("dense").mark(cell_marker(key))
    box.props(f'aria-label="{_(EVENT_LABELS[cell.event])}: {_(CHANNEL_LABELS[cell.channel])}"')
    if on_change is not None:
        handler = on_change

        async def changed() -> None:
            await handler(key, bool(box.value))

        box.on_value_change(changed)
    return box
