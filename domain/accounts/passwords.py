"""Password rules and argon2 hashing.

Hashing and verifying cost ~0.1 s of CPU each: callers run them off the event loop
(``asyncio.to_thread``; argon2-cffi releases the GIL).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from domain.errors import ValidationError

MIN_LENGTH = 10
MAX_LENGTH = 256

_hasher = PasswordHasher()


@cache
def common_passwords() -> frozenset[str]:
    """The most common passwords (and Polish favourites), lower-cased."""
    text = resources.files("domain.accounts").joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def check_password_rules(password: str, email: str = "", field: str = "password") -> None:
    """Raise a field error when the password is too short, too common or is the e-mail."""
    if len(password) < MIN_LENGTH:
        raise ValidationError.single(field, f"Hasło musi mieć co najmniej {MIN_LENGTH} znaków.")
    if len(password) > MAX_LENGTH:
        raise ValidationError.single(field, f"Hasło może mieć najwyżej {MAX_LENGTH} znaków.")
    lowered = password.lower()
    local_part = email.split("@", 1)[0].lower()
    if lowered in common_passwords() or len(set(lowered)) < 4:
        raise ValidationError.single(
            field, "To hasło jest zbyt popularne i łatwe do odgadnięcia. Wybierz inne."
        )
    if local_part and len(local_part) >= 4 and local_part in lowered:
        raise ValidationError.single(field, "Hasło nie może zawierać Twojego adresu e-mail.")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """Constant-effort check; an account without a hash still costs one verification."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


_DUMMY_HASH = _hasher.hash("biurko-dummy-password-never-matches")
