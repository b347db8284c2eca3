"""Turning what a person typed, or what the sync API delivered, into entry values.

One set of rules for both doors: field-level ``ValidationError`` messages in Polish, keyed by
the field names the office forms and the sync API share (``period``, ``social``, ...).

Ingestion of large sync batches goes through ``fast_zus`` / ``fast_tax`` / ``fast_statement``
first: for a record in the sync API's canonical form (what ``sync.schemas`` stores: amounts as
``"1234.56"``, periods as ``2026-10``) that passes every domain rule, they return the natural key,
the period and the canonical JSON directly, without building the values. Anything else
(another notation, a missing field, any broken rule) gives None and the caller uses the generic
parser, which decides and words the errors; both paths give the same result for a record
either accepts (tests/unit/test_entry_parsing_fast.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from json.encoder import encode_basestring
from typing import Any, TypeVar

from domain.deadlines import Period, TaxKind
from domain.entries.model import (
    StatementValues,
    TaxSettlement,
    TaxValues,
    ZusSettlement,
    ZusValues,
)
from domain.errors import ValidationError
from domain.identifiers import normalize_pesel

MAX_INTEGER_DIGITS = 8
E = TypeVar("E", ZusSettlement, TaxSettlement, TaxKind)
LIMIT = Decimal(10) ** MAX_INTEGER_DIGITS
CENT = Decimal("0.01")
ZUS_SPLIT = ("pension", "disability", "sickness", "accident")

REQUIRED = "To pole jest wymagane."
BAD_AMOUNT = "Podaj kwotę, np. 1234,56."
TOO_MANY_DECIMALS = "Kwota może mieć najwyżej 2 miejsca po przecinku."
TOO_LARGE = "Kwota może mieć najwyżej 8 cyfr przed przecinkiem."
NEGATIVE = "Kwota nie może być ujemna."
BAD_DATE = "Podaj datę w formacie RRRR-MM-DD."
MONTH_ONLY = "Podaj miesiąc w formacie RRRR-MM (np. 2026-10)."
BAD_CHOICE = "Wybierz jedną z wartości z listy."
TOTAL_TOO_SMALL = "Razem nie może być mniej niż suma składek społecznych, zdrowotnej i funduszy."
SPLIT_MISMATCH = (
    "Składki emerytalna, rentowa, chorobowa i wypadkowa muszą sumować się do społecznych."
)


class _Fields:
    """Collects field errors so a form shows all of them at once."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.raw = raw
        self.errors: dict[str, str] = {}

    def text(self, name: str, default: str = "") -> str:
        value = self.raw.get(name)
        return default if value is None else " ".join(str(value).split())

    def money(self, name: str, *, required: bool = True, negative: bool = False) -> Decimal | None:
        value = self.raw.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.errors[name] = REQUIRED
            return None
        try:
            return parse_amount(value, negative=negative)
        except ValueError as error:
            self.errors[name] = str(error)
            return None

    def day(self, name: str) -> date | None:
        value = self.raw.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.errors[name] = BAD_DATE
            return None

    def period(self, name: str = "period", *, quarters: bool) -> str:
        text = self.text(name)
        if not text:
            self.errors[name] = REQUIRED
            return ""
        try:
            period = Period.parse(text)
        except ValidationError as error:
            self.errors[name] = error.errors.get("period", str(error))
            return ""
        if period.is_quarter and not quarters:
            self.errors[name] = MONTH_ONLY
            return ""
        return str(period)

    def choice(self, name: str, enum: type[E], default: E | None = None) -> E | None:
        value = self.raw.get(name)
        if value is None or value == "":
            if default is None:
                self.errors[name] = REQUIRED
            return default
        try:
            return enum(str(value).strip())
        except ValueError:
            self.errors[name] = BAD_CHOICE
            return None

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def parse_amount(value: object, *, negative: bool = False) -> Decimal:
    """A money amount: Decimal, at most 8 integer digits and 2 decimals ("1 234,56" is fine)."""
    if isinstance(value, bool | float):
        raise ValueError(BAD_AMOUNT)  # floats lose grosze: never accepted
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(BAD_AMOUNT) from error
    if not amount.is_finite():
        raise ValueError(BAD_AMOUNT)
    # The size first: quantizing a huge exponent ("1e400") raises instead of answering.
    if abs(amount) >= LIMIT:
        raise ValueError(TOO_LARGE)
    if amount != amount.quantize(CENT):
        raise ValueError(TOO_MANY_DECIMALS)
    if amount < 0 and not negative:
        raise ValueError(NEGATIVE)
    return amount.quantize(CENT)


