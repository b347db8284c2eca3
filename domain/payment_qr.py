"""Bank-transfer QR code by the ZBP recommendation "Standard 2D" (DOMAIN.md section 5).

The payload is nine fields joined by ``|``: recipient NIP, country, account (26 digits), amount
in grosze (6 digits), recipient name (max 20), title (max 32) and three reserved fields that
Biurko leaves empty. Name and title are cleaned of characters the standard does not allow and
cut to their maximum length, as both reference implementations do; everything else that does
not fit is refused.
"""

from __future__ import annotations

import re
from decimal import Decimal
from io import BytesIO

import segno

from domain.errors import ValidationError

SEPARATOR = "|"
MAX_PAYLOAD_LENGTH = 160
NAME_MAX = 20
TITLE_MAX = 32
AMOUNT_DIGITS = 6
MAX_AMOUNT = Decimal("9999.99")  # six digits of grosze
RESERVED_FIELDS = ("", "", "")  # direct-debit id, Invoobill id, reserved

NIP_PATTERN = re.compile(r"\d{10}")
ACCOUNT_PATTERN = re.compile(r"\d{26}")
COUNTRY_PATTERN = re.compile(r"[A-Z]{2}")
# Letters (Polish diacritics included), digits, space and , . / \ - @ # & * _ (DOMAIN.md 5).
DISALLOWED_CHARACTERS = re.compile(r"[^0-9A-Za-zĄĆĘŁŃÓŚŹŻąćęłńóśźż ,./\\\-@#&*_]")
# The country code and check digits of the IBAN form, PL = 25 21 (DOMAIN.md 1.4).
PL_DIGITS = "2521"

# The reference implementation encodes at level L; segno raises the level for free whenever
# the symbol would not grow, which only makes scanning easier.
ERROR_CORRECTION = "L"
# Polish letters travel as UTF-8 bytes, as in the reference implementation's test; without an
# ECI header, which some older banking-app scanners do not understand.
ENCODING = "utf-8"

BAD_NIP = "NIP odbiorcy musi mieć 10 cyfr."
BAD_COUNTRY = "Kod kraju musi składać się z dwóch liter, np. PL."
BAD_ACCOUNT = "Numer rachunku musi mieć 26 cyfr i poprawną sumę kontrolną."
BAD_AMOUNT = "Kwota musi mieścić się w przedziale od 0,00 do 9 999,99 zł, z dokładnością do grosza."
EMPTY_NAME = "Podaj nazwę odbiorcy."
EMPTY_TITLE = "Podaj tytuł przelewu."
EMPTY_PAYLOAD = "Brak danych do kodu QR."
BAD_SCALE = "Skala kodu QR musi być dodatnia."


def _digits_only(text: str) -> str:
    return re.sub(r"[\s-]", "", text)


def _clean_nip(recipient_nip: str | None) -> str:
    """Empty for a private-person recipient ("typ 2"), otherwise exactly 10 digits."""
    nip = _digits_only(recipient_nip or "").upper().removeprefix("PL")
    if nip and not NIP_PATTERN.fullmatch(nip):
        raise ValidationError.single("recipient_nip", BAD_NIP)
    return nip


def _clean_country(country: str) -> str:
    code = country.strip().upper()
    if not COUNTRY_PATTERN.fullmatch(code):
        raise ValidationError.single("country", BAD_COUNTRY)
    return code


def _clean_account(account: str) -> str:
    """26 digits of an NRB; the IBAN's PL prefix and spaces are dropped, the checksum checked."""
    number = _digits_only(account).upper().removeprefix("PL")
    if not ACCOUNT_PATTERN.fullmatch(number):
        raise ValidationError.single("account", BAD_ACCOUNT)
    # A typo in the account sends money to a stranger, so the mod-97 check is worth doing.
    if int(number[2:] + PL_DIGITS + number[:2]) % 97 != 1:
        raise ValidationError.single("account", BAD_ACCOUNT)
    return number


def _amount_in_grosze(amount: Decimal) -> str:
    """Six digits of grosze; 000000 lets the payer type the amount in."""
    if not amount.is_finite() or not Decimal(0) <= amount <= MAX_AMOUNT:
        raise ValidationError.single("amount", BAD_AMOUNT)
    grosze = amount * 100
    if grosze != grosze.to_integral_value():
        raise ValidationError.single("amount", BAD_AMOUNT)
    return f"{int(grosze):0{AMOUNT_DIGITS}d}"


def _clean_text(text: str, limit: int, field: str, empty_message: str) -> str:
    """Drop characters outside the standard's set, then cut to the field's maximum length."""
    allowed = " ".join(DISALLOWED_CHARACTERS.sub("", text).split())
    cut = allowed[:limit].rstrip()
    if not cut:
        raise ValidationError.single(field, empty_message)
    return cut


def qr_payload(
    *,
    recipient_nip: str | None,
    country: str = "PL",
    account: str,
    amount: Decimal,
    recipient_name: str,
    title: str,
) -> str:
    """The text to encode in a ZBP "Standard 2D" QR code for one transfer."""
    fields = (
        _clean_nip(recipient_nip),
        _clean_country(country),
        _clean_account(account),
        _amount_in_grosze(amount),
        _clean_text(recipient_name, NAME_MAX, "recipient_name", EMPTY_NAME),
        _clean_text(title, TITLE_MAX, "title", EMPTY_TITLE),
        *RESERVED_FIELDS,
    )
    payload = SEPARATOR.join(fields)
    # Cannot happen with the field limits above (104 characters at most); kept as a guard.
    assert len(payload) <= MAX_PAYLOAD_LENGTH
    return payload


def _make_qr(payload: str) -> segno.QRCode:
    if not payload:
        raise ValidationError.single("payload", EMPTY_PAYLOAD)
    return segno.make_qr(payload, error=ERROR_CORRECTION, encoding=ENCODING, eci=False)


def qr_png(payload: str, scale: int = 6) -> bytes:
    """The QR code as PNG bytes, with the standard four-module quiet zone."""
    if scale < 1:
        raise ValidationError.single("scale", BAD_SCALE)
    buffer = BytesIO()
    _make_qr(payload).save(buffer, kind="png", scale=scale)
    return buffer.getvalue()


def qr_svg(payload: str) -> str:
    """The QR code as an inline SVG element that scales with its container."""
    return str(_make_qr(payload).svg_inline(omitsize=True))
