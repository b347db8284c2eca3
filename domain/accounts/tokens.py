"""One-time tokens for links in e-mails: random, stored as a SHA-256 hash, expiring, single use."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class TokenPurpose(StrEnum):
    SET_PASSWORD = "set_password"  # noqa: S105 - a purpose name, not a secret
    RESET_PASSWORD = "reset_password"  # noqa: S105 - a purpose name, not a secret
    LOGIN_TICKET = "login_ticket"


TOKEN_LIFETIME = {
    TokenPurpose.SET_PASSWORD: timedelta(hours=72),
    TokenPurpose.RESET_PASSWORD: timedelta(hours=2),
    # A login ticket only carries a verified login from the websocket to the HTTP request
    # that rotates the session cookie, a second later.
    TokenPurpose.LOGIN_TICKET: timedelta(minutes=2),
}


class TokenState(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    USED = "used"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class StoredToken:
    id: int
    purpose: TokenPurpose
    user_kind: str
    user_id: int
    expires_at: datetime
    used_at: datetime | None


def new_token() -> tuple[str, str]:
    """A fresh token and the hash to store; only the hash ever reaches the database."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def expiry_for(purpose: TokenPurpose, now: datetime) -> datetime:
    return now + TOKEN_LIFETIME[purpose]


def token_state(stored: StoredToken | None, purpose: TokenPurpose, now: datetime) -> TokenState:
    if stored is None or stored.purpose is not purpose:
        return TokenState.UNKNOWN
    if stored.used_at is not None:
        return TokenState.USED
    if now >= stored.expires_at:
        return TokenState.EXPIRED
    return TokenState.VALID
