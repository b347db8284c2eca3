"""Choose a parser by what a file contains, never by its name.

XML: the root element and its namespace (``JPK`` in a JPK_V7M/V7K, JPK_PKPIR or JPK_EWP
namespace; ``KEDU`` in a ZUS KEDU namespace). Text: a CSV whose header has a ``typ`` column.

- a file of a supported family that cannot be read (truncated XML, an unknown version of a
  JPK we read, a bad CSV row) raises ``ParseError`` with the reason: it is an error;
- anything else (a JPK_FA, a PDF, a note) raises ``UnsupportedFile``: it is skipped and listed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from lxml import etree

from . import csv_records, jpk_ewp, jpk_kpir, jpk_v7, kedu_dra
from .base import Extract, ParseError, UnsupportedFile, find, parse_xml, sniff_root

JPK_FAMILIES = {
    **dict.fromkeys(jpk_v7.FAMILY, "JPK_V7M / JPK_V7K"),
    **dict.fromkeys(jpk_kpir.FAMILY, "JPK_PKPIR"),
    **dict.fromkeys(jpk_ewp.FAMILY, "JPK_EWP"),
}


def supported_namespaces() -> dict[str, str]:
    """Every namespace the agent reads, with the format name (for documentation and errors)."""
    names = {ns: jpk_v7.format_name(ns) for ns in jpk_v7.NAMESPACES}
    names |= {ns: jpk_kpir.format_name(ns) for ns in jpk_kpir.NAMESPACES}
    names |= {ns: jpk_ewp.format_name(ns) for ns in jpk_ewp.NAMESPACES}
    return names


def parse_bytes(data: bytes) -> Extract:
    """Detect the format of ``data`` and parse it."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return _parse_xml(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if csv_records.looks_like(data.decode("cp1250", errors="replace")):
            raise ParseError(
                "plik nie jest zapisany w UTF-8 (zapisz go w Excelu jako „CSV UTF-8”)",
                format_name=csv_records.FORMAT_NAME,
            ) from error
        raise UnsupportedFile("nie jest to plik tekstowy UTF-8 ani XML") from error
    if csv_records.looks_like(text):
        return csv_records.parse(text)
    raise UnsupportedFile("nieobsługiwany format (ani JPK, ani KEDU, ani CSV z kolumną typ)")


XmlParser = Callable[[etree._Element, str], Extract]
JPK_PARSERS: tuple[tuple[Collection[str], Callable[[str], str], XmlParser], ...] = (
    (jpk_v7.NAMESPACES, jpk_v7.format_name, jpk_v7.parse),
    (jpk_kpir.NAMESPACES, jpk_kpir.format_name, jpk_kpir.parse),
    (jpk_ewp.NAMESPACES, jpk_ewp.format_name, jpk_ewp.parse),
)


def _parse_xml(data: bytes) -> Extract:
    namespace, root_name = sniff_root(data)
    if root_name == "JPK" and namespace is not None:
        for namespaces, name_of, parse in JPK_PARSERS:
            if namespace in namespaces:
                return _parse_named(data, name_of(namespace), parse, namespace)
        raise _unknown_jpk(data, namespace)
    if namespace is not None and kedu_dra.is_kedu(namespace, root_name):
        return _parse_named(data, kedu_dra.format_name(namespace), kedu_dra.parse, namespace)
    where = f"{{{namespace}}}{root_name}" if namespace else root_name
    raise UnsupportedFile(f"nieobsługiwany dokument XML (element główny {where})")


def _parse_named(data: bytes, name: str, parse: XmlParser, namespace: str) -> Extract:
    root = parse_xml(data, name)
    try:
        return parse(root, namespace)
    except ParseError as error:
        if error.format_name is None:
            error.format_name = name
        raise


def _unknown_jpk(data: bytes, namespace: str) -> Exception:
    """A ``JPK`` root in a namespace we do not know: an unknown version, or another JPK."""
    root = parse_xml(data, "JPK")
    code = find(root, "Naglowek", "KodFormularza")
    system_code = (code.get("kodSystemowy") or code.text or "") if code is not None else ""
    family = re.sub(r"\s*\(.*$", "", system_code).strip()
    if family in JPK_FAMILIES:
        return ParseError(
            f"nieobsługiwana wersja {system_code or family} (przestrzeń nazw {namespace}); "
            f"obsługiwane: {', '.join(sorted(set(supported_namespaces().values())))}",
            format_name=family,
        )
    if family.startswith("JPK_"):
        return UnsupportedFile(f"{system_code}: ten rodzaj JPK nie niesie danych dla Biurka")
    return ParseError(f"nieznana przestrzeń nazw JPK: {namespace}", format_name="JPK")
