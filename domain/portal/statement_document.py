"""What a statement PDF shows, as plain text values, and the hash that names its content.

``build_document`` turns sent statement values, the company's data and the office's name and
logo into a ``StatementDocument`` whose every string is already formatted (Polish amounts,
month names, the NIP with dashes): a renderer only lays it out. ``data_hash`` covers exactly
what the document shows except the generation time, so equal hashes mean equal PDFs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from domain.clock import to_warsaw
from domain.companies.model import CompanyDetails
from domain.entries.model import StatementValues, encode_values
from domain.entries.service import statement_totals
from domain.errors import DomainError, NotFound
from domain.formatting import NBSP, format_amount, format_month
from domain.identifiers import IdentifierType, format_nip

# Bump when the layout changes: every cached PDF is then rendered again on request.
LAYOUT_VERSION = 1
MINUS = "\u2212"  # a real minus sign: clearer than a hyphen next to a number
IDENTIFIER_LABELS = {
    IdentifierType.NIP: "NIP",
    IdentifierType.PESEL: "PESEL",
    IdentifierType.VAT_UE: "VAT UE",
    IdentifierType.REGON: "REGON",
}
_SCOPE = re.compile(r"(\d{4})(?:-(0[1-9]|1[0-2]))?")
_TRANSLITERATION = str.maketrans({"ł": "l", "Ł": "L", "ß": "ss", "æ": "ae", "ø": "o", "đ": "d"})


@dataclass(frozen=True)
class StatementLine:
    """One row of the table: a month (or the totals), amounts formatted, the office's comment."""

    label: str
    revenue: str
    costs: str
    result: str
    negative: bool
    comment: str = ""


@dataclass(frozen=True)
class StatementDocument:
    office_name: str
    office_logo: bytes | None  # PNG or JPEG as stored by the office settings
    company_name: str
    company_identifier: str  # "NIP 526-104-08-28"
    company_address: str
    title: str  # "Zestawienie za październik 2026" / "Zestawienie za rok 2026"
    lines: tuple[StatementLine, ...]
    totals: StatementLine | None  # None for a one-month statement
    summary: str  # "Wynik za rok 2026: −1 234,56 zł (strata)"
    summary_negative: bool
    generated: str  # "Wygenerowano 18.11.2026 10:00"

    def characters(self) -> set[str]:
        """Every character the text of the document uses (for font subsetting)."""
        seen: set[str] = {MINUS}

        def collect(text: str) -> str:
            seen.update(text)
            return text

        self.map_text(collect)
        return seen

    def map_text(self, change: Callable[[str], str]) -> StatementDocument:
        """The same document with ``change`` applied to every text (amounts included)."""

        def line(row: StatementLine) -> StatementLine:
            return replace(
                row,
                label=change(row.label),
                revenue=change(row.revenue),
                costs=change(row.costs),
                result=change(row.result),
                comment=change(row.comment),
            )

        return replace(
            self,
            office_name=change(self.office_name),
            company_name=change(self.company_name),
            company_identifier=change(self.company_identifier),
            company_address=change(self.company_address),
            title=change(self.title),
            lines=tuple(line(row) for row in self.lines),
            totals=line(self.totals) if self.totals else None,
            summary=change(self.summary),
            generated=change(self.generated),
        )


class StatementRenderer(Protocol):
    """Lays a statement out as a PDF. CPU-bound and blocking: call it off the event loop."""

    def render(self, document: StatementDocument) -> bytes: ...


@dataclass(frozen=True)
class Scope:
    """``2026`` (a whole year) or ``2026-10`` (one month)."""

    year: int
    month: int | None = None

    @staticmethod
    def parse(text: str) -> Scope:
        match = _SCOPE.fullmatch(text)
        if match is None:
            raise NotFound()
        return Scope(int(match[1]), int(match[2]) if match[2] else None)

    def __str__(self) -> str:
        return f"{self.year}" if self.month is None else f"{self.year}-{self.month:02d}"

    def rows(self, history: list[StatementValues]) -> list[StatementValues]:
        """The sent statements this scope covers, oldest first."""
        return [v for v in history if v.period == str(self) or v.period[:4] == str(self)]