def parse_zus(raw: Mapping[str, Any]) -> ZusValues:
    fields = _Fields(raw)
    period = fields.period(quarters=False)
    settlement = fields.choice("settlement", ZusSettlement, ZusSettlement.D)
    pesel = fields.text("pesel")
    if pesel:
        try:
            pesel = normalize_pesel(pesel)
        except ValidationError as error:
            fields.errors["pesel"] = next(iter(error.errors.values()), str(error))
    social = fields.money("social")
    health = fields.money("health")
    labour_fund = fields.money("labour_fund", required=False) or Decimal("0.00")
    fgsp = fields.money("fgsp", required=False)
    total = fields.money("total")
    split = {name: fields.money(name, required=False) for name in ZUS_SPLIT}
    due = fields.day("due_date")
    fields.raise_if_any()
    assert social is not None and health is not None and total is not None
    parts = [value for value in split.values() if value is not None]
    if parts and sum(parts, Decimal("0.00")) != social:
        fields.errors["social"] = SPLIT_MISMATCH
    if total < social + health + labour_fund + (fgsp or Decimal("0.00")):
        fields.errors["total"] = TOTAL_TOO_SMALL
    fields.raise_if_any()
    return ZusValues(
        period=period,
        settlement=settlement or ZusSettlement.D,
        person=fields.text("person")[:200],
        pesel=pesel,
        social=social,
        health=health,
        labour_fund=labour_fund,
        total=total,
        fgsp=fgsp,
        due_date=due,
        **split,
    )


def parse_tax(raw: Mapping[str, Any]) -> TaxValues:
    fields = _Fields(raw)
    kind = fields.choice("kind", TaxKind)
    period = fields.period(quarters=True)
    settlement = fields.choice("settlement", TaxSettlement, TaxSettlement.D)
    amount = fields.money("amount")
    due = fields.day("due_date")
    if kind is TaxKind.INNY and due is None and "due_date" not in fields.errors:
        fields.errors["due_date"] = "Dla podatku „inny” podaj termin płatności."
    if kind in (TaxKind.PIT_4R, TaxKind.KARTA) and period and "Q" in period:
        fields.errors["period"] = MONTH_ONLY
    fields.raise_if_any()
    assert kind is not None and settlement is not None and amount is not None
    return TaxValues(kind=kind, period=period, settlement=settlement, amount=amount, due_date=due)


def parse_statement(raw: Mapping[str, Any]) -> StatementValues:
    fields = _Fields(raw)
    period = fields.period(quarters=False)
    revenue = fields.money("revenue")
    costs = fields.money("costs")
    comment = str(raw.get("comment") or "").strip()
    if len(comment) > 2000:
        fields.errors["comment"] = "Komentarz może mieć najwyżej 2000 znaków."
    fields.raise_if_any()
    assert revenue is not None and costs is not None
    return StatementValues(period=period, revenue=revenue, costs=costs, comment=comment)


# --- the fast path for records in the sync API's canonical form ---------------------------------

FastEntry = tuple[str, str, str]
"""(natural key, period, canonical JSON of the values) as ``encode_values`` writes it."""

# Only forms the generic parser accepts unchanged: "2026-10" (2000-2099), "2026-Q3",
# "1234.56" without sign or leading zeros (so the text is already the canonical one), ISO days.
_MONTH = re.compile(r"20[0-9]{2}-(?:0[1-9]|1[0-2])").fullmatch
_QUARTER = re.compile(r"20[0-9]{2}-Q[1-4]").fullmatch
_AMOUNT = re.compile(r"(?:0|[1-9][0-9]{0,7})\.[0-9]{2}").fullmatch
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}").fullmatch
_PESEL = re.compile(r"[0-9]{11}").fullmatch
_ZUS_SETTLEMENTS = frozenset(s.value for s in ZusSettlement)
_TAX_SETTLEMENTS = frozenset(s.value for s in TaxSettlement)
_TAX_KINDS = frozenset(k.value for k in TaxKind)
_MONTHLY_ONLY = frozenset((TaxKind.PIT_4R.value, TaxKind.KARTA.value))


def _cents(value: object) -> int | None:
    """Grosze of a canonical amount ("1234.56"); None for anything else."""
    if type(value) is str and _AMOUNT(value):
        return int(value.replace(".", "", 1))
    return None


def _due_day(value: object) -> str | None:
    """The canonical text of an optional due date: "" when absent, None when not canonical."""
    if value is None:
        return ""
    if type(value) is str and _DAY(value):
        try:
            date.fromisoformat(value)
        except ValueError:
            return None
        return value
    return None


