"""Tests for domain.sms: parts and encoding (DOMAIN.md 9.3), transliteration, cost, recipients."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.sms import (
    GSM7_BASIC,
    GSM7_EXTENSION,
    SmsLength,
    check_recipients,
    estimate_cost,
    measure,
    transliterate,
)


def test_empty_message_has_no_parts() -> None:
    assert measure("") == SmsLength(0, "GSM-7", 0, 160, 160)


def test_plain_ascii_is_gsm7() -> None:
    assert measure("Przypominamy o terminie ZUS.") == SmsLength(28, "GSM-7", 1, 160, 132)


@pytest.mark.parametrize(
    ("count", "parts", "per_part", "remaining"),
    [
        (160, 1, 160, 0),
        (161, 2, 153, 145),
        (306, 2, 153, 0),
        (307, 3, 153, 152),
    ],
)
def test_gsm7_part_boundaries(count: int, parts: int, per_part: int, remaining: int) -> None:
    assert measure("a" * count) == SmsLength(count, "GSM-7", parts, per_part, remaining)


@pytest.mark.parametrize(
    ("count", "parts", "per_part", "remaining"),
    [
        (70, 1, 70, 0),
        (71, 2, 67, 63),
        (134, 2, 67, 0),
        (135, 3, 67, 66),
    ],
)
def test_ucs2_part_boundaries(count: int, parts: int, per_part: int, remaining: int) -> None:
    assert measure("ż" * count) == SmsLength(count, "UCS-2", parts, per_part, remaining)


def test_polish_text_of_160_characters_takes_three_ucs2_parts() -> None:
    text = "Zażółć" + "a" * 154
    assert measure(text) == SmsLength(160, "UCS-2", 3, 67, 41)
    assert measure(transliterate(text)) == SmsLength(160, "GSM-7", 1, 160, 0)


def test_extension_characters_count_as_two_septets() -> None:
    assert measure("€" * 80) == SmsLength(160, "GSM-7", 1, 160, 0)
    two = measure("€" * 81)
    assert (two.characters, two.encoding, two.parts, two.per_part) == (162, "GSM-7", 2, 153)


@pytest.mark.parametrize("ch", ["^", "{", "}", "\\", "[", "~", "]", "|", "€", "\f"])
def test_each_extension_character_costs_two(ch: str) -> None:
    length = measure("a" + ch)
    assert (length.encoding, length.characters) == ("GSM-7", 3)


def test_escape_pair_is_not_split_across_parts() -> None:
    # 152 septets then "€": the pair does not fit in the first part's last septet.
    length = measure("a" * 152 + "€" + "a" * 10)
    assert (length.characters, length.parts) == (164, 2)
    assert length.remaining_in_part == 153 - 12


def test_gsm7_letters_with_diacritics_stay_gsm7() -> None:
    assert measure("èéùìòÇØøÅåÄÖÑÜäöñüàß").encoding == "GSM-7"


@pytest.mark.parametrize("letter", list("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"))
def test_every_polish_letter_forces_ucs2(letter: str) -> None:
    assert letter not in GSM7_BASIC and letter not in GSM7_EXTENSION
    assert measure("Termin " + letter).encoding == "UCS-2"


def test_one_polish_letter_switches_the_whole_message() -> None:
    assert measure("ł" + "a" * 69) == SmsLength(70, "UCS-2", 1, 70, 0)
    assert measure("ł" + "a" * 70) == SmsLength(71, "UCS-2", 2, 67, 63)


def test_ucs2_counts_utf16_code_units_for_emoji() -> None:
    assert measure("😀") == SmsLength(2, "UCS-2", 1, 70, 68)
    assert measure("😀" * 35).parts == 1
    # 36 emoji = 72 units: 33 emoji (66 units) fit a 67-unit part, the pair is never split.
    assert measure("😀" * 36) == SmsLength(72, "UCS-2", 2, 67, 61)


def test_transliteration_makes_polish_text_gsm7() -> None:
    text = "Zażółć gęślą jaźń. ZAŻÓŁĆ GĘŚLĄ JAŹŃ"
    assert measure(text).encoding == "UCS-2"
    plain = transliterate(text)
    assert plain == "Zazolc gesla jazn. ZAZOLC GESLA JAZN"
    assert measure(plain) == SmsLength(len(plain), "GSM-7", 1, 160, 160 - len(plain))


def test_transliteration_of_typography() -> None:
    text = "„Faktura” – ‘pilne’ — termin\u00a015\u202fmaja…"
    assert transliterate(text) == "\"Faktura\" - 'pilne' - termin 15 maja..."
    assert measure(transliterate(text)).encoding == "GSM-7"


def test_transliteration_keeps_gsm7_and_handles_decomposed_letters() -> None:
    assert transliterate("café €5 {x}") == "café €5 {x}"
    assert transliterate("e\u0328") == "e"  # ę typed as e + combining ogonek
    assert transliterate("Málaga") == "Malaga"
    assert transliterate("ok 😀") == "ok 😀"


def test_estimate_cost_uses_decimal() -> None:
    length = measure("a" * 161)
    assert estimate_cost(length, 3, Decimal("0.16")) == Decimal("0.96")
    assert estimate_cost(measure(""), 10, Decimal("0.16")) == Decimal("0")
    with pytest.raises(ValueError):
        estimate_cost(length, -1, Decimal("0.16"))


def test_check_recipients_reports_each_number() -> None:
    checks = check_recipients(["600 100 200", "+48 512-345-678", "123", "+49 600100200", ""])
    assert [c.normalized for c in checks] == ["+48600100200", "+48512345678", None, None, None]
    assert [c.ok for c in checks] == [True, True, False, False, False]
    assert checks[0].raw == "600 100 200"
    assert checks[2].error == (
        "Numer telefonu komórkowego ma 9 cyfr (bez +48). Sprawdź, czy niczego nie brakuje."
    )
    assert checks[3].error is not None and "polski numer" in checks[3].error
    assert checks[4].error == "Podaj numer telefonu komórkowego."


def test_check_recipients_flags_duplicates() -> None:
    checks = check_recipients(["600100200", "+48 600 100 200"])
    assert checks[0].error is None
    assert checks[1].normalized == "+48600100200"
    assert checks[1].error == "Ten numer jest już na liście odbiorców."