@dataclass(frozen=True)
class Snapshot:
    """Everything a statement PDF depends on, read at one moment."""

    scope: Scope
    rows: tuple[StatementValues, ...]
    company: CompanyDetails
    office_name: str
    logo_version: str  # "" without a logo


def data_hash(snapshot: Snapshot) -> str:
    company = snapshot.company.data
    content = {
        "layout": LAYOUT_VERSION,
        "scope": str(snapshot.scope),
        "rows": [encode_values(v) for v in snapshot.rows],
        "company": [
            company.name,
            company.identifier_type.value,
            company.identifier,
            company.address,
        ],
        "office": [snapshot.office_name, snapshot.logo_version],
    }
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def signed_amount(value: Decimal) -> str:
    """``−1 234,56`` with a real minus sign; ``12,00`` for non-negative values."""
    text = format_amount(abs(value))
    return f"{MINUS}{text}" if value < 0 else text


def _line(label: str, values: StatementValues) -> StatementLine:
    return StatementLine(
        label=label,
        revenue=signed_amount(values.revenue),
        costs=signed_amount(values.costs),
        result=signed_amount(values.result),
        negative=values.result < 0,
        comment=values.comment.strip(),
    )


def month_label(period: str) -> str:
    """``październik`` (the month of a ``2026-10`` period, without the year)."""
    return format_month(int(period[:4]), int(period[5:7])).rsplit(" ", 1)[0]


def scope_title(scope: Scope) -> str:
    if scope.month is None:
        return f"Zestawienie za rok {scope.year}"
    return f"Zestawienie za {format_month(scope.year, scope.month)}"


def identifier_text(company: CompanyDetails) -> str:
    data = company.data
    value = data.identifier
    if data.identifier_type is IdentifierType.NIP:
        with contextlib.suppress(DomainError):  # a stored NIP is valid; shown as is if not
            value = format_nip(value)
    return f"{IDENTIFIER_LABELS.get(data.identifier_type, '')} {value}".strip()


def build_document(snapshot: Snapshot, logo: bytes | None, now: datetime) -> StatementDocument:
    if not snapshot.rows:
        raise NotFound("Za ten okres biuro nie przesłało jeszcze zestawienia.")
    lines = tuple(_line(month_label(v.period), v) for v in snapshot.rows)
    sums = statement_totals(list(snapshot.rows))
    totals = None
    if snapshot.scope.month is None:
        totals = _line("Razem", StatementValues(str(snapshot.scope), sums.revenue, sums.costs))
    outcome = "strata" if sums.result < 0 else "zysk" if sums.result > 0 else "wynik zerowy"
    period = scope_title(snapshot.scope).removeprefix("Zestawienie za ")
    return StatementDocument(
        office_name=snapshot.office_name,
        office_logo=logo,
        company_name=snapshot.company.data.name,
        company_identifier=identifier_text(snapshot.company),
        company_address=snapshot.company.data.address,
        title=scope_title(snapshot.scope),
        lines=lines,
        totals=totals,
        summary=f"Wynik za {period}: {signed_amount(sums.result)}{NBSP}zł ({outcome})",
        summary_negative=sums.result < 0,
        generated=f"Wygenerowano {to_warsaw(now).strftime('%d.%m.%Y %H:%M')}",
    )


def slug(text: str, limit: int = 60) -> str:
    """``piekarnia-zloty-klos-sp-z-o-o``: ASCII, lower case, hyphens."""
    plain = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATION))
    ascii_text = plain.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:limit].rstrip("-") or "firma"


def pdf_filename(scope: Scope | str, company_name: str) -> str:
    """``zestawienie-2026-10-piekarnia-zloty-klos-sp-z-o-o.pdf``."""
    return f"zestawienie-{scope}-{slug(company_name)}.pdf"
