"""ZBP "Standard 2D" payment QR codes: DOMAIN.md section 5 examples, validation, real decoding."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
import zxingcpp
from PIL import Image

from domain.errors import ValidationError
from domain.payment_qr import qr_payload, qr_png, qr_svg

EXAMPLE_ACCOUNT = "92124012340001567890123456"
APP_ACCOUNT = "61109010140000071219812874"


def decode_png(png: bytes) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(Image.open(BytesIO(png)))]


def test_recommendation_example_company_with_fixed_amount() -> None:
    payload = qr_payload(
        recipient_nip="1234567890",
        account=EXAMPLE_ACCOUNT,
        amount=Decimal("12.00"),
        recipient_name="Odbiorca 1",
        title="FV 1234/34/2012",
    )
    assert (
        payload == "1234567890|PL|92124012340001567890123456|001200|Odbiorca 1|FV 1234/34/2012|||"
    )


def test_recommendation_example_amount_entered_by_payer() -> None:
    payload = qr_payload(
        recipient_nip="1234567890",
        account=EXAMPLE_ACCOUNT,
        amount=Decimal("0"),
        recipient_name="Odbiorca 1",
        title="FV 1234/34/2012",
    )
    assert (
        payload == "1234567890|PL|92124012340001567890123456|000000|Odbiorca 1|FV 1234/34/2012|||"
    )


def test_recommendation_example_private_person() -> None:
    payload = qr_payload(
        recipient_nip=None,
        account=EXAMPLE_ACCOUNT,
        amount=Decimal("12.00"),
        recipient_name="Odbiorca 1",
        title="Przelew ekspress",
    )
    assert payload == "|PL|92124012340001567890123456|001200|Odbiorca 1|Przelew ekspress|||"


def test_example_built_for_this_app() -> None:
    payload = qr_payload(
        recipient_nip="8567346215",
        account=APP_ACCOUNT,
        amount=Decimal("123.45"),
        recipient_name="Biuro Rachunkowe",
        title="FV 12/01/2026",
    )
    assert (
        payload
        == "8567346215|PL|61109010140000071219812874|012345|Biuro Rachunkowe|FV 12/01/2026|||"
    )
    assert payload.count("|") == 8


@pytest.mark.parametrize(
    ("amount", "field"),
    [
        (Decimal("0.01"), "000001"),
        (Decimal("12.5"), "001250"),
        (Decimal("9999.99"), "999999"),
        (Decimal("100"), "010000"),
    ],
)
def test_amount_in_grosze(amount: Decimal, field: str) -> None:
    payload = qr_payload(
        recipient_nip=None, account=APP_ACCOUNT, amount=amount, recipient_name="A", title="T"
    )
    assert payload.split("|")[3] == field


def test_input_forms_are_normalised() -> None:
    payload = qr_payload(
        recipient_nip="856-734-62-15",
        country="pl",
        account="PL61 1090 1014 0000 0712 1981 2874",
        amount=Decimal("1"),
        recipient_name="  Biuro   Rachunkowe ",
        title="FV 1",
    )
    assert payload == "8567346215|PL|61109010140000071219812874|000100|Biuro Rachunkowe|FV 1|||"


def test_long_name_and_title_are_cut_to_the_standard_lengths() -> None:
    payload = qr_payload(
        recipient_nip=None,
        account=APP_ACCOUNT,
        amount=Decimal("1"),
        recipient_name="Urząd Skarbowy w Warszawie-Śródmieściu",
        title="26M10 VAT-7 Piekarnia Kowalski Sp. j. Warszawa",
    )
    fields = payload.split("|")
    assert fields[4] == "Urząd Skarbowy w War"
    assert len(fields[4]) == 20
    assert fields[5] == "26M10 VAT-7 Piekarnia Kowalski S"
    assert len(fields[5]) == 32


def test_characters_outside_the_standard_are_dropped() -> None:
    payload = qr_payload(
        recipient_nip=None,
        account=APP_ACCOUNT,
        amount=Decimal("1"),
        recipient_name="Firma | (Nowa)",
        title='Zapłata "FV 1" + 2%',
    )
    fields = payload.split("|")
    assert len(fields) == 9
    assert fields[4] == "Firma Nowa"
    assert fields[5] == "Zapłata FV 1 2"


@pytest.mark.parametrize(
    "amount",
    [
        Decimal("10000.00"),
        Decimal("-0.01"),
        Decimal("12.345"),
        Decimal("NaN"),
        Decimal("Infinity"),
    ],
)
def test_amounts_that_do_not_fit_are_refused(amount: Decimal) -> None:
    with pytest.raises(ValidationError) as error:
        qr_payload(
            recipient_nip=None, account=APP_ACCOUNT, amount=amount, recipient_name="A", title="T"
        )
    assert "amount" in error.value.errors


@pytest.mark.parametrize(
    "account",
    [
        "6110901014000007121981287",  # 25 digits
        "611090101400000712198128745",  # 27 digits
        "61109010140000071219812A74",
        "62109010140000071219812874",  # wrong check digits
        "",
    ],
)
def test_bad_accounts_are_refused(account: str) -> None:
    with pytest.raises(ValidationError) as error:
        qr_payload(
            recipient_nip=None,
            account=account,
            amount=Decimal("1"),
            recipient_name="A",
            title="T",
        )
    assert "account" in error.value.errors


@pytest.mark.parametrize("nip", ["123456789", "12345678901", "12345678AB"])
def test_bad_nips_are_refused(nip: str) -> None:
    with pytest.raises(ValidationError) as error:
        qr_payload(
            recipient_nip=nip,
            account=APP_ACCOUNT,
            amount=Decimal("1"),
            recipient_name="A",
            title="T",
        )
    assert "recipient_nip" in error.value.errors


@pytest.mark.parametrize("country", ["POL", "P", "P1", ""])
def test_bad_country_codes_are_refused(country: str) -> None:
    with pytest.raises(ValidationError) as error:
        qr_payload(
            recipient_nip=None,
            country=country,
            account=APP_ACCOUNT,
            amount=Decimal("1"),
            recipient_name="A",
            title="T",
        )
    assert "country" in error.value.errors


@pytest.mark.parametrize(
    ("name", "title", "field"), [("|||", "T", "recipient_name"), ("A", "  ", "title")]
)
def test_empty_name_or_title_is_refused(name: str, title: str, field: str) -> None:
    with pytest.raises(ValidationError) as error:
        qr_payload(
            recipient_nip=None,
            account=APP_ACCOUNT,
            amount=Decimal("1"),
            recipient_name=name,
            title=title,
        )
    assert field in error.value.errors


def test_png_decodes_back_to_the_same_payload() -> None:
    payload = qr_payload(
        recipient_nip="8567346215",
        account=APP_ACCOUNT,
        amount=Decimal("123.45"),
        recipient_name="Biuro Rachunkowe",
        title="FV 12/01/2026",
    )
    png = qr_png(payload)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert decode_png(png) == [payload]


def test_polish_letters_survive_a_real_decoder() -> None:
    payload = qr_payload(
        recipient_nip=None,
        account=APP_ACCOUNT,
        amount=Decimal("1926.76"),
        recipient_name="Żółć Gęślą Jaźń Łódź",
        title="Składki ZUS 26M10 Józef Ćwikła",
    )
    assert "Żółć Gęślą Jaźń Łódź" in payload
    assert decode_png(qr_png(payload, scale=4)) == [payload]


def test_svg_is_an_inline_svg_element() -> None:
    svg = qr_svg("1234567890|PL|92124012340001567890123456|001200|Odbiorca 1|FV 1234/34/2012|||")
    assert svg.startswith("<svg")
    assert "viewBox" in svg
    assert svg.rstrip().endswith("</svg>")


def test_rendering_refuses_empty_payload_and_bad_scale() -> None:
    with pytest.raises(ValidationError):
        qr_png("")
    with pytest.raises(ValidationError):
        qr_svg("")
    with pytest.raises(ValidationError):
        qr_png("x", scale=0)
