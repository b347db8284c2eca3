"""The documented CSV (docs/sync-csv.md) for everything the standard files do not carry.

One row per record, ``;`` as the separator, a header row with Polish column names, a ``typ``
column saying what the row is (``firma``, ``zus``, ``podatek``, ``zestawienie``), amounts with a
decimal comma or dot, UTF-8 with or without a BOM. Lines starting with ``#`` are comments.

A file with any bad row is rejected as a whole (every bad row is listed), so a half-sent file
never has to be reconciled by hand.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sync.schemas import (
    CompanyRecord,
    CompanyRef,
    StatementRecord,
    TaxKind,
    TaxRecord,
    TaxSettlement,
    ZusRecord,
    ZusSettlement,
)

from .base import Extract, ParseError, build, normalize_nip

FORMAT_NAME = "CSV Biurko"
MAX_LISTED_ERRORS = 20

COMMON = {"nip", "nazwa"}
COLUMNS_BY_TYPE: dict[str, set[str]] = {
    "firma": COMMON
    | {
        "pesel",
        "regon",
        "vat_ue",
        "email",
        "telefon",
        "adres",
        "forma_opodatkowania",
        "okres_vat",
        "termin_zus",
    },
    "zus": COMMON
    | {
        "okres",
        "rozliczenie",
        "spoleczne",
        "zdrowotne",
        "fundusz_pracy",
        "fgsp",
        "razem",
        "osoba",
        "pesel",
        "termin",
    },
    "podatek": COMMON | {"okres", "rodzaj", "rozliczenie", "kwota", "termin"},
    "zestawienie": COMMON | {"okres", "przychody", "koszty", "komentarz"},
}
COLUMNS = {"typ"}.union(*COLUMNS_BY_TYPE.values())
COLUMN_ALIASES = {
    "zdrowotna": "zdrowotne",
    "spoleczna": "spoleczne",
    "fp": "fundusz_pracy",
    "przychod": "przychody",
    "koszt": "koszty",
    "termin_platnosci": "termin",
}
TAX_KINDS = {kind.value: kind for kind in TaxKind} | {
    "pit_5": TaxKind.PIT_SKALA,
    "skala": TaxKind.PIT_SKALA,
    "pit_5l": TaxKind.PIT_LINIOWY,
    "liniowy": TaxKind.PIT_LINIOWY,
    "pit_28": TaxKind.RYCZALT,
    "cit_8": TaxKind.CIT,
    "karta_podatkowa": TaxKind.KARTA,
}
TAX_FORMS = {"skala", "liniowy", "ryczalt", "karta", "cit"}
VAT_PERIODS = {
    "miesieczny": "monthly",
    "kwartalny": "quarterly",
    "brak": "none",
    "monthly": "monthly",
    "quarterly": "quarterly",
    "none": "none",
}

_PLAIN = re.compile(r"^\d+([.,]\d{1,2})?$")
_DOT_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+,\d{1,2}$")
_COMMA_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+\.\d{1,2}$")


class RowError(Exception):
    def __init__(self, column: str | None, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


def fold(value: str) -> str:
    """Lower case, no Polish diacritics, spaces and dashes as underscores."""
    value = value.strip().lower().replace("ł", "l")
    value = "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))
    return re.sub(r"[\s\-]+", "_", value)


def _header_name(raw: str) -> str:
    name = fold(raw)
    return COLUMN_ALIASES.get(name, name)


def _meaningful_lines(text: str) -> list[str]:
    return [
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]


def looks_like(text: str) -> bool:
    """A CSV of this format: the first non-comment line is a header with a ``typ`` column."""
    lines = _meaningful_lines(text[:65536])
    if not lines or ";" not in lines[0]:
        return False
    return "typ" in {_header_name(cell) for cell in lines[0].split(";")}


def parse_amount(raw: str, column: str, *, required: bool = True) -> Decimal | None:
    value = raw.replace("\u00a0", "").replace(" ", "").removesuffix("zł").strip()
    if not value:
        if required:
            raise RowError(column, "brak kwoty")
        return None
    if value.startswith("-"):
        raise RowError(column, f"kwota nie może być ujemna: {raw!r}")
    if _PLAIN.match(value):
        normalized = value.replace(",", ".")
    elif _DOT_THOUSANDS.match(value):
        normalized = value.replace(".", "").replace(",", ".")
    elif _COMMA_THOUSANDS.match(value):
        normalized = value.replace(",", "")
    else:
        raise RowError(
            column, f"nieprawidłowa kwota {raw!r} (np. 1234,56 lub 1234.56, najwyżej 2 miejsca)"
        )
    try:
        return Decimal(normalized).quantize(Decimal("0.01"))
    except InvalidOperation as error:  # pragma: no cover - the patterns admit only decimals
        raise RowError(column, f"nieprawidłowa kwota {raw!r}") from error


def parse_period(raw: str, *, quarters: bool) -> str:
    value = raw.strip().upper().replace(" ", "")
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})", value):
        year, month = match.groups()
    elif match := re.fullmatch(r"(\d{1,2})[./](\d{4})", value):
        month, year = match.groups()
    elif quarters and (match := re.fullmatch(r"(\d{4})-?[QK]([1-4])", value)):
        return f"{match.group(1)}-Q{match.group(2)}"
    else:
        allowed = "RRRR-MM lub RRRR-Qn" if quarters else "RRRR-MM"
        raise RowError("okres", f"nieprawidłowy okres {raw!r} (oczekiwano {allowed})")
    if not 1 <= int(month) <= 12:
        raise RowError("okres", f"nieprawidłowy miesiąc w okresie {raw!r}")
    return f"{year}-{int(month):02d}"


def parse_date(raw: str, column: str) -> date | None:
    value = raw.strip()
    if not value:
        return None
    try:
        if match := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", value):
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
        return date.fromisoformat(value)
    except ValueError as error:
        raise RowError(column, f"nieprawidłowa data {raw!r} (RRRR-MM-DD lub DD.MM.RRRR)") from error


def parse(text: str) -> Extract:
    rows = csv.reader(text.splitlines(), delimiter=";", quotechar='"')
    header: list[str] | None = None
    extract = Extract(format_name=FORMAT_NAME, company_priority=0)
    errors: list[str] = []
    explicit: dict[str, CompanyRecord] = {}
    named: dict[str, str] = {}

    for cells in rows:
        line = rows.line_num
        if not any(cell.strip() for cell in cells) or cells[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [_header_name(cell) for cell in cells]
            unknown = [raw for raw, name in zip(cells, header, strict=True) if name not in COLUMNS]
            if unknown:
                raise ParseError(f"nieznane kolumny: {', '.join(unknown)}", format_name=FORMAT_NAME)
            if len(set(header)) != len(header):
                raise ParseError("powtórzona kolumna w nagłówku", format_name=FORMAT_NAME)
            continue
        if len(cells) > len(header):
            errors.append(f"wiersz {line}: więcej pól ({len(cells)}) niż kolumn ({len(header)})")
            continue
        values = {name: cells[i].strip() if i < len(cells) else "" for i, name in enumerate(header)}
        try:
            _row(values, extract, explicit, named)
        except RowError as error:
            where = f"wiersz {line}" + (f", kolumna {error.column}" if error.column else "")
            errors.append(f"{where}: {error.message}")
        except ParseError as error:
            errors.append(f"wiersz {line}: {error.reason}")

    if header is None:
        raise ParseError("brak wiersza nagłówka", format_name=FORMAT_NAME)
    if errors:
        listed = "; ".join(errors[:MAX_LISTED_ERRORS])
        more = (
            f" (i {len(errors) - MAX_LISTED_ERRORS} więcej)"
            if len(errors) > MAX_LISTED_ERRORS
            else ""
        )
        raise ParseError(
            f"błędnych wierszy: {len(errors)} — {listed}{more}", format_name=FORMAT_NAME
        )

    extract.companies = list(explicit.values())
    extract.explicit_nips = set(explicit)
    for nip, name in named.items():
        if nip not in explicit:
            extract.add_company(nip, name)
    return extract


def _row(
    values: dict[str, str],
    extract: Extract,
    explicit: dict[str, CompanyRecord],
    named: dict[str, str],
) -> None:
    kind = fold(values.get("typ", ""))
    if kind not in COLUMNS_BY_TYPE:
        raise RowError(
            "typ", f"nieznany typ {values.get('typ', '')!r} (firma, zus, podatek, zestawienie)"
        )
    allowed = COLUMNS_BY_TYPE[kind] | {"typ"}
    misplaced = [name for name, value in values.items() if value and name not in allowed]
    if misplaced:
        raise RowError(misplaced[0], f"kolumna nie dotyczy wiersza typu {kind}")
    try:
        nip = normalize_nip(values.get("nip"))
    except ValueError as error:
        raise RowError("nip", str(error)) from error
    name = values.get("nazwa", "")

    if kind == "firma":
        if nip in explicit:
            raise RowError("nip", "ta firma występuje w pliku drugi raz")
        explicit[nip] = _company(values, nip, name)
        return
    if name:
        named.setdefault(nip, name)
    company = CompanyRef(nip=nip)
    if kind == "zus":
        extract.zus.append(_zus(values, company))
    elif kind == "podatek":
        extract.taxes.append(_tax(values, company))
    else:
        extract.statements.append(
            build(
                StatementRecord,
                "zestawienie",
                company=company,
                period=parse_period(values.get("okres", ""), quarters=False),
                revenue=parse_amount(values.get("przychody", ""), "przychody"),
                costs=parse_amount(values.get("koszty", ""), "koszty"),
                comment=values.get("komentarz") or None,
            )
        )


def _settlement(raw: str, allowed: type[TaxSettlement] | type[ZusSettlement]) -> Any:
    value = raw.strip().upper() or "D"
    try:
        return allowed(value)
    except ValueError as error:
        options = ", ".join(member.value for member in allowed)
        raise RowError(
            "rozliczenie", f"nieznane rozliczenie {raw!r} (dozwolone: {options})"
        ) from error


def _zus(values: dict[str, str], company: CompanyRef) -> ZusRecord:
    social = parse_amount(values.get("spoleczne", ""), "spoleczne")
    health = parse_amount(values.get("zdrowotne", ""), "zdrowotne")
    labour_fund = parse_amount(values.get("fundusz_pracy", ""), "fundusz_pracy", required=False)
    fgsp = parse_amount(values.get("fgsp", ""), "fgsp", required=False)
    total = parse_amount(values.get("razem", ""), "razem", required=False)
    assert social is not None and health is not None  # required amounts
    labour_fund = labour_fund or Decimal("0.00")
    if total is None:
        total = social + health + labour_fund + (fgsp or Decimal("0.00"))
    pesel = values.get("pesel") or None
    if pesel is not None and not re.fullmatch(r"\d{11}", pesel):
        raise RowError("pesel", f"nieprawidłowy PESEL {pesel!r} (11 cyfr)")
    return build(
        ZusRecord,
        "zus",
        company=company,
        period=parse_period(values.get("okres", ""), quarters=False),
        settlement=_settlement(values.get("rozliczenie", ""), ZusSettlement),
        person=values.get("osoba", ""),
        pesel=pesel,
        social=social,
        health=health,
        labour_fund=labour_fund,
        fgsp=fgsp,
        total=total,
        due_date=parse_date(values.get("termin", ""), "termin"),
    )


def _tax(values: dict[str, str], company: CompanyRef) -> TaxRecord:
    raw_kind = values.get("rodzaj", "")
    kind = TAX_KINDS.get(fold(raw_kind))
    if kind is None:
        options = ", ".join(k.value for k in TaxKind)
        raise RowError("rodzaj", f"nieznany rodzaj podatku {raw_kind!r} (dozwolone: {options})")
    return build(
        TaxRecord,
        "podatek",
        company=company,
        kind=kind,
        period=parse_period(values.get("okres", ""), quarters=True),
        settlement=_settlement(values.get("rozliczenie", ""), TaxSettlement),
        amount=parse_amount(values.get("kwota", ""), "kwota"),
        due_date=parse_date(values.get("termin", ""), "termin"),
    )


def _company(values: dict[str, str], nip: str, name: str) -> CompanyRecord:
    if not name:
        raise RowError("nazwa", "wiersz firma wymaga nazwy")
    fields: dict[str, Any] = {"nip": nip, "name": name}
    for column, key in (
        ("pesel", "pesel"),
        ("regon", "regon"),
        ("vat_ue", "vat_ue"),
        ("email", "email"),
        ("telefon", "phone"),
        ("adres", "address"),
    ):
        if values.get(column):
            fields[key] = values[column]
    if raw := values.get("forma_opodatkowania"):
        if fold(raw) not in TAX_FORMS:
            raise RowError(
                "forma_opodatkowania", f"nieznana forma {raw!r} ({', '.join(sorted(TAX_FORMS))})"
            )
        fields["tax_form"] = fold(raw)
    if raw := values.get("okres_vat"):
        if fold(raw) not in VAT_PERIODS:
            raise RowError("okres_vat", f"nieznany okres VAT {raw!r} (miesieczny, kwartalny, brak)")
        fields["vat_period"] = VAT_PERIODS[fold(raw)]
    if raw := values.get("termin_zus"):
        if raw not in {"5", "15", "20"}:
            raise RowError("termin_zus", f"termin ZUS {raw!r}: dozwolone 5, 15 lub 20")
        fields["zus_payer"] = int(raw)
    return build(CompanyRecord, "firma", **fields)
