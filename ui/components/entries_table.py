"""The year table of one company tab (ZUS, taxes or statements): one row per entry with the
settlement badge, the hand-typed mark, the payment due date (with the client's paid mark),
the send state and row actions.

Drawn from plain NiceGUI elements inside a Quasar markup table, so every cell is an element
(tooltips, buttons, markers) and the simulated user of the tests sees what a person sees.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal

from nicegui import ui

from domain.entries.approval import DataType
from domain.entries.model import Entry, PaidMark, StatementValues, TaxValues, ZusValues
from domain.entries.notify import payment_for
from domain.entries.payment import PayerIdentity
from domain.entries.service import EntryTable, StatementTotals
from domain.formatting import format_day, format_moment
from domain.identifiers import format_account
from ui.components.entry_texts import TAX_KINDS, money_text, period_text, settlement_label
from ui.i18n import N_, _

LEFT, RIGHT = "left", "right"
HEADERS: dict[DataType, list[tuple[str, str]]] = {
    DataType.ZUS: [
        (N_("Okres"), LEFT),
        (N_("Typ"), LEFT),
        (N_("Osoba"), LEFT),
        (N_("Społeczne"), RIGHT),
        (N_("Zdrowotna"), RIGHT),
        (N_("FP/FS"), RIGHT),
        (N_("Razem"), RIGHT),
        (N_("Termin płatności"), LEFT),
    ],
    DataType.TAXES: [
        (N_("Rodzaj"), LEFT),
        (N_("Okres"), LEFT),
        (N_("Typ"), LEFT),
        (N_("Kwota"), RIGHT),
        (N_("Termin płatności"), LEFT),
    ],
    DataType.STATEMENTS: [
        (N_("Miesiąc"), LEFT),
        (N_("Przychody"), RIGHT),
        (N_("Koszty"), RIGHT),
        (N_("Wynik"), RIGHT),
        (N_("Komentarz"), LEFT),
    ],
}
TAIL = [(N_("Data wysłania"), LEFT), ("", RIGHT)]
HEADER_HINTS = {"FP/FS": N_("Fundusz Pracy i Fundusz Solidarnościowy")}
SPLIT = (
    ("pension", N_("emerytalna")),
    ("disability", N_("rentowa")),
    ("sickness", N_("chorobowa")),
    ("accident", N_("wypadkowa")),
)


@dataclass(frozen=True)
class RowActions:
    """What the row buttons do; the panel owning the table supplies them."""

    send: Callable[[Entry], Awaitable[None]]
    edit: Callable[[Entry], Awaitable[None]]
    delete: Callable[[Entry], None]


def entries_table(
    table: EntryTable, data_type: DataType, payer: PayerIdentity, actions: RowActions
) -> None:
    with (
        ui.element("q-markup-table")
        .props("flat dense separator=horizontal")
        .classes("w-full")
        .mark(f"entries-table-{data_type}")
    ):
        with ui.element("thead"), ui.element("tr"):
            for label, align in HEADERS[data_type] + TAIL:
                _th(label, align)
        with ui.element("tbody"):
            for entry in table.entries:
                with ui.element("tr").mark(f"entry-{entry.id}"):
                    _CELLS[data_type](entry, payer)
                    _sent_cell(entry)
                    _actions_cell(entry, actions)
            if table.totals is not None:
                _totals_row(table.year, table.totals)
    _legend(table.entries)


# --- cells --------------------------------------------------------------------------------


def _th(label: str, align: str) -> None:
    with ui.element("th").classes(f"text-{align} text-gray-600"):
        if label:
            text = ui.label(_(label))
            if label in HEADER_HINTS:
                text.tooltip(_(HEADER_HINTS[label]))


def _td(text: str, *, amount: bool = False, classes: str = "") -> ui.label:
    with ui.element("td").classes("text-right" if amount else "text-left"):
        label = ui.label(text)
        label.classes(("biurko-amount " if amount else "") + classes)
    return label


def _period_cell(entry: Entry) -> None:
    with ui.element("td"), ui.row().classes("items-center gap-1 no-wrap"):
        ui.label(period_text(entry.period)).classes("whitespace-nowrap")
        if entry.hand_typed:
            ui.icon("edit_note", size="18px").classes("text-gray-500").props(
                f'role=img aria-label="{_("Wpisane ręcznie")}"'
            ).tooltip(_("Wpisane ręcznie")).mark(f"hand-typed-{entry.id}")


def _settlement_cell(code: str) -> None:
    word = settlement_label(code)
    with ui.element("td"):
        ui.badge(code, color="secondary").props(f'outline role=img aria-label="{word}"').classes(
            "font-mono"
        ).tooltip(word)


def _due_cell(values: ZusValues | TaxValues, payer: PayerIdentity, entry: Entry) -> None:
    payment = payment_for(values, payer)
    due = payment.due_date if payment else None
    with ui.element("td").classes("text-left"):
        label = ui.label(format_day(due) if due else "—").classes("whitespace-nowrap")
        if entry.paid is not None:
            _paid_chip(entry.paid).mark(f"paid-{entry.id}")
    if payment is None:
        return
    lines = [_("Termin ustawiony ręcznie") if values.due_date else _("Termin ustawowy")]
    if payment.account:
        lines.append(_("Rachunek: {account}").format(account=format_account(payment.account)))
    lines.append(_("Tytuł: {title}").format(title=payment.title))
    with label, ui.tooltip().classes("text-sm"):
        for line in lines:
            ui.label(line)


def _paid_chip(paid: PaidMark) -> ui.chip:
    """The client's "Oznacz jako zapłacone", with who marked it and when."""
    chip = ui.chip(
        _("Zapłacone {date}").format(date=format_day(paid.paid_on)), color="positive"
    ).props("outline dense square")
    chip.classes("ml-0 whitespace-nowrap").tooltip(
        _("Oznaczył(a) klient: {name}, {moment}").format(
            name=paid.by_name or "—", moment=format_moment(paid.marked_at)
        )
    )
    return chip


