"""NIP, PESEL, REGON and EU VAT numbers: normalizing what a person typed, showing a NIP,
recognizing a NIP in a search term and generating valid NIPs for demo data."""

from __future__ import annotations

import re

from stdnum.eu import vat as stdnum_vat
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import pesel as stdnum_pesel
from stdnum.pl import regon as stdnum_regon

from domain.errors import ValidationError
from domain.identifier_checks import NumberMessages, reject_all_zeros, validate_with_stdnum

NIP_LENGTH = 10

_NIP_SEARCH_TERM = re.compile(r"(?:PL)?[\s\-]*[0-9][0-9\s\-]*", re.IGNORECASE)
# Fewer digits than this match too many stored NIPs to be worth a NIP search.
_NIP_SEARCH_MIN_DIGITS = 3

# Generated NIPs start with 1..9: the first three digits are a tax office code, never 0xx.
_NIP_BODY_MIN = 100_000_000
_NIP_BODY_SPAN = 900_000_000
# A prime stride spreads consecutive seeds over the whole range, so the skips made for
# remainder 10 (one or two steps) never land on the NIP of a neighbouring seed.
_NIP_SEED_STRIDE = 7919

_NIP_MESSAGES = NumberMessages(
    empty="Podaj NIP.",
    format="NIP może zawierać tylko cyfry, myślniki, spacje i przedrostek PL. Usuń inne znaki.",
    length="NIP musi mieć 10 cyfr. Sprawdź, czy niczego nie brakuje ani nie ma za dużo.",
    checksum="Ten NIP ma błędną sumę kontrolną. Sprawdź cyfry.",
    component="Ten NIP jest nieprawidłowy. Sprawdź cyfry.",
)
_NIP_ALL_ZEROS = "NIP nie może składać się z samych zer. Wpisz prawdziwy NIP."

_PESEL_MESSAGES = NumberMessages(
    empty="Podaj numer PESEL.",
    format="PESEL może zawierać tylko cyfry. Usuń litery i inne znaki.",
    length="PESEL musi mieć 11 cyfr. Sprawdź, czy niczego nie brakuje ani nie ma za dużo.",
    checksum="Ten PESEL ma błędną cyfrę kontrolną. Sprawdź cyfry.",
    component="Ten PESEL zawiera nieistniejącą datę urodzenia. Sprawdź pierwsze sześć cyfr.",
)

_REGON_MESSAGES = NumberMessages(
    empty="Podaj numer REGON.",
    format="REGON może zawierać tylko cyfry. Usuń litery i inne znaki.",
    length="REGON musi mieć 9 albo 14 cyfr. Sprawdź, czy niczego nie brakuje.",
    checksum="Ten REGON ma błędną cyfrę kontrolną. Sprawdź cyfry.",
    component="Ten REGON jest nieprawidłowy. Sprawdź cyfry.",
)
_REGON_ALL_ZEROS = "REGON nie może składać się z samych zer. Wpisz prawdziwy numer."

_VAT_UE_MESSAGES = NumberMessages(
    empty="Podaj numer VAT UE.",
    format="Ten numer VAT UE ma nieprawidłowy format dla podanego kraju. Sprawdź numer.",
    length="Ten numer VAT UE ma złą liczbę znaków dla podanego kraju. Sprawdź numer.",
    checksum="Ten numer VAT UE ma błędną sumę kontrolną. Sprawdź cyfry.",
    component="Ten numer VAT UE jest nieprawidłowy dla podanego kraju. Sprawdź numer.",
)
_VAT_UE_NO_COUNTRY = (
    "Numer VAT UE musi zaczynać się od kodu kraju UE, np. DE albo FR. Dopisz kod kraju."
)


def normalize_nip(value: str) -> str:
    """Return the 10 digits of a NIP typed with or without dashes, spaces or ``PL``."""
    nip = validate_with_stdnum(stdnum_nip.validate, value, "nip", _NIP_MESSAGES)
    return reject_all_zeros(nip, "nip", _NIP_ALL_ZEROS)


def is_valid_nip(value: str) -> bool:
    """Tell whether ``value`` is a NIP that ``normalize_nip`` would accept."""
    try:
        normalize_nip(value)
    except ValidationError:
        return False
    return True


def format_nip(nip: str) -> str:
    """Show a NIP the usual way: ``526-104-08-28``."""
    digits = normalize_nip(nip)
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:8]}-{digits[8:]}"


def normalize_pesel(value: str) -> str:
    """Return the 11 digits of a PESEL; the checksum and the birth date must be right."""
    return validate_with_stdnum(stdnum_pesel.validate, value, "pesel", _PESEL_MESSAGES)


def normalize_regon(value: str) -> str:
    """Return a 9- or 14-digit REGON; a 14-digit one must also have a valid 9-digit head."""
    regon = validate_with_stdnum(stdnum_regon.validate, value, "regon", _REGON_MESSAGES)
    return reject_all_zeros(regon, "regon", _REGON_ALL_ZEROS)


def normalize_vat_ue(value: str) -> str:
    """Return an EU VAT number in compact upper case with its country prefix (``DE136695976``)."""
    if value.strip():
        _require_vat_country(value)
    return validate_with_stdnum(stdnum_vat.validate, value, "vat_ue", _VAT_UE_MESSAGES)


def _require_vat_country(value: str) -> None:
    # stdnum reports an unknown country and a wrong inner part with the same exception;
    # only compact() checks the country alone, so ask it first for a precise message.
    try:
        stdnum_vat.compact(value)
    except StdnumError:
        raise ValidationError.single("vat_ue", _VAT_UE_NO_COUNTRY) from None


def search_digits(term: str) -> str | None:
    """Return the bare digits when a search term looks like a NIP or a piece of one.

    ``526-104-08-28``, ``PL 526 104 08 28`` and ``526-104`` give ``5261040828`` /
    ``526104`` so a list can match them against stored bare NIPs. Terms with letters (other
    than a leading ``PL``), fewer than 3 or more than 10 digits give ``None``.
    """
    candidate = term.strip()
    if _NIP_SEARCH_TERM.fullmatch(candidate) is None:
        return None
    digits = re.sub(r"[^0-9]", "", candidate)
    if not _NIP_SEARCH_MIN_DIGITS <= len(digits) <= NIP_LENGTH:
        return None
    return digits


def generate_valid_nip(seed: int) -> str:
    """Return a valid NIP derived only from ``seed`` (demo data and benchmarks)."""
    offset = seed * _NIP_SEED_STRIDE
    while True:
        body = str(_NIP_BODY_MIN + offset % _NIP_BODY_SPAN)
        # With a 0 in place of the check digit, stdnum's checksum is the check digit itself.
        check_digit = stdnum_nip.checksum(body + "0")
        if check_digit != 10:  # remainder 10: no NIP is issued with this body
            return body + str(check_digit)
        offset += 1
