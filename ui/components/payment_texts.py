"""How the client portal words a payment: its label ("VAT za październik 2026"), its kind for the
filter (ZUS, VAT, PIT, ...), the due-date hint ("za 3 dni", "po terminie 2 dni") and the state
chip ("Zapłacone 12.11.2026", "zastąpiona korektą"), in the user's language."""

from __future__ import annotations

from datetime import date

from domain.deadlines import TaxKind
from domain.entries.model import TaxValues, ZusValues
from domain.formatting import format_day
from domain.portal.payments import PaymentItem, PaymentState
from ui.components.entry_texts import period_text
from ui.i18n import N_, _

# The same words as domain.portal.payments.TAX_NAMES, marked for the catalog.
TAX_NAMES = {
    TaxKind.VAT: N_("VAT"),
    TaxKind.PIT_SKALA: N_("Zaliczka na PIT"),
    TaxKind.PIT_LINIOWY: N_("Zaliczka na PIT liniowy"),
    TaxKind.RYCZALT: N_("Ryczałt"),
    TaxKind.CIT: N_("Zaliczka na CIT"),
    TaxKind.PIT_4R: N_("PIT-4R (podatek pracowników)"),
    TaxKind.KARTA: N_("Karta podatkowa"),
    TaxKind.INNY: N_("Podatek"),
}
# Filter kinds: ZUS, then the taxes grouped the way clients think of them.
KIND_ZUS = "zus"
KIND_OF_TAX = {
    TaxKind.VAT: "vat",
    TaxKind.PIT_SKALA: "pit",
    TaxKind.PIT_LINIOWY: "pit",
    TaxKind.PIT_4R: "pit",
    TaxKind.RYCZALT: "ryczalt",
    TaxKind.CIT: "cit",
    TaxKind.KARTA: "karta",
    TaxKind.INNY: "inne",
}
KIND_NAMES = {
    KIND_ZUS: N_("ZUS"),
    "vat": N_("VAT"),
    "pit": N_("PIT"),
    "cit": N_("CIT"),
    "ryczalt": N_("Ryczałt"),
    "karta": N_("Karta podatkowa"),
    "inne": N_("Inne"),
}
STATE_COLORS = {
    PaymentState.PAID: "positive",
    PaymentState.OVERDUE: "negative",
    PaymentState.SOON: "warning",
    PaymentState.UPCOMING: "secondary",
    PaymentState.SUPERSEDED: "grey-7",
}


def payment_label(item: PaymentItem) -> str:
    """``Składki ZUS za październik 2026 – Jan Kowalski`` or ``VAT za III kwartał 2026``."""
    values = item.values
    period = period_text(values.period)
    if isinstance(values, ZusValues):
        text = _("Składki ZUS za {period}").format(period=period)
        if values.person:
            text += f" – {values.person}"
    else:
        text = _("{tax} za {period}").format(tax=_(TAX_NAMES[values.kind]), period=period)
    if values.settlement.value == "K":
        text += " " + _("(korekta)")
    return text


def kind_of(item: PaymentItem) -> str:
    values = item.values
    return KIND_OF_TAX[values.kind] if isinstance(values, TaxValues) else KIND_ZUS


def due_hint(due: date, today: date) -> str:
    """``za 3 dni``, ``jutro``, ``dziś``, ``po terminie 2 dni``."""
    days = (due - today).days
    if days == 0:
        return _("dziś")
    if days == 1:
        return _("jutro")
    if days > 1:
        return _("za {n} dni").format(n=days)
    if days == -1:
        return _("po terminie 1 dzień")
    return _("po terminie {n} dni").format(n=-days)


def state_text(item: PaymentItem, today: date) -> str:
    """The word on the item's chip."""
    if item.state is PaymentState.SUPERSEDED:
        return _("zastąpiona korektą")
    if item.paid is not None:
        return _("Zapłacone {date}").format(date=format_day(item.paid.paid_on))
    if item.due_date is None:
        return _("do zapłaty")
    return due_hint(item.due_date, today)


def state_color(item: PaymentItem) -> str:
    return STATE_COLORS[item.state]
