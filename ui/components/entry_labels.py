"""How the approval pages name entries and count them: "VAT 2026-10", "ZUS 2026-10 (Jan
Kowalski)", "Zestawienie 2026-10", amounts as ``1 234,56 zł`` and "3 pozycje"."""

from __future__ import annotations

from decimal import Decimal

from domain.deadlines import TaxKind
from domain.entries.approval import DataType
from domain.entries.model import EntryValues, TaxSettlement, TaxValues, ZusSettlement, ZusValues
from domain.formatting import format_money
from ui.i18n import N_, _, current_language

TYPE_TITLES = {
    DataType.ZUS: N_("Składki ZUS"),
    DataType.TAXES: N_("Podatki"),
    DataType.STATEMENTS: N_("Zestawienia"),
}
TAX_LABELS = {
    TaxKind.VAT: N_("VAT"),
    TaxKind.PIT_SKALA: N_("PIT (skala)"),
    TaxKind.PIT_LINIOWY: N_("PIT liniowy"),
    TaxKind.RYCZALT: N_("Ryczałt"),
    TaxKind.CIT: N_("CIT"),
    TaxKind.PIT_4R: N_("PIT-4R"),
    TaxKind.KARTA: N_("Karta podatkowa"),
    TaxKind.INNY: N_("Inny podatek"),
}
CORRECTION = N_("korekta")
# Polish has three forms (1 pozycja, 2-4 pozycje, 5+ pozycji); English needs two of them.
ITEMS = (N_("{n} pozycja"), N_("{n} pozycje"), N_("{n} pozycji"))
SENT = (N_("Wysłano {n} pozycję."), N_("Wysłano {n} pozycje."), N_("Wysłano {n} pozycji."))


def plural_index(n: int) -> int:
    """0 for one, 1 for few (2-4, 22-24, ...), 2 for many (0, 5-21, 25-31, ...)."""
    if n == 1:
        return 0
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return 1
    return 2


def counted(forms: tuple[str, str, str], n: int) -> str:
    return _(forms[plural_index(n)]).format(n=n)


def entry_label(values: EntryValues) -> str:
    """What an entry is, in a few words."""
    if isinstance(values, ZusValues):
        text = _("ZUS {period}").format(period=values.period)
        if values.person:
            text += f" ({values.person})"
        corrected = values.settlement is ZusSettlement.K
    elif isinstance(values, TaxValues):
        text = f"{_(TAX_LABELS[values.kind])} {values.period}"
        corrected = values.settlement is TaxSettlement.K
    else:
        return _("Zestawienie {period}").format(period=values.period)
    return f"{text} · {_(CORRECTION)}" if corrected else text


def money(value: Decimal) -> str:
    return format_money(value, current_language())
