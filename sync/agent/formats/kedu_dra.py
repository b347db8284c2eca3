"""KEDU files (Płatnik and other programs that write ZUS's exchange format) with ZUS DRA.

Every ``ZUSDRA`` in the file (also inside a ``zestaw``) becomes one ``zus`` entry plus the
payer's company; other documents (RCA, RSA, ZUA...) carry no totals to show and are ignored.

- period: block I, ``I/p2/p2`` (``RRRR-MM``);
- payer: block II, NIP ``II/p1``, name = short name ``II/p6`` or first name ``p8`` + surname ``p7``;
- settlement from the declaration identifier ``I/p2/p1``: ``01`` is the declaration for the
  month (D), ``02``-``39`` its corrections (K); in the higher ranges (40-49, 50-59, ... 90-99)
  the first number of the range is a declaration and the rest are corrections;
- social = ``IV/p37`` (social contributions due, the block's total);
- health = ``VI/p7`` (health contribution to pay);
- labour fund = ``VII/p1`` (Fundusz Pracy and Fundusz Solidarnościowy), FGŚP = ``VII/p2``;
- total = social + health + ``VII/p3`` (FP + FS + FGŚP) + ``VIII/p3`` (FEP).

A field left out of a KEDU block means zero. Only KEDU 5.x namespaces (``http://www.zus.pl/
<year>/KEDU_5...``) are read: older KEDU 4 files number the DRA blocks differently.
"""

from __future__ import annotations

import re
from decimal import Decimal

from lxml import etree

from sync.schemas import CompanyRef, ZusRecord, ZusSettlement

from .base import Extract, ParseError, build, find, local, normalize_nip, text, xml_amount

NAMESPACE = re.compile(r"^http://www\.zus\.pl/(\d{4})/KEDU_(\d+)(?:_(\d+))*$")
PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
ZERO = Decimal("0.00")


def is_kedu(namespace: str | None, root_name: str) -> bool:
    return root_name == "KEDU" and namespace is not None and bool(NAMESPACE.match(namespace))


def is_supported(namespace: str) -> bool:
    match = NAMESPACE.match(namespace)
    return match is not None and match.group(2) == "5"


def format_name(namespace: str) -> str:
    return "KEDU " + namespace.rsplit("/", 1)[-1].removeprefix("KEDU_").replace("_", ".")


def settlement_of(identifier: str) -> ZusSettlement:
    if not re.fullmatch(r"\d{2}", identifier) or identifier == "00":
        raise ParseError(f"nieprawidłowy identyfikator deklaracji {identifier!r}")
    number = int(identifier)
    first_of_range = 1 if number < 40 else number - number % 10
    return ZusSettlement.D if number == first_of_range else ZusSettlement.K


def _amount(block: etree._Element | None, field: str, where: str) -> Decimal:
    raw = text(block, field)
    return ZERO if raw is None else xml_amount(raw, f"{where} {field}")


def parse(root: etree._Element, namespace: str) -> Extract:
    name = format_name(namespace)
    if not is_supported(namespace):
        raise ParseError(
            f"nieobsługiwana wersja KEDU ({namespace}); agent czyta KEDU 5.x", format_name=name
        )
    program_block = find(root, "naglowek.KEDU", "program")
    program = text(program_block, "symbol")
    extract = Extract(format_name=name, program=program, company_priority=2)

    declarations = [
        element
        for element in root.iter()
        if isinstance(element.tag, str) and local(element) == "ZUSDRA"
    ]
    if not declarations:
        extract.notes.append("plik KEDU nie zawiera deklaracji ZUS DRA: nic do wysłania")
        return extract

    for number, dra in enumerate(declarations, start=1):
        where = f"ZUS DRA nr {number} (id_dokumentu {dra.get('id_dokumentu', '?')})"
        try:
            extract.zus.append(_declaration(dra, extract))
        except ParseError as error:
            raise ParseError(f"{where}: {error.reason}") from error
    return extract


def _declaration(dra: etree._Element, extract: Extract) -> ZusRecord:
    identifier = text(dra, "I", "p2", "p1")
    period = text(dra, "I", "p2", "p2")
    if identifier is None or period is None:
        raise ParseError("brak identyfikatora lub okresu deklaracji (blok I, p2)")
    if not PERIOD.match(period):
        raise ParseError(f"nieprawidłowy okres {period!r} (oczekiwano RRRR-MM)")

    payer = find(dra, "II")
    try:
        nip = normalize_nip(text(payer, "p1"))
    except ValueError as error:
        raise ParseError(f"płatnik (blok II p1): {error}") from error
    payer_name = text(payer, "p6") or " ".join(
        part for part in (text(payer, "p8"), text(payer, "p7")) if part
    )
    if not payer_name:
        raise ParseError("brak nazwy płatnika (blok II p6 lub p7/p8)")
    extract.add_company(nip, payer_name)

    social = _amount(find(dra, "IV"), "p37", "blok IV")
    health = _amount(find(dra, "VI"), "p7", "blok VI")
    funds = find(dra, "VII")
    labour_fund = _amount(funds, "p1", "blok VII")
    fgsp = _amount(funds, "p2", "blok VII") if text(funds, "p2") is not None else None
    funds_total = (
        _amount(funds, "p3", "blok VII")
        if text(funds, "p3") is not None
        else labour_fund + (fgsp or ZERO)
    )
    fep = _amount(find(dra, "VIII"), "p3", "blok VIII")

    return build(
        ZusRecord,
        "deklaracja",
        company=CompanyRef(nip=nip),
        period=period,
        settlement=settlement_of(identifier),
        social=social,
        health=health,
        labour_fund=labour_fund,
        fgsp=fgsp,
        total=social + health + funds_total + fep,
    )