def _zus_cells(entry: Entry, payer: PayerIdentity) -> None:
    values = entry.values
    assert isinstance(values, ZusValues)
    _period_cell(entry)
    _settlement_cell(values.settlement)
    person = _td(values.person or _("Właściciel"), classes="" if values.person else "text-gray-500")
    if values.pesel:
        person.tooltip(_("PESEL {pesel}").format(pesel=values.pesel))
    social = _td(money_text(values.social), amount=True)
    split = [(_(word), getattr(values, name)) for name, word in SPLIT]
    if any(amount is not None for _word, amount in split):
        social.tooltip(" · ".join(f"{word} {money_text(a)}" for word, a in split if a is not None))
    _td(money_text(values.health), amount=True)
    _td(money_text(values.labour_fund), amount=True)
    total = _td(money_text(values.total), amount=True, classes="font-medium")
    if values.fgsp:
        total.tooltip(_("w tym FGŚP {amount}").format(amount=money_text(values.fgsp)))
    _due_cell(values, payer, entry)


def _tax_cells(entry: Entry, payer: PayerIdentity) -> None:
    values = entry.values
    assert isinstance(values, TaxValues)
    _td(_(TAX_KINDS[values.kind]), classes="font-medium")
    _period_cell(entry)
    _settlement_cell(values.settlement)
    _td(money_text(values.amount), amount=True, classes="font-medium")
    _due_cell(values, payer, entry)


def _result_classes(value: Decimal) -> str:
    return "font-medium" + (" text-negative" if value < 0 else "")


def _statement_cells(entry: Entry, _payer: PayerIdentity) -> None:
    values = entry.values
    assert isinstance(values, StatementValues)
    _period_cell(entry)
    _td(money_text(values.revenue), amount=True)
    _td(money_text(values.costs), amount=True)
    _td(money_text(values.result), amount=True, classes=_result_classes(values.result))
    comment = _td(values.comment or "—", classes="max-w-xs truncate text-gray-700")
    if len(values.comment) > 40:
        comment.tooltip(values.comment)


_CELLS: dict[DataType, Callable[[Entry, PayerIdentity], None]] = {
    DataType.ZUS: _zus_cells,
    DataType.TAXES: _tax_cells,
    DataType.STATEMENTS: _statement_cells,
}


def _sent_cell(entry: Entry) -> None:
    with ui.element("td"):
        if not entry.waiting and entry.sending is not None:
            sending = entry.sending
            who = (
                _("Wysłane przez: {name}").format(name=sending.by_name)
                if sending.by_name
                else _("Automatycznie, według zasady zatwierdzania")
            )
            ui.label(format_moment(sending.at)).classes("whitespace-nowrap").tooltip(who)
            return
        with ui.column().classes("gap-0 items-start"):
            chip = ui.chip(_("Niezatwierdzona"), color="warning").props("outline dense square")
            chip.mark(f"waiting-{entry.id}")
            if entry.sent_values is None:
                chip.tooltip(_("Klient jeszcze nie widzi tej pozycji."))
                return
            if entry.sending is not None:
                chip.tooltip(
                    _("Klient widzi wersję wysłaną {moment}.").format(
                        moment=format_moment(entry.sending.at)
                    )
                )
            ui.label(_("Zmiana czeka na zatwierdzenie")).classes("text-xs text-gray-600")


def _actions_cell(entry: Entry, actions: RowActions) -> None:
    with ui.element("td").classes("text-right"), ui.row().classes("justify-end gap-1 no-wrap"):
        if entry.waiting:
            ui.button(icon="send", on_click=lambda e=entry: actions.send(e)).props(
                f'flat round dense color=primary aria-label="{_("Wyślij klientowi")}"'
            ).tooltip(_("Wyślij klientowi")).mark(f"send-{entry.id}")
        if not entry.hand_typed:
            # Synced entries change in the accounting program (see the legend); the empty
            # space keeps the send buttons of all rows in one column.
            ui.element("div").style("width: 34px")
            return
        with (
            ui.button(icon="more_vert")
            .props(f'flat round dense color=grey-8 aria-label="{_("Akcje pozycji")}"')
            .mark(f"entry-actions-{entry.id}"),
            ui.menu(),
        ):
            ui.menu_item(_("Edytuj"), on_click=lambda e=entry: actions.edit(e)).mark(
                f"edit-{entry.id}"
            )
            ui.menu_item(_("Usuń"), on_click=lambda e=entry: actions.delete(e)).classes(
                "text-negative"
            ).mark(f"delete-{entry.id}")


def _totals_row(year: int, totals: StatementTotals) -> None:
    with ui.element("tr").classes("bg-gray-50").mark("statement-totals"):
        _td(_("Razem {year}").format(year=year), classes="font-semibold")
        _td(money_text(totals.revenue), amount=True, classes="font-semibold")
        _td(money_text(totals.costs), amount=True, classes="font-semibold")
        _td(money_text(totals.result), amount=True, classes=_result_classes(totals.result))
        for _column in range(3):
            ui.element("td")


def _legend(entries: list[Entry]) -> None:
    """Why some rows have no menu: synced entries change in the accounting program."""
    if all(entry.hand_typed for entry in entries):
        return
    with ui.row().classes("items-center gap-1 text-sm text-gray-500 pt-1").mark("entries-legend"):
        ui.icon("edit_note", size="18px")
        ui.label(
            _(
                "Wpisane ręcznie: edytujesz je tutaj. Pozostałe przyszły z synchronizacji: "
                "zmienisz je w programie księgowym."
            )
        )
