"""Checking an uploaded office logo by its content, never by its name.

A logo must be a PNG or a JPEG of at most 1 MB and 2000 x 2000 pixels. Everything is decided
before a single pixel is decoded: the byte size, then the format and the declared dimensions
from the header (a decompression bomb declares huge dimensions in a tiny file), and only then
is the image verified and decoded in full to catch truncated or corrupt files.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, UnidentifiedImageError

from domain.errors import ValidationError

LOGO_FIELD = "logo"
LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_SIDE = 2000
# The strict pixel limit of this check. Pillow's own limit (Image.MAX_IMAGE_PIXELS) is a
# process-wide global shared with OCR and other threads, so it is not lowered here; this limit
# is applied to the declared size before anything is decoded, which has the same effect.
LOGO_MAX_PIXELS = LOGO_MAX_SIDE * LOGO_MAX_SIDE
LOGO_FORMATS = ("PNG", "JPEG")
CONTENT_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
EXTENSIONS = {"PNG": "png", "JPEG": "jpg"}

EMPTY = "Plik jest pusty. Wybierz obraz PNG albo JPEG."
TOO_LARGE = "Logo może mieć najwyżej 1 MB. Zmniejsz lub skompresuj obraz i spróbuj ponownie."
NOT_AN_IMAGE = (
    "To nie jest obraz PNG ani JPEG (sprawdzamy zawartość pliku, nie jego nazwę). "
    "Zapisz logo jako PNG albo JPEG."
)
TOO_MANY_PIXELS = "Logo może mieć najwyżej 2000 × 2000 pikseli. Zmniejsz obraz i spróbuj ponownie."
BOMB = (
    "Ten obraz deklaruje ogromne wymiary przy małym rozmiarze pliku (tzw. bomba "
    "dekompresyjna), więc go odrzuciliśmy. Zapisz logo ponownie jako zwykły PNG albo JPEG."
)
CORRUPT = (
    "Ten obraz jest uszkodzony albo niekompletny. Zapisz logo ponownie i wgraj je jeszcze raz."
)


def validate_logo(data: bytes) -> tuple[str, int, int]:
    """Return ``(format, width, height)`` of a valid logo (format ``PNG`` or ``JPEG``).

    Raises ``ValidationError`` on the field ``logo`` with a Polish message otherwise. CPU-bound
    for a real image (it decodes it): call it off the event loop.
    """
    if not data:
        raise ValidationError.single(LOGO_FIELD, EMPTY)
    if len(data) > LOGO_MAX_BYTES:
        raise ValidationError.single(LOGO_FIELD, TOO_LARGE)
    image_format, width, height = _header(data)
    if width > LOGO_MAX_SIDE or height > LOGO_MAX_SIDE or width * height > LOGO_MAX_PIXELS:
        raise ValidationError.single(LOGO_FIELD, TOO_MANY_PIXELS)
    _decode(data)
    return image_format, width, height


def _header(data: bytes) -> tuple[str, int, int]:
    """Format and declared size, read from the header only (nothing is decoded)."""
    try:
        with warnings.catch_warnings():
            # Above Pillow's limit it only warns; for a logo that is already a refusal.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=LOGO_FORMATS) as image:
                image_format = str(image.format)
                width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError.single(LOGO_FIELD, BOMB) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError.single(LOGO_FIELD, NOT_AN_IMAGE) from None
    if image_format not in LOGO_FORMATS:
        raise ValidationError.single(LOGO_FIELD, NOT_AN_IMAGE)
    return image_format, width, height


def _decode(data: bytes) -> None:
    """Verify the structure, then decode every pixel: truncated files fail here."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=LOGO_FORMATS) as image:
                image.verify()
            # verify() leaves the image unusable; decoding needs a fresh one.
            with Image.open(io.BytesIO(data), formats=LOGO_FORMATS) as image:
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError.single(LOGO_FIELD, BOMB) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError.single(LOGO_FIELD, CORRUPT) from None


def content_type(image_format: str) -> str:
    return CONTENT_TYPES[image_format]


def extension(image_format: str) -> str:
    return EXTENSIONS[image_format]
