"""Polish mobile phone numbers: normalizing what a person typed to E.164 and showing it."""

from __future__ import annotations

import re

from domain.errors import ValidationError
from domain.identifier_checks import is_ascii_digits

MOBILE_NUMBER_LENGTH = 9
POLAND_CALLING_CODE = "+48"

_PHONE_SEPARATORS = re.compile(r"[\s\-]")

_PHONE_EMPTY = "Podaj numer telefonu komórkowego."
_PHONE_FORMAT = "Numer telefonu może zawierać tylko cyfry, spacje, myślniki i +48 na początku."
_PHONE_LENGTH = "Numer telefonu komórkowego ma 9 cyfr (bez +48). Sprawdź, czy niczego nie brakuje."
_PHONE_FOREIGN = "Podaj polski numer komórkowy: z +48 na początku albo bez numeru kierunkowego."
_PHONE_NOT_MOBILE = (
    "To nie wygląda na polski numer komórkowy: powinien zaczynać się od 45, 5, 6, 7 albo 8."
)


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
    if not is_ascii_digits(national):
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
