"""SMS messages: length and parts (GSM-7 / UCS-2), transliteration, cost, recipients, gateway port.

Rules (DOMAIN.md 9.3): a GSM-7 message holds 160 characters in one part and 153 per part
when split; UCS-2 holds 70 and 67. The GSM 03.38 basic set has no Polish letters, so one
``ą ć ę ł ń ó ś ź ż`` (or a capital) switches the whole message to UCS-2. ``ó``/``Ó`` are
not in the basic set either: it has ``ò`` (0x08) and ``ö``/``Ö``, never ``ó``. Characters
of the extension table (``^ { } \\ [ ~ ] | €`` and form feed) cost two septets, an escape
and the character. UCS-2 length is counted in UTF-16 code units, so an emoji outside the
Basic Multilingual Plane costs two.

Parts are filled greedily: an escape pair (two septets) or a surrogate pair (two code units)
is never split across parts, which is how encoders behave and never underestimates the count.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, Protocol

from domain.errors import DomainError, ValidationError
from domain.identifiers import normalize_phone

Encoding = Literal["GSM-7", "UCS-2"]

GSM7_SINGLE = 160
GSM7_PER_PART = 153
UCS2_SINGLE = 70
UCS2_PER_PART = 67

# GSM 03.38 default alphabet (0x1B, the escape to the extension table, is left out).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# GSM 03.38 extension table: each costs two septets (escape + character).
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

# The office option "zamieniaj polskie znaki" plus typography that word processors and
# phones insert; everything here maps to GSM-7 basic characters.
_TRANSLITERATION = {
    "ą": "a",
    "ć": "c",
    "ę": "e",
    "ł": "l",
    "ń": "n",
    "ó": "o",
    "ś": "s",
    "ź": "z",
    "ż": "z",
    "Ą": "A",
    "Ć": "C",
    "Ę": "E",
    "Ł": "L",
    "Ń": "N",
    "Ó": "O",
    "Ś": "S",
    "Ź": "Z",
    "Ż": "Z",
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‛": "'",
    "′": "'",
    "`": "'",
    "´": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "‟": '"',
    "″": '"',
    "«": '"',
    "»": '"',
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "-",
    "—": "-",
    "―": "-",
    "−": "-",
    "…": "...",
    "•": "-",
    "\u00a0": " ",  # no-break space
    "\u2007": " ",  # figure space
    "\u2009": " ",  # thin space
    "\u202f": " ",  # narrow no-break space
    "\t": " ",
    "\u00ad": "",  # soft hyphen
    "\u200b": "",  # zero-width space
    "\u2060": "",  # word joiner
    "\ufeff": "",  # byte order mark / zero-width no-break space
}

_DUPLICATE_RECIPIENT = "Ten numer jest już na liście odbiorców."


@dataclass(frozen=True)
class SmsLength:
    """How long a message is: ``characters`` are septets (GSM-7) or UTF-16 code units (UCS-2).

    An empty message has 0 parts; ``remaining_in_part`` is what still fits in the last part.
    """

    characters: int
    encoding: Encoding
    parts: int
    per_part: int
    remaining_in_part: int


def is_gsm7(text: str) -> bool:
    """Tell whether every character is in the GSM-7 basic set or its extension table."""
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def measure(text: str) -> SmsLength:
    """Encoding, length and number of parts of ``text`` as it will be sent (not normalised)."""
    if is_gsm7(text):
        units = [2 if ch in GSM7_EXTENSION else 1 for ch in text]
        return _pack(units, "GSM-7", GSM7_SINGLE, GSM7_PER_PART)
    units = [2 if ord(ch) > 0xFFFF else 1 for ch in text]
    return _pack(units, "UCS-2", UCS2_SINGLE, UCS2_PER_PART)


def _pack(units: list[int], encoding: Encoding, single: int, per_part: int) -> SmsLength:
    total = sum(units)
    if total == 0:
        return SmsLength(0, encoding, 0, single, single)
    if total <= single:
        return SmsLength(total, encoding, 1, single, single - total)
    parts, used = 1, 0
    for unit in units:
        if used + unit > per_part:
            parts, used = parts + 1, 0
        used += unit
    return SmsLength(total, encoding, parts, per_part, per_part - used)


def transliterate(text: str) -> str:
    """Replace Polish letters and typographic marks so the message stays in GSM-7.

    Letters with other diacritics that are not in GSM-7 lose their marks (``á`` → ``a``);
    GSM-7 letters (``é``, ``ö``, ``ñ``…) are kept. Anything else (emoji) is left as it is.
    """
    result: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in GSM7_BASIC or ch in GSM7_EXTENSION:
            result.append(ch)
        elif ch in _TRANSLITERATION:
            result.append(_TRANSLITERATION[ch])
        else:
            result.append(_strip_marks(ch))
    return "".join(result)


def _strip_marks(ch: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    return base if base and is_gsm7(base) else ch


def estimate_cost(length: SmsLength, recipients: int, points_per_part: Decimal) -> Decimal:
    """Points (or money) for sending the message to ``recipients`` numbers: parts × price."""
    if recipients < 0:
        raise ValueError("recipients must not be negative")
    if points_per_part < 0:
        raise ValueError("points_per_part must not be negative")
    return points_per_part * length.parts * recipients


@dataclass(frozen=True)
class RecipientCheck:
    """One typed number: ``normalized`` (``+48…``) when valid, else a Polish ``error``."""

    raw: str
    normalized: str | None
    error: str | None

    @property
    def ok(self) -> bool:
        return self.error is None


def check_recipients(numbers: Iterable[str]) -> list[RecipientCheck]:
    """Check each number as a Polish mobile; a repeated number is reported, not sent twice."""
    seen: set[str] = set()
    checks: list[RecipientCheck] = []
    for raw in numbers:
        try:
            normalized = normalize_phone(raw, field="to")
        except ValidationError as error:
            message = next(iter(error.errors.values()), error.message)
            checks.append(RecipientCheck(raw, None, message))
            continue
        if normalized in seen:
            checks.append(RecipientCheck(raw, normalized, _DUPLICATE_RECIPIENT))
            continue
        seen.add(normalized)
        checks.append(RecipientCheck(raw, normalized, None))
    return checks


@dataclass(frozen=True)
class SmsSent:
    """One message accepted by the gateway; ``number`` as the gateway reports it."""

    message_id: str
    points: Decimal
    number: str


class SmsRejected(DomainError):
    """The gateway refused the message for good (bad numbers, token, sender, no points).

    ``message`` is the Polish explanation; ``code`` and ``gateway_message`` are what the
    gateway said (``code`` is None when the refusal came only as an HTTP status).
    """

    def __init__(
        self,
        message: str,
        *,
        code: int | None = None,
        gateway_message: str = "",
        invalid_numbers: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.code = code
        self.gateway_message = gateway_message
        self.invalid_numbers = invalid_numbers


class SmsGateway(Protocol):
    """Sends one text to one or more numbers (comma-joined).

    Raises ``SmsRejected`` for permanent refusals and ``domain.errors.Retryable`` for
    temporary problems (time-out, connection, server errors).
    """

    async def send(self, to: str, message: str) -> list[SmsSent]: ...
