"""Polish identifiers: NIP, PESEL, REGON, EU VAT, bank accounts, phone numbers and prefixes.

Every ``normalize_*`` function takes what a person typed (spaces, dashes, a country prefix)
and returns the one compact form that is stored, or raises ``ValidationError`` with a Polish
message that says what is wrong and what to do. Checksums come from python-stdnum; the rules
and the worked examples are in DOMAIN.md sections 1 and 2.

The rules live in ``domain.registry_numbers`` (NIP, PESEL, REGON, EU VAT),
``domain.bank_accounts`` (NRB, IBAN, micro-account, NRS) and ``domain.phone_numbers``; this
module keeps the identifier type, company prefixes, and one import path for all of them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from enum import StrEnum

from domain.bank_accounts import (
    MICRO_ACCOUNT_FIXED_PART,
    MICRO_ACCOUNT_FROM_NIP,
    MICRO_ACCOUNT_FROM_PESEL,
    NRB_LENGTH,
    NRS_RANGE_CODE_LENGTH,
    ZUS_ACCOUNT_ID,
    expected_nrs,
    format_account,
    normalize_bank_account,
    normalize_nrb,
    normalize_nrs,
    nrs_matches_nip,
    tax_micro_account,
)
from domain.errors import ValidationError
from domain.identifier_checks import is_ascii_digits
from domain.phone_numbers import (
    MOBILE_NUMBER_LENGTH,
    POLAND_CALLING_CODE,
    format_phone,
    normalize_phone,
)
from domain.registry_numbers import (
    NIP_LENGTH,
    format_nip,
    generate_valid_nip,
    is_valid_nip,
    normalize_nip,
    normalize_pesel,
    normalize_regon,
    normalize_vat_ue,
    search_digits,
)


class IdentifierType(StrEnum):
    """Which identifier a company or person is registered under."""

    NIP = "nip"
    PESEL = "pesel"
    VAT_UE = "vat_ue"
    REGON = "regon"


PREFIX_MAX_LENGTH = 20
_PREFIX_PUNCTUATION = frozenset("-_/ ")

_UNKNOWN_IDENTIFIER_TYPE = "Nieznany rodzaj identyfikatora. Wybierz NIP, PESEL, VAT UE albo REGON."

_PREFIX_TOO_LONG = "Prefiks może mieć najwyżej 20 znaków. Skróć go."
_PREFIX_CHARACTERS = (
    "Prefiks może zawierać tylko litery, cyfry, spacje oraz znaki - _ /. Usuń pozostałe znaki."
)


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
    return character.isalpha() or is_ascii_digits(character) or character in _PREFIX_PUNCTUATION


__all__ = [
    "MICRO_ACCOUNT_FIXED_PART",
    "MICRO_ACCOUNT_FROM_NIP",
    "MICRO_ACCOUNT_FROM_PESEL",
    "MOBILE_NUMBER_LENGTH",
    "NIP_LENGTH",
    "NRB_LENGTH",
    "NRS_RANGE_CODE_LENGTH",
    "POLAND_CALLING_CODE",
    "PREFIX_MAX_LENGTH",
    "ZUS_ACCOUNT_ID",
    "IdentifierType",
    "expected_nrs",
    "format_account",
    "format_nip",
    "format_phone",
    "generate_valid_nip",
    "is_valid_nip",
    "normalize_bank_account",
    "normalize_identifier",
    "normalize_nip",
    "normalize_nrb",
    "normalize_nrs",
    "normalize_pesel",
    "normalize_phone",
    "normalize_regon",
    "normalize_vat_ue",
    "nrs_matches_nip",
    "search_digits",
    "tax_micro_account",
    "validate_prefix",
]
