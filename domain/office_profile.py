"""The office's profile (name, NIP, address and contacts) and the checks of what was typed.

Every field is checked, so the settings page shows all mistakes at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from domain.errors import ValidationError
from domain.identifiers import normalize_nip

EMAIL_ADDRESS = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+")
_PHONE = re.compile(r"\+?[0-9 ()\-]+")
_PHONE_MIN_DIGITS = 9
_PHONE_MAX_DIGITS = 15

NAME_REQUIRED = "Podaj nazwę biura."
NAME_TOO_LONG = "Nazwa biura może mieć najwyżej 200 znaków."
NIP_TAKEN = "Ten NIP ma już inne biuro zarejestrowane w Biurku. Sprawdź cyfry."
EMAIL_INVALID = "Wpisz poprawny adres e-mail, np. biuro@example.pl."
PHONE_INVALID = (
    "Numer telefonu może zawierać tylko cyfry, spacje, nawiasy, myślniki i + na początku "
    "(9 do 15 cyfr)."
)
WEBSITE_INVALID = "Wpisz adres strony, np. https://biuro.pl."
ADDRESS_TOO_LONG = "Adres może mieć najwyżej 300 znaków."


@dataclass(frozen=True)
class OfficeProfile:
    name: str
    nip: str
    address: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""


def clean_profile(profile: OfficeProfile) -> OfficeProfile:
    """The profile normalized, or ``ValidationError`` naming every wrong field."""
    errors: dict[str, str] = {}
    name = " ".join(profile.name.split())
    if not name:
        errors["name"] = NAME_REQUIRED
    elif len(name) > 200:
        errors["name"] = NAME_TOO_LONG
    nip = ""
    try:
        nip = normalize_nip(profile.nip)
    except ValidationError as error:
        errors.update(error.errors)
    address = " ".join(profile.address.split())
    if len(address) > 300:
        errors["address"] = ADDRESS_TOO_LONG
    email = profile.email.strip()
    if email and (len(email) > 254 or not EMAIL_ADDRESS.fullmatch(email)):
        errors["email"] = EMAIL_INVALID
    phone = " ".join(profile.phone.split())
    if phone and not _valid_phone(phone):
        errors["phone"] = PHONE_INVALID
    website = _clean_website(profile.website)
    if website is None:
        errors["website"] = WEBSITE_INVALID
    if errors:
        raise ValidationError(errors)
    return OfficeProfile(name, nip, address, email, phone, website or "")


def _valid_phone(phone: str) -> bool:
    digits = sum(character.isdigit() for character in phone)
    return (
        len(phone) <= 20
        and _PHONE.fullmatch(phone) is not None
        and "+" not in phone[1:]
        and _PHONE_MIN_DIGITS <= digits <= _PHONE_MAX_DIGITS
    )


def _clean_website(value: str) -> str | None:
    """``biuro.pl`` -> ``https://biuro.pl``; "" stays ""; None when it is not a web address."""
    website = value.strip()
    if not website:
        return ""
    if "://" not in website:
        website = "https://" + website
    parts = urlsplit(website)
    host = parts.hostname or ""
    if (
        parts.scheme not in {"http", "https"}
        or "." not in host
        or any(character.isspace() for character in website)
        or len(website) > 200
    ):
        return None
    return website
