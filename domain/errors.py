"""Domain errors that services raise and the edges (pages, API) translate for the user.

Messages are Polish message ids: the UI passes them through the translation catalog, the API
returns them as they are next to the field path.
"""

from __future__ import annotations

from collections.abc import Mapping


class DomainError(Exception):
    """Base class for every error a service raises on purpose."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The object does not exist, or the actor may not know that it exists."""

    def __init__(self, message: str = "Nie znaleziono.") -> None:
        super().__init__(message)


class PermissionDenied(DomainError):
    """The actor is known but may not do this."""

    def __init__(self, message: str = "Nie masz uprawnień do tej operacji.") -> None:
        super().__init__(message)


class Conflict(DomainError):
    """The change collides with existing data (a duplicate, a stale version)."""


class ValidationError(DomainError):
    """One or more fields are wrong; ``errors`` maps a field name to its message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))

    @classmethod
    def single(cls, field: str, message: str) -> ValidationError:
        return cls({field: message})


class Throttled(DomainError):
    """Too many attempts; the message must not reveal whether an account exists."""


class Retryable(DomainError):
    """A temporary failure (network, 4xx SMTP): the job runner tries again later."""
