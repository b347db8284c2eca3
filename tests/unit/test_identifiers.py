"""Tests for domain.identifiers: DOMAIN.md 1–2 worked examples and the forms users type."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.errors import ValidationError
from domain.identifiers import (
    IdentifierType,
    expected_nrs,
    format_account,
    format_nip,
    format_phone,
    generate_valid_nip,
    is_valid_nip,
    normalize_bank_account,
    normalize_identifier,
    normalize_nip,
    normalize_nrb,
    normalize_nrs,
    normalize_pesel,
    normalize_phone,
    normalize_regon,
    normalize_vat_ue,
    nrs_matches_nip,
    search_digits,
    tax_micro_account,
    validate_prefix,
)

WIKIPEDIA_NRB = "61109010140000071219812874"


def error_of(call: Callable[..., object], *args: object, **kwargs: object) -> ValidationError:
    """Call and return the ValidationError it must raise."""
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value


def assert_rejected(
    call: Callable[..., object], value: str, field: str, fragment: str = ""
) -> None:
    """The call rejects ``value`` on ``field`` with a Polish message containing ``fragment``."""
    error = error_of(call, value)
    assert list(error.errors) == [field]
    assert fragment in error.errors[field]
    assert error.errors[field].endswith(".")


def mod97_is_valid(nrb: str) -> bool:
    """DOMAIN.md 1.4 check, written out independently of stdnum."""
    return int(nrb[2:] + "2521" + nrb[:2]) % 97 == 1


# --- NIP ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "5261040828",
        "526-104-08-28",
        "PL5261040828",
        "pl5261040828",
        "PL 526-104-08-28",
        " 526 104 08 28 ",
        "52 61 04 08 28",
    ],
)
def test_nip_accepts_usual_forms(typed: str) -> None:
    assert normalize_nip(typed) == "5261040828"


def test_nip_domain_worked_example() -> None:
    # DOMAIN.md 1.1: weighted sum 203, 203 mod 11 = 5 = last digit.
    assert normalize_nip("8567346215") == "8567346215"
    assert_rejected(normalize_nip, "8567346216", "nip", "sumę kontrolną")


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("", "Podaj NIP"),
        ("   ", "Podaj NIP"),
        ("526104082", "10 cyfr"),
        ("52610408281", "10 cyfr"),
        ("526104082a", "tylko cyfry"),
        ("NIP5261040828", "tylko cyfry"),
        ("DE5261040828", "tylko cyfry"),
        ("5261040829", "sumę kontrolną"),
        ("0000000000", "samych zer"),
        ("PL0000000000", "samych zer"),
    ],
)
def test_nip_rejects(typed: str, fragment: str) -> None:
    assert_rejected(normalize_nip, typed, "nip", fragment)


def test_nip_with_remainder_ten_is_rejected() -> None:
    # 123456789: weighted sum 6+10+21+8+15+24+35+48+63 = 230, 230 mod 11 = 10: never issued.
    assert_rejected(normalize_nip, "1234567890", "nip")


def test_is_valid_nip() -> None:
    assert is_valid_nip("526-104-08-28")
    assert not is_valid_nip("526-104-08-29")
    assert not is_valid_nip("")
    assert not is_valid_nip("0000000000")


def test_format_nip() -> None:
    assert format_nip("5261040828") == "526-104-08-28"
    assert format_nip("PL 8567346215") == "856-734-62-15"
    with pytest.raises(ValidationError):
        format_nip("123")


# --- PESEL --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("44051401359", "44051401359"),  # DOMAIN.md 1.3: born 1944-05-14, male
        ("02211307589", "02211307589"),  # month 21: born 2002-01-13, female
        (" 440514 01359 ", "44051401359"),
        ("44051-401359", "44051401359"),
    ],
)
def test_pesel_accepts(typed: str, expected: str) -> None:
    assert normalize_pesel(typed) == expected


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("", "Podaj numer PESEL"),
        ("4405140135", "11 cyfr"),
        ("440514013590", "11 cyfr"),
        ("4405140135X", "tylko cyfry"),
        ("44051401358", "cyfrę kontrolną"),
        ("02381307589", "datę urodzenia"),  # good checksum, month 38 does not exist
        ("00000000000", "datę urodzenia"),  # all zeros: month 00
    ],
)
def test_pesel_rejects(typed: str, fragment: str) -> None:
    assert_rejected(normalize_pesel, typed, "pesel", fragment)


# --- REGON --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["192598184", "123456785", "12345678512347", "123-456-785", "12345678 512347"],
)
def test_regon_accepts_domain_examples(typed: str) -> None:
    assert normalize_regon(typed) == typed.replace("-", "").replace(" ", "")


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("", "Podaj numer REGON"),
        ("19259818", "9 albo 14"),
        ("1925981841", "9 albo 14"),
        ("19259818A", "tylko cyfry"),
        ("192598185", "cyfrę kontrolną"),
        ("12345678512348", "cyfrę kontrolną"),
        ("12345678612347", "cyfrę kontrolną"),  # last digit fine for 13, 9-digit head is not
        ("000000000", "samych zer"),
        ("00000000000000", "samych zer"),
    ],
)
def test_regon_rejects(typed: str, fragment: str) -> None:
    assert_rejected(normalize_regon, typed, "regon", fragment)


# --- EU VAT -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("DE136695976", "DE136695976"),
        ("de 136 695 976", "DE136695976"),
        ("PL 526-104-08-28", "PL5261040828"),
        ("EL094259216", "EL094259216"),  # Greece uses EL, not GR
    ],
)
def test_vat_ue_accepts(typed: str, expected: str) -> None:
    assert normalize_vat_ue(typed) == expected


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("", "Podaj numer VAT UE"),
        ("136695976", "kodu kraju"),
        ("US136695976", "kodu kraju"),
        ("DE136695977", "sumę kontrolną"),
        ("DE13669597", "liczbę znaków"),
        ("DE13669597X", "format"),
    ],
)
def test_vat_ue_rejects(typed: str, fragment: str) -> None:
    assert_rejected(normalize_vat_ue, typed, "vat_ue", fragment)


# --- normalize_identifier and search ------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "typed", "expected"),
    [
        (IdentifierType.NIP, "526-104-08-28", "5261040828"),
        (IdentifierType.PESEL, "44051401359", "44051401359"),
        (IdentifierType.VAT_UE, "de136695976", "DE136695976"),
        (IdentifierType.REGON, "192598184", "192598184"),
    ],
)
def test_normalize_identifier_dispatches(kind: IdentifierType, typed: str, expected: str) -> None:
    assert normalize_identifier(kind, typed) == expected


def test_normalize_identifier_reports_on_identifier_field() -> None:
    error = error_of(normalize_identifier, IdentifierType.NIP, "5261040829")
    assert error.errors == {"identifier": "Ten NIP ma błędną sumę kontrolną. Sprawdź cyfry."}
    error = error_of(normalize_identifier, IdentifierType.PESEL, "")
    assert list(error.errors) == ["identifier"]


def test_normalize_identifier_unknown_kind() -> None:
    error = error_of(normalize_identifier, "krs", "0000012345")
    assert list(error.errors) == ["identifier"]


def test_identifier_type_values() -> None:
    assert [kind.value for kind in IdentifierType] == ["nip", "pesel", "vat_ue", "regon"]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("526-104-08-28", "5261040828"),
        ("5261040828", "5261040828"),
        ("PL5261040828", "5261040828"),
        ("pl 526 104 08 28", "5261040828"),
        ("  526-104  ", "526104"),
        ("Kowalski", None),
        ("Firma 526", None),
        ("", None),
        ("PL", None),
        ("52", None),
        ("526104082812", None),
        ("526-104-08-2a", None),
    ],
)
def test_search_digits(term: str, expected: str | None) -> None:
    assert search_digits(term) == expected


# --- Bank accounts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        WIKIPEDIA_NRB,
        "61 1090 1014 0000 0712 1981 2874",
        "PL61 1090 1014 0000 0712 1981 2874",
        "pl61109010140000071219812874",
        "61-1090-1014-0000-0712-1981-2874",
    ],
)
def test_nrb_accepts_domain_example(typed: str) -> None:
    assert normalize_nrb(typed) == WIKIPEDIA_NRB
    assert mod97_is_valid(WIKIPEDIA_NRB)


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("", "Podaj numer rachunku"),
        ("6110901014000007121981287", "26 cyfr"),
        ("611090101400000712198128744", "26 cyfr"),
        ("61 1090 1014 0000 0712 1981 287X", "tylko cyfry"),
        ("DE61109010140000071219812874", "tylko cyfry"),
        ("61 1090 1014 0000 0712 1981 2875", "cyfry kontrolne"),
        ("16 1090 1014 0000 0712 1981 2874", "cyfry kontrolne"),
        ("00000000000000000000000000", "cyfry kontrolne"),
    ],
)
def test_nrb_rejects(typed: str, fragment: str) -> None:
    assert_rejected(normalize_nrb, typed, "account", fragment)


def test_nrb_reports_on_given_field() -> None:
    error = error_of(normalize_nrb, "123", field="bank_account")
    assert list(error.errors) == ["bank_account"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("PL61 1090 1014 0000 0712 1981 2874", WIKIPEDIA_NRB),
        ("61 1090 1014 0000 0712 1981 2874", WIKIPEDIA_NRB),
        ("DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
        ("gb29 nwbk 6016 1331 9268 19", "GB29NWBK60161331926819"),
    ],
)
def test_bank_account_accepts_polish_and_foreign(typed: str, expected: str) -> None:
    assert normalize_bank_account(typed) == expected


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("", "Podaj numer rachunku"),
        ("DE89 3704 0044 0532 0130 01", "cyfry kontrolne"),
        ("DE89 3704 0044 0532 0130", "cyfry kontrolne"),
        ("DE51 3704 0044 0532 0130 0", "długość"),  # check digits fit, one digit missing
        ("konto", "kodu kraju i dwóch cyfr"),
        ("PL61 1090 1014 0000 0712 1981 2875", "cyfry kontrolne"),
    ],
)
def test_bank_account_rejects(typed: str, fragment: str) -> None:
    assert_rejected(normalize_bank_account, typed, "account", fragment)


def test_format_account() -> None:
    assert format_account(WIKIPEDIA_NRB) == "61 1090 1014 0000 0712 1981 2874"
    assert format_account("DE89370400440532013000") == "DE89 3704 0044 0532 0130 00"


# --- Tax micro-account (DOMAIN.md 2.1) ----------------------------------------------------


def test_micro_account_from_nip_domain_example() -> None:
    account = tax_micro_account(nip="8567346215")
    assert format_account(account) == "88 1010 0071 2222 8567 3462 1500"
    assert mod97_is_valid(account)


def test_micro_account_from_pesel_domain_example() -> None:
    account = tax_micro_account(pesel="44051401359")
    assert format_account(account) == "27 1010 0071 2221 4405 1401 3590"
    assert mod97_is_valid(account)


def test_micro_account_accepts_formatted_nip_and_blank_other() -> None:
    assert tax_micro_account(nip="PL 856-734-62-15", pesel="") == tax_micro_account(
        nip="8567346215"
    )
    assert len(normalize_nrb(tax_micro_account(nip="5261040828"))) == 26


@pytest.mark.parametrize(
    ("nip", "pesel"),
    [(None, None), ("8567346215", "44051401359"), ("", "  ")],
)
def test_micro_account_needs_exactly_one(nip: str | None, pesel: str | None) -> None:
    error = error_of(tax_micro_account, nip=nip, pesel=pesel)
    assert list(error.errors) == ["identifier"]


def test_micro_account_rejects_invalid_identifier() -> None:
    assert list(error_of(tax_micro_account, nip="8567346216").errors) == ["nip"]
    assert list(error_of(tax_micro_account, pesel="44051401358").errors) == ["pesel"]


# --- ZUS contribution account (DOMAIN.md 2.2) ---------------------------------------------

DOMAIN_NRS = "68600000020260018567346215"


def test_expected_nrs_domain_example() -> None:
    assert expected_nrs("8567346215") == DOMAIN_NRS
    assert format_account(DOMAIN_NRS) == "68 6000 0002 0260 0185 6734 6215"
    assert mod97_is_valid(expected_nrs("5261040828", "000"))


def test_expected_nrs_rejects_bad_input() -> None:
    assert list(error_of(expected_nrs, "8567346215", "1").errors) == ["range_code"]
    assert list(error_of(expected_nrs, "8567346215", "00a").errors) == ["range_code"]
    assert list(error_of(expected_nrs, "8567346216").errors) == ["nip"]


@pytest.mark.parametrize(
    "typed", [DOMAIN_NRS, "68 6000 0002 0260 0185 6734 6215", "PL68600000020260018567346215"]
)
def test_nrs_accepts(typed: str) -> None:
    assert normalize_nrs(typed) == DOMAIN_NRS


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("", "Podaj numer rachunku"),
        ("68 6000 0002 0260 0185 6734 621", "26 cyfr"),
        ("68 6000 0002 0260 0185 6734 6216", "cyfry kontrolne"),
        ("61 1090 1014 0000 0712 1981 2874", "6000 0002 026"),  # valid account, not ZUS
        ("88 1010 0071 2222 8567 3462 1500", "6000 0002 026"),  # the tax micro-account
    ],
)
def test_nrs_rejects(typed: str, fragment: str) -> None:
    assert_rejected(normalize_nrs, typed, "zus_account", fragment)


def test_nrs_matches_nip() -> None:
    assert nrs_matches_nip(DOMAIN_NRS, "8567346215")
    assert nrs_matches_nip("68 6000 0002 0260 0185 6734 6215", "PL 856-734-62-15")
    assert not nrs_matches_nip(DOMAIN_NRS, "5261040828")


# --- Phone --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "600 100 200",
        "600-100-200",
        "600100200",
        "+48 600100200",
        "+48 600 100 200",
        "0048600100200",
        "48600100200",
        "+48600100200",
    ],
)
def test_phone_accepts_usual_forms(typed: str) -> None:
    assert normalize_phone(typed) == "+48600100200"


@pytest.mark.parametrize("typed", ["450 100 200", "500 100 200", "790 100 200", "880 100 200"])
def test_phone_accepts_mobile_prefixes(typed: str) -> None:
    assert normalize_phone(typed) == "+48" + typed.replace(" ", "")


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("", "Podaj numer telefonu"),
        ("  ", "Podaj numer telefonu"),
        ("60010020", "9 cyfr"),
        ("6001002001", "9 cyfr"),
        ("+48 60010020", "9 cyfr"),
        ("600 1OO 200", "tylko cyfry"),
        ("tel. 600100200", "tylko cyfry"),
        ("+49 600100200", "polski numer"),
        ("0049600100200", "polski numer"),
        ("22 100 20 00", "komórkowy"),  # Warsaw landline
        ("410 100 200", "komórkowy"),  # 4x other than 45 are landline area codes
        ("900 100 200", "komórkowy"),
        ("100 100 200", "komórkowy"),
    ],
)
def test_phone_rejects(typed: str, fragment: str) -> None:
    assert_rejected(normalize_phone, typed, "phone", fragment)


def test_phone_reports_on_given_field() -> None:
    error = error_of(normalize_phone, "123", field="contact_phone")
    assert list(error.errors) == ["contact_phone"]


def test_format_phone() -> None:
    assert format_phone("+48600100200") == "+48 600 100 200"
    assert format_phone("600-100-200") == "+48 600 100 200"


# --- Prefix -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", ""),
        ("   ", ""),
        (" ABC ", "ABC"),
        ("Łódź-01", "Łódź-01"),
        ("ŻÓŁĆ_ąęśń/2", "ŻÓŁĆ_ąęśń/2"),
        ("Biuro Kraków", "Biuro Kraków"),
        ("A" * 20, "A" * 20),
        (" " + "B" * 20 + " ", "B" * 20),
        ("a\u0328", "ą"),  # a + combining ogonek, as some keyboards send it
    ],
)
def test_prefix_accepts(typed: str, expected: str) -> None:
    assert validate_prefix(typed) == expected


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("A" * 21, "20 znaków"),
        ("ABC#1", "tylko litery"),
        ("ABC.1", "tylko litery"),
        ("A\tB", "tylko litery"),
        ("<script>", "tylko litery"),
    ],
)
def test_prefix_rejects(typed: str, fragment: str) -> None:
    assert_rejected(validate_prefix, typed, "prefix", fragment)


# --- Generated NIPs -----------------------------------------------------------------------


def test_generated_nips_are_valid_and_deterministic() -> None:
    nips = [generate_valid_nip(seed) for seed in range(2000)]
    assert all(is_valid_nip(nip) and nip[0] != "0" for nip in nips)
    assert nips == [generate_valid_nip(seed) for seed in range(2000)]


def test_generated_nips_are_distinct() -> None:
    seeds = range(20_000)
    assert len({generate_valid_nip(seed) for seed in seeds}) == len(seeds)


def test_generated_nip_for_negative_and_huge_seeds() -> None:
    assert is_valid_nip(generate_valid_nip(-1))
    assert is_valid_nip(generate_valid_nip(10**18))
