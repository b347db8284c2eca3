"""The latest sync batches in office settings: status, what each section brought, and the
rejected records (expandable); re-read live when synced data arrives."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from domain.actors import Actor
from domain.events import CompanyChanged, DomainEvent, EntriesChanged
from domain.formatting import format_moment
from domain.services import ServicesLike
from domain.sync.ports import BatchRecord, BatchState
from ui.components.assign_staff import alive
from ui.i18n import N_, _
from ui.live import domain_events
from ui.theme import status_chip

RECENT_LIMIT = 10
STATE_LOOK = {
    BatchState.QUEUED: (N_("W kolejce"), "grey-7"),
    BatchState.PROCESSING: (N_("Przetwarzanie"), "info"),
    BatchState.DONE: (N_("Przetworzona"), "positive"),
    BatchState.FAILED: (N_("Błąd"), "negative"),
}
SECTION_LABELS = {
    "companies": N_("Firmy"),
    "zus": N_("Składki ZUS"),
    "taxes": N_("Podatki"),
    "statements": N_("Zestawienia"),
}
COUNT_LABELS = (
    ("created", N_("nowe")),
    ("updated", N_("zmienione")),
    ("unchanged", N_("bez zmian")),
    ("rejected", N_("odrzucone")),
)


async def recent_batches(services: ServicesLike, actor: Actor) -> None:
    with ui.row().classes("w-full items-center"):
        ui.label(_("Ostatnie paczki danych")).classes("font-medium text-gray-800 flex-1")
        ui.button(icon="refresh", on_click=lambda: reload()).props("flat round dense").tooltip(
            _("Odśwież")
        ).mark("refresh-batches")

    @ui.refreshable
    def batches(records: list[BatchRecord]) -> None:
        if not records:
            ui.label(
                _(
                    "Agent nie przysłał jeszcze żadnych danych. "
                    "Tu zobaczysz każdą paczkę i jej wynik."
                )
            ).classes("text-sm text-gray-500")
            return
        with ui.list().props("bordered separator dense").classes("w-full rounded"):
            for record in records:
                _batch_row(record)

    async def reload() -> None:
        records = await services.sync_batches.recent(actor, RECENT_LIMIT)
        if alive(anchor):
            batches.refresh(records)

    async def on_event(event: DomainEvent) -> None:
        if not alive(anchor):
            domain_events.unsubscribe(on_event)
        elif (
            isinstance(event, EntriesChanged | CompanyChanged)
            and event.office_id == actor.office_id
        ):
            await reload()

    anchor = ui.element("div").classes("w-full")
    with anchor:
        batches(await services.sync_batches.recent(actor, RECENT_LIMIT))
    domain_events.subscribe(on_event)


def _batch_row(record: BatchRecord) -> None:
    text, color = STATE_LOOK[record.status]
    with ui.item().mark(f"batch-{record.pk}"), ui.column().classes("w-full gap-1"):
        with ui.row().classes("w-full items-center gap-3"):
            status_chip(_(text), color)
            ui.label(record.batch_id).classes("font-mono text-sm truncate flex-1 min-w-0")
            ui.label(
                _("rekordy: {n} · przyszła {when}").format(
                    n=record.records, when=format_moment(record.received_at)
                )
            ).classes("text-sm text-gray-500")
        for line in summary_lines(record.summary):
            ui.label(line).classes("text-sm text-gray-700")
        if record.errors:
            _errors(record.errors)


def summary_lines(summary: dict[str, dict[str, int]]) -> list[str]:
    """One line per section that brought anything: "Składki ZUS: nowe 3 · bez zmian 10"."""
    lines = []
    for section, counts in summary.items():
        parts = [
            f"{_(label)} {counts.get(key, 0)}" for key, label in COUNT_LABELS if counts.get(key)
        ]
        if parts:
            name = _(SECTION_LABELS.get(section, section))
            lines.append(f"{name}: {' · '.join(parts)}")
    return lines


def _errors(errors: list[dict[str, Any]]) -> None:
    title = _("Odrzucone rekordy i błędy ({n})").format(n=len(errors))
    with ui.expansion(title, icon="error_outline").classes("w-full text-negative text-sm"):
        for error in errors:
            ui.label(error_text(error)).classes("text-gray-700")


def error_text(error: dict[str, Any]) -> str:
    """One rejected record: "Składki ZUS, rekord 4, pole company: ..." (counted from 1)."""
    section = str(error.get("section", ""))
    where = [_(SECTION_LABELS.get(section, section))]
    if int(error.get("index", -1)) >= 0:
        where.append(_("rekord {n}").format(n=int(error["index"]) + 1))
    if error.get("field"):
        where.append(_("pole {field}").format(field=error["field"]))
    prefix = ", ".join(part for part in where if part)
    message = _(str(error.get("message", "")))
    return f"{prefix}: {message}" if prefix else message
