"""Bank accounts: Polish NRB and foreign IBAN numbers, the tax micro-account derived from a
NIP or PESEL, and ZUS contribution accounts (NRS). Rules in DOMAIN.md sections 1.4 and 2."""

from __future__ import annotations

import re

from stdnum import iban as stdnum_iban
from stdnum.pl import nip as stdnum_nip

from domain.errors import ValidationError
from domain.identifier_checks import NumberMessages, is_ascii_digits, validate_with_stdnum
from domain.registry_numbers import NIP_LENGTH, normalize_nip, normalize_pesel

NRB_LENGTH = 26

# DOMAIN.md 2.1: NBP settlement number and the fixed supplementary number of every micro-account.
MICRO_ACCOUNT_FIXED_PART = "10100071" + "222"
MICRO_ACCOUNT_FROM_PESEL = "1"
MICRO_ACCOUNT_FROM_NIP = "2"
# DOMAIN.md 2.2: ZUS's account at NBP, digits 3..13 of every contribution account (NRS).
ZUS_ACCOUNT_ID = "60000002026"
NRS_RANGE_CODE_LENGTH = 3

_ACCOUNT_SEPARATORS = re.compile(r"[\s\-.]")
_IBAN_SHAPE = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]+")

_NRB_MESSAGES = NumberMessages(
    empty="Podaj numer rachunku bankowego.",
    format="Numer rachunku może zawierać tylko cyfry i spacje, na początku ewentualnie PL. "
    "Usuń inne znaki.",
    length="Polski numer rachunku ma 26 cyfr. Sprawdź, czy niczego nie brakuje ani nie ma za dużo.",
    checksum="Ten numer rachunku ma błędne cyfry kontrolne. Sprawdź, czy cyfry są przepisane "
    "dobrze.",
    component="Ten numer rachunku jest nieprawidłowy. Sprawdź cyfry.",
)

_FOREIGN_IBAN_MESSAGES = NumberMessages(
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


def _compact_account(value: str) -> str:
    return _ACCOUNT_SEPARATORS.sub("", value).upper()


def normalize_nrb(value: str, field: str = "account") -> str:
    """Return the 26 digits of a Polish account typed as NRB or as ``PL`` IBAN (mod-97 checked)."""
    compact = _compact_account(value)
    if not compact:
        raise ValidationError.single(field, _NRB_MESSAGES.empty)
    digits = compact.removeprefix("PL")
    if not is_ascii_digits(digits):
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
    return validate_with_stdnum(stdnum_iban.validate, compact, field, _FOREIGN_IBAN_MESSAGES)


def format_account(nrb: str) -> str:
    """Show an account the bank way: ``61 1090 1014 …`` (foreign IBANs in groups of 4)."""
    compact = _compact_account(nrb)
    if is_ascii_digits(compact) and len(compact) == NRB_LENGTH:
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
    if not (is_ascii_digits(range_code) and len(range_code) == NRS_RANGE_CODE_LENGTH):
        raise ValidationError.single("range_code", _NRS_RANGE_CODE)
    return _with_check_digits(ZUS_ACCOUNT_ID + range_code + normalize_nip(nip))
