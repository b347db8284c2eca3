"""The pieces of a payment the client pays from: the amount, the due line with its chip, the
account and the transfer title with copy buttons, and the bank QR code (ZBP "Standard 2D")."""

from __future__ import annotations

from datetime import date

from nicegui import ui

from domain.formatting import format_day
from domain.identifiers import format_account
from domain.payment_qr import qr_svg
from domain.portal.payments import PaymentItem, PaymentState
from ui.components.entry_texts import money_text
from ui.components.payment_texts import state_color, state_text
from ui.i18n import _

# Big enough for a phone camera at arm's length; the SVG scales without blur.
QR_CLASSES = "w-56 h-56 bg-white p-1 rounded"


def state_chip(item: PaymentItem, today: date) -> ui.chip:
    """A word, not only a colour: "po terminie 2 dni", "Zapłacone 12.11.2026"."""
    chip = ui.chip(state_text(item, today), color=state_color(item)).props("outline dense square")
    chip.classes("m-0 shrink-0").mark(f"state-{item.entry_id}")
    if item.paid is not None:
        chip.tooltip(
            _("Oznaczone przez: {name}").format(name=item.paid.by_name)
            if item.paid.by_name
            else _("Oznaczone jako zapłacone")
        )
    return chip


def due_line(item: PaymentItem, today: date, chip: bool = True) -> None:
    """``Termin: 20.11.2026`` and the chip with the days left (or paid / superseded)."""
    with ui.row().classes("items-center gap-2"):
        due = format_day(item.due_date) if item.due_date else "—"
        overdue = item.state is PaymentState.OVERDUE
        ui.label(_("Termin: {date}").format(date=due)).classes(
            "text-sm " + ("text-negative font-medium" if overdue else "text-gray-700")
        )
        if chip:
            state_chip(item, today)


def amount_label(item: PaymentItem, size: str = "text-3xl") -> ui.label:
    struck = " line-through text-gray-500" if item.state is PaymentState.SUPERSEDED else ""
    return (
        ui.label(money_text(item.amount))
        .classes(f"biurko-amount {size} font-semibold text-gray-900{struck}")
        .mark(f"amount-{item.entry_id}")
    )


def _copy(text: str, message: str) -> None:
    ui.clipboard.write(text)
    ui.notify(message, type="positive", position="top")


def copy_row(caption: str, shown: str, copied: str, message: str, marker: str) -> None:
    """A caption, the value (selectable, wraps on a phone) and a 48 px copy button."""
    with ui.row().classes("w-full items-center gap-2 no-wrap"):
        with ui.column().classes("gap-0 min-w-0 grow"):
            ui.label(caption).classes("text-xs text-gray-500")
            ui.label(shown).classes("biurko-copy text-base text-gray-900 break-words").mark(marker)
        ui.button(icon="content_copy", on_click=lambda: _copy(copied, message)).props(
            f'flat round color=primary aria-label="{_("Kopiuj")}: {caption}"'
        ).classes("shrink-0").style("min-width: 48px; min-height: 48px").tooltip(_("Kopiuj")).mark(
            f"copy-{marker}"
        )


def transfer_details(item: PaymentItem) -> None:
    """Account and title with copy buttons; a note when the office has not given an account."""
    if item.account:
        copy_row(
            _("Numer konta"),
            format_account(item.account),
            item.account,
            _("Skopiowano numer konta."),
            f"account-{item.entry_id}",
        )
    else:
        with ui.row().classes("items-center gap-2 text-sm text-gray-600 no-wrap"):
            ui.icon("info", size="20px").classes("shrink-0")
            ui.label(_("Brak numeru konta. Zapytaj biuro, na jakie konto zapłacić."))
    if item.title:
        copy_row(
            _("Tytuł przelewu"),
            item.title,
            item.title,
            _("Skopiowano tytuł przelewu."),
            f"title-{item.entry_id}",
        )


def qr_code(item: PaymentItem) -> None:
    """The QR code for the banking app, with a line on how to use it."""
    if not item.qr:
        return
    with ui.column().classes("w-full items-center gap-1 py-1"):
        ui.html(qr_svg(item.qr), sanitize=False).classes(QR_CLASSES).props(
            f'role=img aria-label="{_("Kod QR do przelewu")}"'
        ).mark(f"qr-{item.entry_id}")
        ui.label(
            _("Zeskanuj kod w aplikacji banku: konto, kwota i tytuł wpiszą się same.")
        ).classes("text-xs text-gray-500 text-center").style("max-width: 14rem")


def qr_expansion(item: PaymentItem, opened: bool = False) -> None:
    """The QR code behind "Pokaż kod QR" (open from the start on wide screens)."""
    if not item.qr:
        return
    with (
        ui.expansion(_("Pokaż kod QR"), icon="qr_code_2", value=opened)
        .classes("w-full rounded border border-gray-200")
        .props("dense-toggle")
        .mark(f"qr-toggle-{item.entry_id}")
    ):
        qr_code(item)
