"""A payment as the client sees it: the dashboard's card (everything needed to pay, one primary
action) and the Płatności list's row (a summary that expands to account, title and QR)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

from nicegui import ui

from domain.portal.payments import PaymentItem, PaymentState
from ui.components.payment_parts import (
    amount_label,
    due_line,
    qr_code,
    qr_expansion,
    state_chip,
    transfer_details,
)
from ui.components.payment_texts import payment_label
from ui.i18n import _

Action = Callable[[PaymentItem], Awaitable[None] | None]


def due_card(item: PaymentItem, today: date, mark_paid: Action) -> None:
    """Dashboard card: label, big amount, due date, account, title, QR, "Oznacz jako zapłacone".

    On a phone the QR code waits behind "Pokaż kod QR" (the bank app is on the same phone, so
    copying is what helps); from 600 px it stands next to the account, ready to scan."""
    border = " border-l-4 border-red-700" if item.state is PaymentState.OVERDUE else ""
    with ui.card().classes("w-full biurko-card gap-3" + border).mark(f"due-{item.entry_id}"):
        ui.label(payment_label(item)).classes("text-base font-medium text-gray-800")
        amount_label(item)
        due_line(item, today)
        with ui.row().classes("w-full no-wrap gap-4 items-start"):
            with ui.column().classes("grow min-w-0 gap-3"):
                transfer_details(item)
            with ui.element("div").classes("gt-xs shrink-0"):
                qr_code(item)
        with ui.element("div").classes("w-full xs"):
            qr_expansion(item)
        ui.button(
            _("Oznacz jako zapłacone"), icon="task_alt", on_click=lambda: mark_paid(item)
        ).props("unelevated no-caps size=lg").classes("w-full").mark(f"mark-paid-{item.entry_id}")


def payment_row(item: PaymentItem, today: date, mark_paid: Action, undo: Action) -> None:
    """Płatności row: the label, amount and state chip; expanding shows how to pay."""
    superseded = item.state is PaymentState.SUPERSEDED
    with (
        ui.expansion()
        .classes("w-full biurko-card bg-white rounded-xl shadow-sm")
        .props("header-class=q-px-sm")
        .mark(f"payment-{item.entry_id}") as row
    ):
        with row.add_slot("header"), ui.row().classes("w-full items-center gap-2 no-wrap py-1"):
            with ui.column().classes("grow min-w-0 gap-1"):
                label = ui.label(payment_label(item)).classes("text-sm font-medium text-gray-800")
                if superseded:
                    label.classes("line-through text-gray-500").mark(f"struck-{item.entry_id}")
                state_chip(item, today)
            amount_label(item, "text-lg")
        with ui.column().classes("w-full gap-3 px-1 pb-2"):
            due_line(item, today, chip=False)  # the header has the chip
            if superseded:
                ui.label(
                    _("Biuro przysłało korektę tej deklaracji. Zapłać kwotę z korekty.")
                ).classes("text-sm text-gray-600")
                return
            transfer_details(item)
            qr_code(item)
            _row_action(item, mark_paid, undo)


def _row_action(item: PaymentItem, mark_paid: Action, undo: Action) -> None:
    if item.paid is not None:
        with ui.row().classes("w-full items-center justify-between gap-2"):
            by = item.paid.by_name
            if by:
                ui.label(_("Oznaczone przez: {name}").format(name=by)).classes(
                    "text-sm text-gray-600"
                )
            ui.button(_("Cofnij"), icon="undo", on_click=lambda: undo(item)).props(
                "outline no-caps"
            ).style("min-height: 48px").mark(f"undo-{item.entry_id}")
        return
    ui.button(_("Oznacz jako zapłacone"), icon="task_alt", on_click=lambda: mark_paid(item)).props(
        "unelevated no-caps size=lg"
    ).classes("w-full").mark(f"mark-paid-{item.entry_id}")
