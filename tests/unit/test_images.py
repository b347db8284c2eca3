"""Logo checks by content: PNG and JPEG pass; names, size, dimensions and bombs do not."""

from __future__ import annotations

import io
import random
from functools import cache

import pytest
from PIL import Image

from domain.errors import ValidationError
from domain.images import (
    BOMB,
    CORRUPT,
    NOT_AN_IMAGE,
    TOO_LARGE,
    TOO_MANY_PIXELS,
    validate_logo,
)


def image_bytes(
    size: tuple[int, int], image_format: str, mode: str = "RGB", **save: object
) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color=0).save(buffer, image_format, **save)
    return buffer.getvalue()


def noise_png(size: tuple[int, int]) -> bytes:
    pixels = random.Random(1).randbytes(size[0] * size[1] * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, pixels).save(buffer, "PNG")
    return buffer.getvalue()


@cache
def decompression_bomb() -> bytes:
    """A ~100 KB PNG declaring 30000 x 30000 pixels (1-bit, all black, optimized)."""
    return image_bytes((30000, 30000), "PNG", mode="1", optimize=True)


def refusal(data: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_logo(data)
    assert set(caught.value.errors) == {"logo"}
    return caught.value.errors["logo"]


def test_png_passes_with_its_size() -> None:
    assert validate_logo(image_bytes((400, 120), "PNG", mode="RGBA")) == ("PNG", 400, 120)


def test_jpeg_passes_with_its_size() -> None:
    assert validate_logo(image_bytes((640, 200), "JPEG", quality=85)) == ("JPEG", 640, 200)


def test_largest_allowed_dimensions_pass() -> None:
    assert validate_logo(image_bytes((2000, 2000), "PNG", mode="1")) == ("PNG", 2000, 2000)


def test_text_file_named_logo_png_is_refused_by_content() -> None:
    text = b"<svg onload=alert(1)> to nie jest obraz, tylko tekst w pliku logo.png\n"
    assert refusal(text) == NOT_AN_IMAGE


def test_gif_is_refused() -> None:
    assert refusal(image_bytes((100, 50), "GIF", mode="P")) == NOT_AN_IMAGE


def test_width_over_2000_px_is_refused() -> None:
    assert refusal(image_bytes((2001, 10), "PNG")) == TOO_MANY_PIXELS


def test_file_over_1_mb_is_refused_before_it_is_opened() -> None:
    big = noise_png((700, 700))  # random pixels do not compress: about 1.5 MB
    assert len(big) > 1024 * 1024
    assert refusal(big) == TOO_LARGE


def test_exactly_1_mb_is_allowed_by_the_size_check() -> None:
    png = image_bytes((10, 10), "PNG")
    # Trailing bytes after IEND make it 1 MB exactly; the image itself stays valid.
    padded = png + b"\0" * (1024 * 1024 - len(png))
    assert validate_logo(padded) == ("PNG", 10, 10)


def test_decompression_bomb_is_refused_without_decoding() -> None:
    bomb = decompression_bomb()
    assert len(bomb) < 1024 * 1024  # tiny on disk, 900 million pixels when decoded
    assert refusal(bomb) == BOMB


def test_truncated_png_is_refused() -> None:
    png = noise_png((300, 300))
    assert refusal(png[: len(png) // 2]) == CORRUPT


def test_empty_file_is_refused() -> None:
    assert "pusty" in refusal(b"")
