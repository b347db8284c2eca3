"""Transfer titles for tax payments to the micro-account and for ZUS contributions to the NRS.

The rules and their sources are in docs/payment-titles.md. In short: the tax micro-account
already identifies the taxpayer, so a tax title carries the settlement period (``26M10``,
``26K03``, ``26R``) and the form or payment symbol (``VAT-7``, ``PPE``, ...). ZUS splits each
payment on the NRS by itself and needs no title; ours only helps people read bank statements.
"""

from __future__ import annotations

from domain.deadlines import Period, TaxKind
from domain.errors import ValidationError

# Polish banks carry a title of 4 lines of 35 characters.
MAX_TITLE_LENGTH = 140

# Symbols from the Minister of Finance's list of payments made through the micro-account; see
# docs/payment-titles.md for the choice between advance symbols and annual-return symbols.
MONTHLY_SYMBOLS: dict[TaxKind, str] = {
    TaxKind.VAT: "VAT-7",
    TaxKind.PIT_SKALA: "PIT-36",
    TaxKind.PIT_LINIOWY: "PPL",
    TaxKind.RYCZALT: "PPE",
    TaxKind.CIT: "CIT",
    TaxKind.PIT_4R: "PIT-4R",
    TaxKind.KARTA: "PIT-16",
}
QUARTERLY_VAT_SYMBOL = "VAT-7K"

NO_SYMBOL = "Dla tego rodzaju płatności nie ma symbolu formularza; wpisz tytuł ręcznie."
UNKNOWN_SETTLEMENT = "Nieznany typ rozliczenia."
ZUS_MONTHLY_ONLY = "Składki ZUS rozlicza się miesięcznie."

# Settlement types of a ZUS entry (PRODUCT.md glossary); a declaration needs no extra word.
SETTLEMENT_WORDS: dict[str, str] = {
    "D": "",
    "K": "korekta",
    "Z": "zaliczka",
    "P": "prognoza",
    "I": "inne",
}
ZUS_TITLE_PREFIX = "Składki ZUS"


def tax_period_code(period: Period, annual: bool = False) -> str:
    """The period as a tax transfer states it: ``26M10``, ``26K03`` or ``26R``."""
    year = f"{period.year % 100:02d}"
    if annual:
        return f"{year}R"
    if period.quarter is not None:
        return f"{year}K{period.quarter:02d}"
    return f"{year}M{period.last_month:02d}"


def tax_form_symbol(kind: TaxKind, quarterly: bool) -> str:
    """The form or payment symbol the tax office books the payment by."""
    if kind is TaxKind.VAT and quarterly:
        return QUARTERLY_VAT_SYMBOL
    symbol = MONTHLY_SYMBOLS.get(kind)
    if symbol is None:
        raise ValidationError.single("kind", NO_SYMBOL)
    return symbol


def _single_line(text: str) -> str:
    """Collapse whitespace so a name pasted with line breaks stays one title line."""
    return " ".join(text.split())


def _append_within_limit(title: str, extra: str | None) -> str:
    """Add a free-text suffix, cut so the whole title fits the bank limit."""
    cleaned = _single_line(extra or "")
    if not cleaned:
        return title
    room = MAX_TITLE_LENGTH - len(title) - 1
    return f"{title} {cleaned[:room].rstrip()}" if room > 0 else title


def tax_transfer_title(kind: TaxKind, period: Period, company_name: str | None = None) -> str:
    """``<period> <symbol>`` for the micro-account, e.g. ``26M10 VAT-7``, plus the company name.

    The period comes first, as on the tax transfer form; the company name is only a reading aid
    for the client's own statement, the account number already identifies the taxpayer.
    """
    symbol = tax_form_symbol(kind, quarterly=period.is_quarter)
    title = f"{tax_period_code(period)} {symbol}"
    return _append_within_limit(title, company_name)


def zus_transfer_title(period: Period, settlement: str = "D", person: str | None = None) -> str:
    """A readable title for a payment to the NRS, e.g. ``Składki ZUS 26M10 Jan Kowalski``."""
    if period.is_quarter:
        raise ValidationError.single("period", ZUS_MONTHLY_ONLY)
    word = SETTLEMENT_WORDS.get(settlement.strip().upper())
    if word is None:
        raise ValidationError.single("settlement", UNKNOWN_SETTLEMENT)
    title = f"{ZUS_TITLE_PREFIX} {tax_period_code(period)}"
    if word:
        title = f"{title} {word}"
    return _append_within_limit(title, person)
