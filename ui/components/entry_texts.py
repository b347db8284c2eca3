"""Words for entries in the company tabs: settlement types, tax kinds, periods and the texts
each tab (ZUS, taxes, statements) uses for its buttons, dialogs and empty state."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from domain.deadlines import TaxKind
from domain.entries.approval import DataType
from domain.entries.model import TaxSettlement, ZusSettlement
from domain.formatting import format_amount, format_month
from ui.i18n import N_, _, current_language

ZUS_SETTLEMENTS = {
    ZusSettlement.D: N_("deklaracja"),
    ZusSettlement.K: N_("korekta"),
}
TAX_SETTLEMENTS = {
    TaxSettlement.D: N_("deklaracja"),
    TaxSettlement.K: N_("korekta"),
    TaxSettlement.Z: N_("zaliczka"),
    TaxSettlement.P: N_("prognoza"),
    TaxSettlement.I: N_("inne"),
}
TAX_KINDS = {
    TaxKind.VAT: N_("VAT"),
    TaxKind.PIT_SKALA: N_("PIT (skala)"),
    TaxKind.PIT_LINIOWY: N_("PIT liniowy"),
    TaxKind.RYCZALT: N_("Ryczałt"),
    TaxKind.CIT: N_("CIT"),
    TaxKind.PIT_4R: N_("PIT-4R"),
    TaxKind.KARTA: N_("Karta podatkowa"),
    TaxKind.INNY: N_("Inny podatek"),
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MINUS = "\u2212"


@dataclass(frozen=True)
class TypeTexts:
    """Everything a tab says about its kind of entry (Polish msgids, translated when shown)."""

    tab: str
    name: str
    icon: str
    add: str
    new_title: str
    edit_title: str
    added: str
    saved: str
    deleted: str
    delete_question: str
    empty_title: str
    empty_text: str
    empty_year: str


TEXTS = {
    DataType.ZUS: TypeTexts(
        tab="zus",
        name=N_("Składki ZUS"),
        icon="health_and_safety",
        add=N_("Dodaj składkę"),
        new_title=N_("Nowa składka ZUS"),
        edit_title=N_("Edytuj składkę ZUS"),
        added=N_("Dodano składkę ZUS za {period}."),
        saved=N_("Zapisano składkę ZUS za {period}."),
        deleted=N_("Usunięto składkę ZUS za {period}."),
        delete_question=N_("Usunąć składkę ZUS za {period}?"),
        empty_title=N_("Tu pojawią się składki ZUS firmy."),
        empty_text=N_(
            "Przyjdą z programu księgowego albo dodaj je ręcznie przyciskiem „Dodaj składkę”."
        ),
        empty_year=N_("W roku {year} nie ma składek ZUS."),
    ),
    DataType.TAXES: TypeTexts(
        tab="podatki",
        name=N_("Podatki"),
        icon="account_balance",
        add=N_("Dodaj podatek"),
        new_title=N_("Nowy podatek"),
        edit_title=N_("Edytuj podatek"),
        added=N_("Dodano podatek za {period}."),
        saved=N_("Zapisano podatek za {period}."),
        deleted=N_("Usunięto podatek za {period}."),
        delete_question=N_("Usunąć podatek {kind} za {period}?"),
        empty_title=N_("Tu pojawią się podatki firmy."),
        empty_text=N_(
            "VAT i zaliczki przyjdą z programu księgowego albo dodaj je ręcznie przyciskiem "
            "„Dodaj podatek”."
        ),
        empty_year=N_("W roku {year} nie ma podatków."),
    ),
    DataType.STATEMENTS: TypeTexts(
        tab="zestawienia",
        name=N_("Zestawienia"),
        icon="insights",
        add=N_("Dodaj zestawienie"),
        new_title=N_("Nowe zestawienie miesięczne"),
        edit_title=N_("Edytuj zestawienie"),
        added=N_("Dodano zestawienie za {period}."),
        saved=N_("Zapisano zestawienie za {period}."),
        deleted=N_("Usunięto zestawienie za {period}."),
        delete_question=N_("Usunąć zestawienie za {period}?"),
        empty_title=N_("Tu pojawią się zestawienia miesięczne."),
        empty_text=N_(
            "Przychody, koszty i wynik przyjdą z programu księgowego albo dodaj je ręcznie "
            "przyciskiem „Dodaj zestawienie”."
        ),
        empty_year=N_("W roku {year} nie ma zestawień."),
    ),
}


def period_text(period: str) -> str:
    """``październik 2026`` for a month, ``I kwartał 2026`` for a quarter."""
    year, rest = int(period[:4]), period[5:]
    if rest.startswith("Q"):
        return _("{roman} kwartał {year}").format(roman=ROMAN.get(int(rest[1:]), rest), year=year)
    return format_month(year, int(rest), current_language())


def money_text(value: Decimal) -> str:
    """``1 234,56 zł``; a negative amount with a real minus sign."""
    text = format_amount(abs(value), current_language()) + "\u00a0" + _("zł")
    return MINUS + text if value < 0 else text


def settlement_label(code: str) -> str:
    words: dict[str, str] = {str(k): v for k, v in TAX_SETTLEMENTS.items()}
    word = words.get(code)
    return _(word) if word else code
