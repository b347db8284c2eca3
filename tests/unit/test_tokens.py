"""Tests for domain.accounts.tokens: random link tokens, their hashes, lifetimes and states."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta

import pytest

from domain.accounts.tokens import (
    TOKEN_LIFETIME,
    StoredToken,
    TokenPurpose,
    TokenState,
    expiry_for,
    hash_token,
    new_token,
    token_state,
)

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
URL_SAFE = re.compile(r"^[A-Za-z0-9_-]+$")


def stored(
    purpose: TokenPurpose = TokenPurpose.SET_PASSWORD,
    expires_at: datetime = NOW + timedelta(hours=1),
    used_at: datetime | None = None,
) -> StoredToken:
    return StoredToken(
        id=1,
        purpose=purpose,
        user_kind="staff",
        user_id=7,
        expires_at=expires_at,
        used_at=used_at,
    )


# --- new_token / hash_token ---------------------------------------------------------------


def test_new_token_returns_token_and_its_sha256() -> None:
    token, token_hash = new_token()
    assert token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token_hash == hash_token(token)
    assert re.fullmatch(r"[0-9a-f]{64}", token_hash)
    assert token != token_hash


def test_tokens_are_url_safe_and_long_enough() -> None:
    token, _ = new_token()
    assert URL_SAFE.match(token)
    assert len(token) >= 43  # 32 random bytes, base64url without padding


def test_tokens_are_unique() -> None:
    tokens = [new_token()[0] for _ in range(200)]
    assert len(set(tokens)) == len(tokens)


def test_hash_token_is_deterministic_and_known() -> None:
    known = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert hash_token("abc") == known
    assert hash_token("abc") != hash_token("abd")


# --- Lifetimes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("purpose", "lifetime"),
    [
        (TokenPurpose.SET_PASSWORD, timedelta(hours=72)),
        (TokenPurpose.RESET_PASSWORD, timedelta(hours=2)),
        (TokenPurpose.LOGIN_TICKET, timedelta(minutes=2)),
    ],
)
def test_lifetimes(purpose: TokenPurpose, lifetime: timedelta) -> None:
    assert TOKEN_LIFETIME[purpose] == lifetime
    assert expiry_for(purpose, NOW) == NOW + lifetime


def test_every_purpose_has_a_lifetime() -> None:
    assert set(TOKEN_LIFETIME) == set(TokenPurpose)


# --- token_state ------------------------------------------------------------------------------

EXPIRES = NOW + timedelta(hours=2)


@pytest.mark.parametrize(
    ("now", "used_at", "expected"),
    [
        (NOW, None, TokenState.VALID),
        (EXPIRES - timedelta(microseconds=1), None, TokenState.VALID),
        (EXPIRES, None, TokenState.EXPIRED),  # the boundary instant is already expired
        (EXPIRES + timedelta(seconds=1), None, TokenState.EXPIRED),
        (EXPIRES + timedelta(days=30), None, TokenState.EXPIRED),
        (NOW, NOW - timedelta(minutes=5), TokenState.USED),  # used, though not expired
        (EXPIRES + timedelta(hours=1), NOW, TokenState.USED),  # used wins over expired
    ],
)
def test_token_state(now: datetime, used_at: datetime | None, expected: TokenState) -> None:
    token = stored(TokenPurpose.RESET_PASSWORD, EXPIRES, used_at)
    assert token_state(token, TokenPurpose.RESET_PASSWORD, now) is expected


def test_unknown_when_missing() -> None:
    assert token_state(None, TokenPurpose.SET_PASSWORD, NOW) is TokenState.UNKNOWN


@pytest.mark.parametrize(
    ("stored_purpose", "asked_purpose"),
    [
        (TokenPurpose.SET_PASSWORD, TokenPurpose.RESET_PASSWORD),
        (TokenPurpose.RESET_PASSWORD, TokenPurpose.SET_PASSWORD),
        (TokenPurpose.LOGIN_TICKET, TokenPurpose.SET_PASSWORD),
        (TokenPurpose.SET_PASSWORD, TokenPurpose.LOGIN_TICKET),
    ],
)
def test_unknown_for_wrong_purpose(
    stored_purpose: TokenPurpose, asked_purpose: TokenPurpose
) -> None:
    # Even a used or expired token of another purpose reveals nothing about its state.
    for used_at, expires_at in [(None, EXPIRES), (NOW, EXPIRES), (None, NOW)]:
        token = stored(stored_purpose, expires_at, used_at)
        assert token_state(token, asked_purpose, NOW) is TokenState.UNKNOWN


def test_fresh_set_password_token_valid_until_72_hours() -> None:
    token = stored(TokenPurpose.SET_PASSWORD, expiry_for(TokenPurpose.SET_PASSWORD, NOW))
    later = NOW + timedelta(hours=71, minutes=59)
    assert token_state(token, TokenPurpose.SET_PASSWORD, later) is TokenState.VALID
    at_expiry = NOW + timedelta(hours=72)
    assert token_state(token, TokenPurpose.SET_PASSWORD, at_expiry) is TokenState.EXPIRED
