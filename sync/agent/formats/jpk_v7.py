"""JPK_V7M and JPK_V7K (VAT records with the declaration), versions 2 and 3.

Mapping (see docs/sync-agent.md):

- company: ``Podmiot1`` NIP and full name (or first name + surname of a natural person);
- one ``taxes`` entry of kind ``vat`` when the file has the declaration part (``Deklaracja``):
  period ``YYYY-MM`` from ``Naglowek/Rok`` + ``Miesiac`` (V7M) or ``YYYY-Qn`` from
  ``Deklaracja/Naglowek/Kwartal`` (V7K), amount ``P_51`` (tax to pay, whole złoty; 0 when
  absent), settlement ``D`` for ``CelZlozenia`` 1 and ``K`` for 2.

A file with the records only (a V7K for the first two months of a quarter, or a correction of
the records alone) has no amount to pay: it yields the company and a note, no tax entry.
"""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from sync.schemas import CompanyRef, TaxKind, TaxRecord, TaxSettlement

from .base import Extract, ParseError, build, find, identity_from_subject, require_text, text

# namespace -> (form, version). Version 2 was published twice (July 2021, then the
# Polski Ład re-issue of December 2021 that programs use); the structure is the same.
NAMESPACES: dict[str, tuple[str, int]] = {
    "http://crd.gov.pl/wzor/2021/07/08/07081/": ("JPK_V7M", 2),
    "http://crd.gov.pl/wzor/2021/12/27/11148/": ("JPK_V7M", 2),
    "http://crd.gov.pl/wzor/2021/07/08/07082/": ("JPK_V7K", 2),
    "http://crd.gov.pl/wzor/2021/12/27/11149/": ("JPK_V7K", 2),
    "http://crd.gov.pl/wzor/2025/12/19/14090/": ("JPK_V7M", 3),
    "http://crd.gov.pl/wzor/2025/12/19/14089/": ("JPK_V7K", 3),
}
FAMILY = ("JPK_V7M", "JPK_V7K")
SETTLEMENTS = {"1": TaxSettlement.D, "2": TaxSettlement.K}


def format_name(namespace: str) -> str:
    form, version = NAMESPACES[namespace]
    return f"{form} ({version})"


def parse(root: etree._Element, namespace: str) -> Extract:
    form, _version = NAMESPACES[namespace]
    header = find(root, "Naglowek")
    code_element = find(header, "KodFormularza")
    system_code = code_element.get("kodSystemowy", "") if code_element is not None else ""
    if system_code and not system_code.replace(" ", "").startswith(form):
        raise ParseError(f"kodSystemowy {system_code!r} nie pasuje do przestrzeni nazw {form}")
    purpose = require_text(header, "CelZlozenia")
    if purpose not in SETTLEMENTS:
        raise ParseError(f"CelZlozenia {purpose!r}: oczekiwano 1 (złożenie) lub 2 (korekta)")
    year = require_text(header, "Rok")
    month = require_text(header, "Miesiac")
    if not (year.isdigit() and len(year) == 4 and month.isdigit() and 1 <= int(month) <= 12):
        raise ParseError(f"nieprawidłowy okres Rok={year!r} Miesiac={month!r}")

    nip, name = identity_from_subject(find(root, "Podmiot1"))
    extract = Extract(format_name=format_name(namespace), program=text(header, "NazwaSystemu"))
    extract.add_company(nip, name)

    declaration = find(root, "Deklaracja")
    if declaration is None:
        extract.notes.append(
            "plik zawiera tylko ewidencję (bez części deklaracyjnej): brak kwoty podatku"
        )
        return extract

    if form == "JPK_V7K":
        quarter = require_text(declaration, "Naglowek", "Kwartal")
        if quarter not in {"1", "2", "3", "4"}:
            raise ParseError(f"Kwartal {quarter!r}: oczekiwano 1-4")
        period = f"{year}-Q{quarter}"
    else:
        period = f"{year}-{int(month):02d}"

    raw_amount = text(declaration, "PozycjeSzczegolowe", "P_51")
    if raw_amount is None:
        amount = Decimal("0.00")
    elif raw_amount.lstrip("-").isdigit():
        amount = Decimal(raw_amount).quantize(Decimal("0.01"))
    else:
        raise ParseError(f"P_51: nieprawidłowa kwota {raw_amount!r} (pełne złote)")

    extract.taxes.append(
        build(
            TaxRecord,
            "P_51",
            company=CompanyRef(nip=nip),
            kind=TaxKind.VAT,
            period=period,
            settlement=SETTLEMENTS[purpose],
            amount=amount,
        )
    )
    return extract