def fast_zus(raw: Mapping[str, Any]) -> FastEntry | None:
    """``parse_zus`` + ``encode_values`` for a canonical, valid record; None otherwise."""
    get = raw.get
    period = get("period")
    if type(period) is not str or not _MONTH(period):
        return None
    settlement = get("settlement")
    if settlement is None:
        settlement = "D"
    elif type(settlement) is not str or settlement not in _ZUS_SETTLEMENTS:
        return None
    social_text, health_text, total_text = get("social"), get("health"), get("total")
    social, health, total = _cents(social_text), _cents(health_text), _cents(total_text)
    if social is None or health is None or total is None:
        return None
    labour_text = get("labour_fund")
    labour = 0 if labour_text is None else _cents(labour_text)
    if labour is None:
        return None
    if labour_text is None:
        labour_text = "0.00"  # the generic parser's default
    optional: dict[str, str] = {}
    split: list[int] = []
    fgsp = 0
    for name in ("accident", "disability", "fgsp", "pension", "sickness"):
        text = get(name)
        if text is None:
            continue
        cents = _cents(text)
        if cents is None:
            return None
        optional[name] = text
        if name == "fgsp":
            fgsp = cents
        else:
            split.append(cents)
    if split and sum(split) != social:
        return None
    if total < social + health + labour + fgsp:
        return None
    person_raw = get("person")
    if person_raw is None or person_raw == "":
        person = key_person = ""
    elif type(person_raw) is str:
        person = " ".join(person_raw.split())[:200]
        key_person = " ".join(person.split()).casefold()
    else:
        return None
    pesel = get("pesel")
    if pesel is None or pesel == "":
        pesel = ""
    elif type(pesel) is str and _PESEL(pesel):
        try:
            pesel = normalize_pesel(pesel)
        except ValidationError:
            return None
    else:
        return None
    due = _due_day(get("due_date"))
    if due is None:
        return None
    # The keys in sorted order, as encode_values writes them (None values left out).
    parts = [
        f'"{name}":"{optional[name]}"' for name in ("accident", "disability") if name in optional
    ]
    if due:
        parts.append(f'"due_date":"{due}"')
    if "fgsp" in optional:
        parts.append(f'"fgsp":"{optional["fgsp"]}"')
    parts.append(f'"health":"{health_text}","labour_fund":"{labour_text}"')
    if "pension" in optional:
        parts.append(f'"pension":"{optional["pension"]}"')
    parts.append(f'"period":"{period}","person":{encode_basestring(person)},"pesel":"{pesel}"')
    parts.append(f'"settlement":"{settlement}"')
    if "sickness" in optional:
        parts.append(f'"sickness":"{optional["sickness"]}"')
    parts.append(f'"social":"{social_text}","total":"{total_text}"')
    return f"{period}|{settlement}|{key_person}", period, "{" + ",".join(parts) + "}"


def fast_tax(raw: Mapping[str, Any]) -> FastEntry | None:
    """``parse_tax`` + ``encode_values`` for a canonical, valid record; None otherwise."""
    get = raw.get
    kind = get("kind")
    if type(kind) is not str or kind not in _TAX_KINDS:
        return None
    period = get("period")
    if type(period) is not str:
        return None
    if not _MONTH(period) and (kind in _MONTHLY_ONLY or not _QUARTER(period)):
        return None
    settlement = get("settlement")
    if settlement is None:
        settlement = "D"
    elif type(settlement) is not str or settlement not in _TAX_SETTLEMENTS:
        return None
    amount = get("amount")
    if _cents(amount) is None:
        return None
    due = _due_day(get("due_date"))
    if due is None or (not due and kind == TaxKind.INNY.value):
        return None
    due_part = f'"due_date":"{due}",' if due else ""
    text = (
        f'{{"amount":"{amount}",{due_part}"kind":"{kind}","period":"{period}",'
        f'"settlement":"{settlement}"}}'
    )
    return f"{kind}|{period}|{settlement}", period, text


def fast_statement(raw: Mapping[str, Any]) -> FastEntry | None:
    """``parse_statement`` + ``encode_values`` for a canonical, valid record; None otherwise."""
    get = raw.get
    period = get("period")
    if type(period) is not str or not _MONTH(period):
        return None
    revenue, costs = get("revenue"), get("costs")
    if _cents(revenue) is None or _cents(costs) is None:
        return None
    comment = get("comment")
    if comment is None:
        comment = ""
    elif type(comment) is str:
        comment = comment.strip()
        if len(comment) > 2000:
            return None
    else:
        return None
    text = (
        f'{{"comment":{encode_basestring(comment)},"costs":"{costs}","period":"{period}",'
        f'"revenue":"{revenue}"}}'
    )
    return period, period, text
