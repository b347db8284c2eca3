"""The fast path of ingestion, for records in the sync API's canonical form.

``fast_zus`` / ``fast_tax`` / ``fast_statement``: for a record as ``sync.schemas`` stores it
(amounts as ``"1234.56"``, periods as ``2026-10``) that passes every domain rule, they return the
natural key, the period and the canonical JSON directly, without building the values. Anything
else (another notation, a missing field, any broken rule) gives None and the caller uses the
generic parser in ``domain.entries.parsing``, which decides and words the errors; both paths give
the same result for a record either accepts (tests/unit/test_entry_parsing_fast.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from json.encoder import encode_basestring
from typing import Any

from domain.deadlines import TaxKind
from domain.entries.model import (
    TaxSettlement,
    ZusSettlement,
)
from domain.errors import ValidationError
from domain.identifiers import normalize_pesel

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
    if type(amount) is not str or not _AMOUNT(amount):  # checked only: no grosze needed
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
    if type(revenue) is not str or not _AMOUNT(revenue):
        return None
    if type(costs) is not str or not _AMOUNT(costs):
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
