"""Marking a payment paid: a dialog with the payment date (today by default, a calendar to pick
another day), and undoing the mark. Errors from the service appear at the date field."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime

from nicegui import ui

from domain.actors import Actor
from domain.errors import DomainError, NotFound, ValidationError
from domain.formatting import format_day, format_money
from domain.portal.payments import PaymentItem
from domain.services import ServicesLike
from ui.components.payment_texts import payment_label
from ui.forms import show_field_errors
from ui.i18n import N_, _, current_language

DAY_FORMAT = "%d.%m.%Y"
BAD_DATE = N_("Wpisz datę jako DD.MM.RRRR, np. {example}.")
GONE = N_("Tej płatności już nie ma. Odśwież stronę.")

Done = Callable[[], Awaitable[None]]


def parse_day(text: str) -> date | None:
    """``27.11.2026`` (as shown) or ``2026-11-27``; None when it is neither."""
    text = text.strip()
    for pattern in (DAY_FORMAT, "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _date_field(today: date) -> ui.input:
    field = (
        ui.input(_("Data zapłaty"), value=format_day(today))
        .props("outlined inputmode=numeric")
        .classes("w-full")
        .mark("paid-on")
    )
    with (
        field,
        ui.menu().props("no-parent-event") as menu,
        ui.date(mask="DD.MM.YYYY")
        .bind_value(field)
        .props(f'navigation-max-year-month="{today:%Y/%m}"')
        .props(f":options=\"day => day <= '{today:%Y/%m/%d}'\""),
        ui.row().classes("justify-end"),
    ):
        ui.button(_("Zamknij"), on_click=menu.close).props("flat")
    with field.add_slot("append"):
        ui.button(icon="event", on_click=menu.open).props(
            f'flat round dense color=primary aria-label="{_("Wybierz datę")}"'
        ).mark("paid-on-picker")
    return field


def open_paid_dialog(
    services: ServicesLike, actor: Actor, item: PaymentItem, today: date, done: Done
) -> None:
    """Ask for the payment date and mark the item paid; ``done`` redraws the page."""
    with ui.dialog() as dialog, ui.card().classes("w-full max-w-sm gap-3").mark("paid-dialog"):
        ui.label(_("Oznacz jako zapłacone")).classes("text-lg font-medium")
        ui.label(
            f"{payment_label(item)} · {format_money(item.amount, current_language())}"
        ).classes("text-gray-700")
        field = _date_field(today)

        async def save() -> None:
            day = parse_day(field.value or "")
            if day is None:
                field.error = _(BAD_DATE).format(example=format_day(today))
                return
            try:
                await services.portal.mark_paid(actor, item.company_id, item.entry_id, day)
            except ValidationError as problem:
                show_field_errors({"paid_on": field}, problem.errors)
                return
            except NotFound:
                ui.notify(_(GONE), type="warning")
            except DomainError as error:
                ui.notify(_(error.message), type="negative")
                return
            else:
                ui.notify(
                    _("Zapisano: {what} zapłacone {date}.").format(
                        what=payment_label(item), date=format_day(day)
                    ),
                    type="positive",
                )
            dialog.close()
            await done()

        field.on("keydown.enter", save)
        with ui.row().classes("w-full justify-end gap-2"):
            ui.button(_("Anuluj"), on_click=dialog.close).props("flat")
            ui.button(_("Zapisz"), icon="check", on_click=save).props("unelevated no-caps").mark(
                "paid-save"
            )
    dialog.on("hide", dialog.delete)
    dialog.open()


async def undo_paid(services: ServicesLike, actor: Actor, item: PaymentItem, done: Done) -> None:
    """Undo ("Cofnij"): the item is to pay again."""
    try:
        await services.portal.unmark_paid(actor, item.company_id, item.entry_id)
    except NotFound:
        ui.notify(_(GONE), type="warning")
    except DomainError as error:
        ui.notify(_(error.message), type="negative")
        return
    else:
        ui.notify(
            _("Cofnięto: {what} znów czeka na zapłatę.").format(what=payment_label(item)),
            type="info",
        )
    await done()
