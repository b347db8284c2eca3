"""Tests for domain.accounts.passwords: the password rules and argon2id hashing."""

from __future__ import annotations

import pytest

from domain.accounts.passwords import (
    MAX_LENGTH,
    MIN_LENGTH,
    check_password_rules,
    common_passwords,
    hash_password,
    verify_password,
)
from domain.errors import ValidationError

TOO_SHORT = "Hasło musi mieć co najmniej 10 znaków."
TOO_LONG = "Hasło może mieć najwyżej 256 znaków."
TOO_COMMON = "To hasło jest zbyt popularne i łatwe do odgadnięcia. Wybierz inne."
CONTAINS_EMAIL = "Hasło nie może zawierać Twojego adresu e-mail."


def rule_error(password: str, email: str = "", field: str = "password") -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        check_password_rules(password, email, field)
    return caught.value.errors


def test_limits() -> None:
    assert MIN_LENGTH == 10
    assert MAX_LENGTH == 256


# --- Length -------------------------------------------------------------------------------


def test_nine_characters_refused() -> None:
    assert rule_error("Kot-Ma-4l") == {"password": TOO_SHORT}


def test_ten_characters_accepted() -> None:
    assert check_password_rules("Kot-Ma-4la") is None


def test_max_length_accepted() -> None:
    password = ("Kot-Ma-4la" * 30)[:MAX_LENGTH]
    assert len(password) == 256
    check_password_rules(password)


def test_one_over_max_length_refused() -> None:
    password = ("Kot-Ma-4la" * 30)[: MAX_LENGTH + 1]
    assert rule_error(password) == {"password": TOO_LONG}


def test_short_common_password_reports_length_first() -> None:
    assert "qwerty" in common_passwords()
    assert rule_error("qwerty") == {"password": TOO_SHORT}


# --- Common and trivial passwords ---------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["1234567890", "qwertyuiop", "zaq12wsxcde", "haslo12345", "password123"],
)
def test_common_passwords_are_in_the_list(password: str) -> None:
    assert password in common_passwords()


@pytest.mark.parametrize(
    "password",
    ["1234567890", "qwertyuiop", "zaq12wsxcde", "Password123", "QWERTYUIOP", "HasLo12345"],
)
def test_common_password_refused_case_insensitively(password: str) -> None:
    assert rule_error(password) == {"password": TOO_COMMON}


def test_common_password_list_is_lower_case_and_clean() -> None:
    words = common_passwords()
    assert len(words) > 100
    assert all(w == w.strip().lower() and w for w in words)


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "abababababab", "abcabcabcabc", "1111122222"])
def test_too_few_distinct_characters_refused(password: str) -> None:
    assert rule_error(password) == {"password": TOO_COMMON}


def test_four_distinct_characters_enough() -> None:
    check_password_rules("abcdabcdabcd")


def test_distinct_characters_counted_case_insensitively() -> None:
    # "aAbB..." has four code points but only two letters once lower-cased.
    assert rule_error("aAbBaAbBaAbB") == {"password": TOO_COMMON}


# --- E-mail ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password", ["jan.kowalski2026!", "Moje-JAN.KOWALSKI-haslo", "xxjan.kowalskixx"]
)
def test_password_containing_email_local_part_refused(password: str) -> None:
    assert rule_error(password, "Jan.Kowalski@biuro.pl") == {"password": CONTAINS_EMAIL}


def test_same_password_accepted_for_another_email() -> None:
    check_password_rules("jan.kowalski2026!", "anna.nowak@biuro.pl")


def test_short_local_part_is_not_checked() -> None:
    # Local parts shorter than four characters would forbid too many good passwords.
    check_password_rules("ola-ma-kota-2026", "ola@biuro.pl")


def test_domain_part_of_email_is_allowed() -> None:
    check_password_rules("biuro-Rachunkowe-77", "jan.kowalski@biuro.pl")


# --- Field name ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "email", "message"),
    [
        ("krotkie", "", TOO_SHORT),
        ("x" * 300, "", TOO_LONG),
        ("1234567890", "", TOO_COMMON),
        ("marek.zielinski!99", "marek.zielinski@example.com", CONTAINS_EMAIL),
    ],
)
def test_error_names_the_given_field(password: str, email: str, message: str) -> None:
    errors = rule_error(password, email, field="new_password")
    assert errors == {"new_password": message}


# --- Hashing -------------------------------------------------------------------------------

PASSWORD = "Zielona-Herbata-42"


@pytest.fixture(scope="module")
def stored_hash() -> str:
    return hash_password(PASSWORD)


def test_hash_is_argon2id(stored_hash: str) -> None:
    assert stored_hash.startswith("$argon2id$")
    assert PASSWORD not in stored_hash


def test_hashes_are_salted(stored_hash: str) -> None:
    assert hash_password(PASSWORD) != stored_hash


def test_verify_round_trip(stored_hash: str) -> None:
    assert verify_password(PASSWORD, stored_hash) is True


@pytest.mark.parametrize("wrong", ["zielona-herbata-42", "Zielona-Herbata-43", "", PASSWORD + " "])
def test_verify_wrong_password(stored_hash: str, wrong: str) -> None:
    assert verify_password(wrong, stored_hash) is False


@pytest.mark.parametrize("missing", [None, ""])
def test_verify_without_hash_is_false(missing: str | None) -> None:
    assert verify_password(PASSWORD, missing) is False
    # Even the password behind the internal dummy hash must not log in an account without one.
    assert verify_password("biurko-dummy-password-never-matches", missing) is False


@pytest.mark.parametrize(
    "garbage",
    [
        "not-a-hash",
        "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$",
        "$2b$12$abcdefghijklmnopqrstuuQ0Q0Q0Q0Q0Q0Q0Q0Q0Q0Q0Q0Q0Q0Q0",
        PASSWORD,
    ],
)
def test_verify_against_garbage_hash_is_false(garbage: str) -> None:
    assert verify_password(PASSWORD, garbage) is False
