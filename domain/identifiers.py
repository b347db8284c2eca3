"""Polish identifiers: NIP, PESEL, REGON, EU VAT, bank accounts, phone numbers and prefixes.

Every ``normalize_*`` function takes what a person typed (spaces, dashes, a country prefix)
and returns the one compact form that is stored, or raises ``ValidationError`` with a Polish
message that says what is wrong and what to do. Checksums come from python-stdnum; the rules
and the worked examples are in DOMAIN.md sections 1 and 2.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from stdnum import iban as stdnum_iban
from stdnum.eu import vat as stdnum_vat
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import pesel as stdnum_pesel
from stdnum.pl import regon as stdnum_regon

from domain.errors import ValidationError


class IdentifierType(StrEnum):
    """Which identifier a company or person is registered under."""

    NIP = "nip"
    PESEL = "pesel"
    VAT_UE = "vat_ue"
    REGON = "regon"


NIP_LENGTH = 10
NRB_LENGTH = 26
PREFIX_MAX_LENGTH = 20
MOBILE_NUMBER_LENGTH = 9
POLAND_CALLING_CODE = "+48"

# DOMAIN.md 2.1: NBP settlement number and the fixed supplementary number of every micro-account.
MICRO_ACCOUNT_FIXED_PART = "10100071" + "222"
MICRO_ACCOUNT_FROM_PESEL = "1"
MICRO_ACCOUNT_FROM_NIP = "2"
# DOMAIN.md 2.2: ZUS's account at NBP, digits 3..13 of every contribution account (NRS).
ZUS_ACCOUNT_ID = "60000002026"
NRS_RANGE_CODE_LENGTH = 3

_ASCII_DIGITS = re.compile(r"[0-9]+")
_ACCOUNT_SEPARATORS = re.compile(r"[\s\-.]")
_IBAN_SHAPE = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]+")
_PHONE_SEPARATORS = re.compile(r"[\s\-]")
_NIP_SEARCH_TERM = re.compile(r"(?:PL)?[\s\-]*[0-9][0-9\s\-]*", re.IGNORECASE)
# Fewer digits than this match too many stored NIPs to be worth a NIP search.
_NIP_SEARCH_MIN_DIGITS = 3
_PREFIX_PUNCTUATION = frozenset("-_/ ")

# Generated NIPs start with 1..9: the first three digits are a tax office code, never 0xx.
_NIP_BODY_MIN = 100_000_000
_NIP_BODY_SPAN = 900_000_000
# A prime stride spreads consecutive seeds over the whole range, so the skips made for
# remainder 10 (one or two steps) never land on the NIP of a neighbouring seed.
_NIP_SEED_STRIDE = 7919


@dataclass(frozen=True)
class _Messages:
    """Polish messages for one kind of number, one per kind of mistake."""

    empty: str
    format: str
    length: str
    checksum: str
    component: str


_NIP_MESSAGES = _Messages(
    empty="Podaj NIP.",
    format="NIP może zawierać tylko cyfry, myślniki, spacje i przedrostek PL. Usuń inne znaki.",
    length="NIP musi mieć 10 cyfr. Sprawdź, czy niczego nie brakuje ani nie ma za dużo.",
    checksum="Ten NIP ma błędną sumę kontrolną. Sprawdź cyfry.",
    component="Ten NIP jest nieprawidłowy. Sprawdź cyfry.",
)
_NIP_ALL_ZEROS = "NIP nie może składać się z samych zer. Wpisz prawdziwy NIP."

_PESEL_MESSAGES = _Messages(
    empty="Podaj numer PESEL.",
    format="PESEL może zawierać tylko cyfry. Usuń litery i inne znaki.",
    length="PESEL musi mieć 11 cyfr. Sprawdź, czy niczego nie brakuje ani nie ma za dużo.",
    checksum="Ten PESEL ma błędną cyfrę kontrolną. Sprawdź cyfry.",
    component="Ten PESEL zawiera nieistniejącą datę urodzenia. Sprawdź pierwsze sześć cyfr.",
)

_REGON_MESSAGES = _Messages(
    empty="Podaj numer REGON.",
    format="REGON może zawierać tylko cyfry. Usuń litery i inne znaki.",
    length="REGON musi mieć 9 albo 14 cyfr. Sprawdź, czy niczego nie brakuje.",
    checksum="Ten REGON ma błędną cyfrę kontrolną. Sprawdź cyfry.",
    component="Ten REGON jest nieprawidłowy. Sprawdź cyfry.",
)
_REGON_ALL_ZEROS = "REGON nie może składać się z samych zer. Wpisz prawdziwy numer."

_VAT_UE_MESSAGES = _Messages(
    empty="Podaj numer VAT UE.",
    format="Ten numer VAT UE ma nieprawidłowy format dla podanego kraju. Sprawdź numer.",
    length="Ten numer VAT UE ma złą liczbę znaków dla podanego kraju. Sprawdź numer.",
    checksum="Ten numer VAT UE ma błędną sumę kontrolną. Sprawdź cyfry.",
    component="Ten numer VAT UE jest nieprawidłowy dla podanego kraju. Sprawdź numer.",
)
_VAT_UE_NO_COUNTRY = (
    "Numer VAT UE musi zaczynać się od kodu kraju UE, np. DE albo FR. Dopisz kod kraju."
)

_NRB_MESSAGES = _Messages(
    empty="Podaj numer rachunku bankowego.",
    format="Numer rachunku może zawierać tylko cyfry i spacje, na początku ewentualnie PL. "
    "Usuń inne znaki.",
    length="Polski numer rachunku ma 26 cyfr. Sprawdź, czy niczego nie brakuje ani nie ma za dużo.",
    checksum="Ten numer rachunku ma błędne cyfry kontrolne. Sprawdź, czy cyfry są przepisane "
    "dobrze.",
    component="Ten numer rachunku jest nieprawidłowy. Sprawdź cyfry.",
)

_FOREIGN_IBAN_MESSAGES = _Messages(
    empty="Podaj numer rachunku bankowego.",
    format="Ten numer IBAN ma złą długość albo układ znaków dla podanego kraju. Sprawdź numer.",
    length="Ten numer IBAN ma złą długość dla podanego kraju. Sprawdź numer.",
    checksum="Ten numer IBAN ma błędne cyfry kontrolne. Sprawdź numer.",
    component="Ten numer IBAN zaczyna się od nieznanego kodu kraju. Sprawdź dwie pierwsze litery.",
)
_NOT_IBAN = (
    "Numer IBAN zaczyna się od kodu kraju i dwóch cyfr kontrolnych, np. DE89, a dalej ma "
    "tylko litery i cyfry. Sprawdź numer."
)

_NOT_ZUS_ACCOUNT = (
    "To nie jest rachunek składkowy ZUS: po dwóch pierwszych cyfrach musi być 6000 0002 026. "
    "Przepisz numer z pisma z ZUS lub z eskladka.pl."
)
_NRS_RANGE_CODE = "Kod zakresu deklaracji to trzy cyfry, np. 001."
_MICRO_ACCOUNT_NEEDS_ONE = (
    "Podaj NIP albo PESEL (dokładnie jeden z nich), aby wyliczyć mikrorachunek."
)
_UNKNOWN_IDENTIFIER_TYPE = "Nieznany rodzaj identyfikatora. Wybierz NIP, PESEL, VAT UE albo REGON."

_PHONE_EMPTY = "Podaj numer telefonu komórkowego."
_PHONE_FORMAT = "Numer telefonu może zawierać tylko cyfry, spacje, myślniki i +48 na początku."
_PHONE_LENGTH = "Numer telefonu komórkowego ma 9 cyfr (bez +48). Sprawdź, czy niczego nie brakuje."
_PHONE_FOREIGN = "Podaj polski numer komórkowy: z +48 na początku albo bez numeru kierunkowego."
_PHONE_NOT_MOBILE = (
    "To nie wygląda na polski numer komórkowy: powinien zaczynać się od 45, 5, 6, 7 albo 8."
)

_PREFIX_TOO_LONG = "Prefiks może mieć najwyżej 20 znaków. Skróć go."
_PREFIX_CHARACTERS = (
    "Prefiks może zawierać tylko litery, cyfry, spacje oraz znaki - _ /. Usuń pozostałe znaki."
)


def _is_ascii_digits(value: str) -> bool:
    # str.isdigit() also accepts superscripts and other scripts' digits.
    return _ASCII_DIGITS.fullmatch(value) is not None


def _validate_with_stdnum(
    validate: Callable[[str], str], value: str, field: str, messages: _Messages
) -> str:
    """Run a stdnum validator and turn its exception into a Polish ``ValidationError``."""
    if not value.strip():
        raise ValidationError.single(field, messages.empty)
    try:
        return validate(value)
    except InvalidLength:
        message = messages.length
    except InvalidChecksum:
        message = messages.checksum
    except InvalidComponent:
        message = messages.component
    except StdnumError:
        # InvalidFormat, and whatever stdnum may add later: the characters are wrong.
        message = messages.format
    raise ValidationError.single(field, message)


def _reject_all_zeros(number: str, field: str, message: str) -> str:
    # The checksum arithmetic accepts all zeros, but no such number is ever issued.
    if set(number) == {"0"}:
        raise ValidationError.single(field, message)
    return number


# --- NIP, PESEL, REGON, EU VAT -----------------------------------------------------------


def normalize_nip(value: str) -> str:
    """Return the 10 digits of a NIP typed with or without dashes, spaces or ``PL``."""
    nip = _validate_with_stdnum(stdnum_nip.validate, value, "nip", _NIP_MESSAGES)
    return _reject_all_zeros(nip, "nip", _NIP_ALL_ZEROS)


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
    return _validate_with_stdnum(stdnum_pesel.validate, value, "pesel", _PESEL_MESSAGES)


def normalize_regon(value: str) -> str:
    """Return a 9- or 14-digit REGON; a 14-digit one must also have a valid 9-digit head."""
    regon = _validate_with_stdnum(stdnum_regon.validate, value, "regon", _REGON_MESSAGES)
    return _reject_all_zeros(regon, "regon", _REGON_ALL_ZEROS)


def normalize_vat_ue(value: str) -> str:
    """Return an EU VAT number in compact upper case with its country prefix (``DE136695976``)."""
    if value.strip():
        _require_vat_country(value)
    return _validate_with_stdnum(stdnum_vat.validate, value, "vat_ue", _VAT_UE_MESSAGES)


def _require_vat_country(value: str) -> None:
    # stdnum reports an unknown country and a wrong inner part with the same exception;
    # only compact() checks the country alone, so ask it first for a precise message.
    try:
        stdnum_vat.compact(value)
    except StdnumError:
        raise ValidationError.single("vat_ue", _VAT_UE_NO_COUNTRY) from None


_NORMALIZERS: dict[IdentifierType, Callable[[str], str]] = {
    IdentifierType.NIP: normalize_nip,
    IdentifierType.PESEL: normalize_pesel,
    IdentifierType.VAT_UE: normalize_vat_ue,
    IdentifierType.REGON: normalize_regon,
}


def normalize_identifier(kind: IdentifierType, value: str) -> str:
    """Normalize ``value`` as the identifier ``kind``; errors are reported on ``identifier``."""
    normalize = _NORMALIZERS.get(kind)
    if normalize is None:
        raise ValidationError.single("identifier", _UNKNOWN_IDENTIFIER_TYPE)
    try:
        return normalize(value)
    except ValidationError as error:
        # One form field holds whichever identifier was chosen, so the message moves there.
        (message,) = error.errors.values()
        raise ValidationError.single("identifier", message) from None


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


# --- Bank accounts, micro-account, ZUS account -------------------------------------------


def _compact_account(value: str) -> str:
    return _ACCOUNT_SEPARATORS.sub("", value).upper()


def normalize_nrb(value: str, field: str = "account") -> str:
    """Return the 26 digits of a Polish account typed as NRB or as ``PL`` IBAN (mod-97 checked)."""
    compact = _compact_account(value)
    if not compact:
        raise ValidationError.single(field, _NRB_MESSAGES.empty)
    digits = compact.removeprefix("PL")
    if not _is_ascii_digits(digits):
        raise ValidationError.single(field, _NRB_MESSAGES.format)
    if len(digits) != NRB_LENGTH:
        raise ValidationError.single(field, _NRB_MESSAGES.length)
    # The settlement-number check digit (DOMAIN.md 1.4) is deliberately not checked: it is
    # optional, and mod-97 already catches every single-digit typo and swap of neighbours.
    if not stdnum_iban.is_valid("PL" + digits):
        raise ValidationError.single(field, _NRB_MESSAGES.checksum)
    return digits


def normalize_bank_account(value: str, field: str = "account") -> str:
    """Return 26 digits for a Polish account, or the compact IBAN for a foreign one."""
    compact = _compact_account(value)
    if not compact:
        raise ValidationError.single(field, _NRB_MESSAGES.empty)
    if compact[0].isdigit() or compact.startswith("PL"):
        return normalize_nrb(compact, field)
    if _IBAN_SHAPE.fullmatch(compact) is None:
        raise ValidationError.single(field, _NOT_IBAN)
    return _validate_with_stdnum(stdnum_iban.validate, compact, field, _FOREIGN_IBAN_MESSAGES)


def format_account(nrb: str) -> str:
    """Show an account the bank way: ``61 1090 1014 …`` (foreign IBANs in groups of 4)."""
    compact = _compact_account(nrb)
    if _is_ascii_digits(compact) and len(compact) == NRB_LENGTH:
        rest = compact[2:]
        groups = [rest[start : start + 4] for start in range(0, len(rest), 4)]
        return " ".join([compact[:2], *groups])
    return stdnum_iban.format(compact)


def _with_check_digits(bban: str) -> str:
    """Prefix the 24-digit account body with its NRB (IBAN mod-97) check digits."""
    return stdnum_iban.calc_check_digits("PL00" + bban) + bban


def tax_micro_account(nip: str | None = None, pesel: str | None = None) -> str:
    """Derive the tax micro-account (26 digits) from exactly one of NIP and PESEL.

    Blank strings count as not given, so a form can pass both fields as they are.
    """
    nip = nip if nip and nip.strip() else None
    pesel = pesel if pesel and pesel.strip() else None
    if nip is not None and pesel is None:
        kind, identifier = MICRO_ACCOUNT_FROM_NIP, normalize_nip(nip)
    elif pesel is not None and nip is None:
        kind, identifier = MICRO_ACCOUNT_FROM_PESEL, normalize_pesel(pesel)
    else:
        raise ValidationError.single("identifier", _MICRO_ACCOUNT_NEEDS_ONE)
    # The identifier is right-padded with zeros to the 24-digit body (DOMAIN.md 2.1).
    bban = (MICRO_ACCOUNT_FIXED_PART + kind + identifier).ljust(NRB_LENGTH - 2, "0")
    return _with_check_digits(bban)


def normalize_nrs(value: str) -> str:
    """Return the 26 digits of a ZUS contribution account (NRS); it must be a ZUS account."""
    nrs = normalize_nrb(value, field="zus_account")
    if nrs[2:13] != ZUS_ACCOUNT_ID:
        raise ValidationError.single("zus_account", _NOT_ZUS_ACCOUNT)
    return nrs


def nrs_matches_nip(nrs: str, nip: str) -> bool:
    """Tell whether the NRS ends with the NIP; a mismatch is only a warning for the caller."""
    nrs_digits = _compact_account(nrs).removeprefix("PL")
    return nrs_digits[-NIP_LENGTH:] == stdnum_nip.compact(nip)


def expected_nrs(nip: str, range_code: str = "001") -> str:
    """Build the NRS ZUS would assign for ``nip`` and a declaration range code (cross-check)."""
    if not (_is_ascii_digits(range_code) and len(range_code) == NRS_RANGE_CODE_LENGTH):
        raise ValidationError.single("range_code", _NRS_RANGE_CODE)
    return _with_check_digits(ZUS_ACCOUNT_ID + range_code + normalize_nip(nip))


# --- Phone numbers and prefixes ----------------------------------------------------------


def normalize_phone(value: str, field: str = "phone") -> str:
    """Return a Polish mobile number as ``+48`` and 9 digits (E.164).

    Accepted first digits: 45, 5, 6, 7, 8. Polish mobile blocks lie there, mixed with
    landline area codes; checking exact blocks would reject numbers when the regulator
    opens new ones, so only ranges that are never mobile (1, 2, 3, 9, other 4x) are refused.
    """
    compact = _PHONE_SEPARATORS.sub("", value)
    if not compact:
        raise ValidationError.single(field, _PHONE_EMPTY)
    national = _without_poland_code(compact, field)
    if not _is_ascii_digits(national):
        raise ValidationError.single(field, _PHONE_FORMAT)
    if len(national) != MOBILE_NUMBER_LENGTH:
        raise ValidationError.single(field, _PHONE_LENGTH)
    if not (national[0] in "5678" or national.startswith("45")):
        raise ValidationError.single(field, _PHONE_NOT_MOBILE)
    return POLAND_CALLING_CODE + national


def _without_poland_code(compact: str, field: str) -> str:
    for calling_code in ("+48", "0048"):
        if compact.startswith(calling_code):
            return compact[len(calling_code) :]
    if compact.startswith(("+", "00")):
        raise ValidationError.single(field, _PHONE_FOREIGN)
    # "48" without + or 00 is the country code only when it leaves exactly 9 digits.
    if len(compact) == MOBILE_NUMBER_LENGTH + 2 and compact.startswith("48"):
        return compact[2:]
    return compact


def format_phone(e164: str) -> str:
    """Show a mobile number as ``+48 600 100 200``."""
    national = normalize_phone(e164).removeprefix(POLAND_CALLING_CODE)
    return f"{POLAND_CALLING_CODE} {national[:3]} {national[3:6]} {national[6:]}"


def validate_prefix(value: str) -> str:
    """Return a company prefix: at most 20 letters, digits, spaces, ``-``, ``_`` or ``/``."""
    # NFC first: a Polish letter typed as base letter + combining mark must count as a letter.
    prefix = unicodedata.normalize("NFC", value).strip()
    if len(prefix) > PREFIX_MAX_LENGTH:
        raise ValidationError.single("prefix", _PREFIX_TOO_LONG)
    if not all(_is_prefix_character(character) for character in prefix):
        raise ValidationError.single("prefix", _PREFIX_CHARACTERS)
    return prefix


def _is_prefix_character(character: str) -> bool:
    return character.isalpha() or _is_ascii_digits(character) or character in _PREFIX_PUNCTUATION
