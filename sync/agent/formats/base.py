"""What every format parser returns, the errors it raises, and the helpers the parsers share.

Messages meant for the office (``ParseError.reason``, notes) are Polish: they are printed in the
agent's summary next to the file name.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from lxml import etree
from pydantic import BaseModel, ValidationError

from sync.schemas import CompanyRecord, StatementRecord, TaxRecord, ZusRecord

NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")
_CENT = Decimal("0.01")

Model = TypeVar("Model", bound=BaseModel)


class ParseError(Exception):
    """The file looks like a supported format but cannot be read; ``reason`` says why."""

    def __init__(self, reason: str, *, format_name: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.format_name = format_name

    def __str__(self) -> str:
        return f"{self.format_name}: {self.reason}" if self.format_name else self.reason


class UnsupportedFile(Exception):
    """Not a format the agent reads: reported as skipped, with the reason, not as an error."""


@dataclass
class Extract:
    """The records one file yields, before they are packed into batches.

    ``companies`` carry the identity found in the file (NIP, name); the batch builder sends a
    company only when the agent has not sent that NIP before, unless the NIP is in
    ``explicit_nips`` (a ``firma`` row of the CSV, which is company data on purpose).
    ``company_priority`` decides whose name wins when several files in one run name the same
    NIP differently (lower wins).
    """

    format_name: str
    program: str | None = None
    companies: list[CompanyRecord] = field(default_factory=list)
    zus: list[ZusRecord] = field(default_factory=list)
    taxes: list[TaxRecord] = field(default_factory=list)
    statements: list[StatementRecord] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    explicit_nips: set[str] = field(default_factory=set)
    company_priority: int = 1

    @property
    def record_count(self) -> int:
        return len(self.zus) + len(self.taxes) + len(self.statements)

    def add_company(self, nip: str, name: str) -> None:
        if all(company.nip != nip for company in self.companies):
            self.companies.append(build(CompanyRecord, "firma", nip=nip, name=name[:200]))


# --- identifiers, amounts, periods ---------------------------------------------------------


def nip_is_valid(nip: str) -> bool:
    """NIP checksum: weights 6,5,7,2,3,4,5,6,7, sum mod 11 equals the last digit (never 10)."""
    if not re.fullmatch(r"\d{10}", nip) or nip == "0000000000":
        return False
    remainder = sum(int(d) * w for d, w in zip(nip, NIP_WEIGHTS, strict=False)) % 11
    return remainder != 10 and remainder == int(nip[9])


def normalize_nip(raw: str | None) -> str:
    """Strip spaces, dashes and a ``PL`` prefix; raise ValueError when it is not a valid NIP."""
    value = re.sub(r"[\s-]", "", raw or "").upper()
    if value.startswith("PL"):
        value = value[2:]
    if not value:
        raise ValueError("brak NIP")
    if not nip_is_valid(value):
        raise ValueError(f"nieprawidłowy NIP {raw!r} (10 cyfr z poprawną cyfrą kontrolną)")
    return value


def xml_amount(text: str | None, what: str) -> Decimal:
    """A decimal written the XML way (``1234.5``, ``-10``), rounded to grosze."""
    value = (text or "").strip()
    if not _DECIMAL.match(value):
        raise ParseError(f"{what}: nieprawidłowa kwota {value!r}")
    try:
        return Decimal(value).quantize(_CENT)
    except InvalidOperation as error:  # pragma: no cover - the regex admits only decimals
        raise ParseError(f"{what}: nieprawidłowa kwota {value!r}") from error


def parse_iso_date(text: str | None, what: str) -> date:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError as error:
        raise ParseError(f"{what}: nieprawidłowa data {text!r} (oczekiwano RRRR-MM-DD)") from error


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def months_between(start: date, end: date) -> list[str]:
    """Every month from the month of ``start`` to the month of ``end``, as ``YYYY-MM``."""
    if end < start:
        raise ParseError(f"data końcowa {end} jest wcześniejsza niż początkowa {start}")
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def build(model: type[Model], what: str, **values: object) -> Model:
    """Construct a schema record; its validation errors become a ParseError."""
    try:
        return model.model_validate(values)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in e['loc']) or what}: {e['msg']}"
            for e in error.errors()
        )
        raise ParseError(f"{what}: {problems}") from error


# --- XML -----------------------------------------------------------------------------------


def _secure_parser() -> etree.XMLParser:
    # No network, no DTD loading and no entity expansion: an export file is data, never code.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def sniff_root(data: bytes) -> tuple[str | None, str]:
    """Namespace and local name of the root element, reading only the start of the document."""
    events = etree.iterparse(
        io.BytesIO(data),
        events=("start",),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )
    try:
        for _event, element in events:
            qname = etree.QName(element)
            return qname.namespace, qname.localname
    except etree.XMLSyntaxError as error:
        raise ParseError(
            f"to nie jest poprawny plik XML (wiersz {error.lineno}): {error.msg}"
        ) from error
    raise ParseError("to nie jest poprawny plik XML: brak elementu głównego")


def parse_xml(data: bytes, format_name: str) -> etree._Element:
    """Parse the whole document securely; a DOCTYPE is refused outright."""
    try:
        root = etree.fromstring(data, parser=_secure_parser())
    except etree.XMLSyntaxError as error:
        raise ParseError(
            f"uszkodzony lub niekompletny XML (wiersz {error.lineno}): {error.msg}",
            format_name=format_name,
        ) from error
    doctype = root.getroottree().docinfo.doctype
    if doctype:
        raise ParseError(
            "plik zawiera deklarację DOCTYPE, której eksporty JPK/KEDU nie mają; "
            "odrzucony ze względów bezpieczeństwa",
            format_name=format_name,
        )
    return root


def local(element: etree._Element) -> str:
    return str(etree.QName(element).localname)


def children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    """Child elements with the given local name, whatever their namespace."""
    for child in element:
        if isinstance(child.tag, str) and local(child) == name:
            yield child


def find(element: etree._Element | None, *path: str) -> etree._Element | None:
    """Follow local names down the tree; None when any step is missing."""
    current = element
    for name in path:
        if current is None:
            return None
        current = next(children(current, name), None)
    return current


def text(element: etree._Element | None, *path: str) -> str | None:
    found = find(element, *path)
    if found is None or found.text is None:
        return None
    value = found.text.strip()
    return value or None


def require_text(element: etree._Element | None, *path: str) -> str:
    value = text(element, *path)
    if value is None:
        raise ParseError(f"brak wymaganego pola {'/'.join(path)}")
    return value


def identity_from_subject(subject: etree._Element | None) -> tuple[str, str]:
    """NIP and name from a JPK ``Podmiot1`` in any of its shapes.

    ``OsobaNiefizyczna`` (NIP, PelnaNazwa), ``OsobaFizyczna`` (NIP, ImiePierwsze, Nazwisko) and
    the older ``IdentyfikatorPodmiotu`` (NIP, PelnaNazwa).
    """
    if subject is None:
        raise ParseError("brak sekcji Podmiot1")
    for shape in ("OsobaNiefizyczna", "IdentyfikatorPodmiotu", "OsobaFizyczna"):
        person = find(subject, shape)
        if person is None:
            continue
        try:
            nip = normalize_nip(text(person, "NIP"))
        except ValueError as error:
            raise ParseError(f"Podmiot1: {error}") from error
        name = text(person, "PelnaNazwa")
        if name is None:
            first, last = text(person, "ImiePierwsze"), text(person, "Nazwisko")
            name = " ".join(part for part in (first, last) if part)
        if not name:
            raise ParseError("Podmiot1: brak nazwy podatnika")
        return nip, name
    raise ParseError("Podmiot1: brak danych podatnika (OsobaFizyczna / OsobaNiefizyczna)")


def check_control(actual: Decimal, declared: Decimal | None, what: str) -> None:
    """Compare a control sum of the file with what its rows add up to."""
    if declared is not None and declared != actual:
        raise ParseError(f"suma kontrolna {what} = {declared}, a wiersze dają {actual}")
