"""Account values the auth service works with (no secrets beyond the password hash)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.accounts.tokens import StoredToken, TokenPurpose
from domain.actors import ActorKind, Membership, StaffRole


@dataclass(frozen=True)
class Account:
    """A login as the auth service sees it: either a staff user or a client user."""

    kind: ActorKind
    id: int
    email: str
    first_name: str
    last_name: str
    password_hash: str | None
    active: bool
    activated_at: datetime | None
    language: str = "pl"
    office_id: int | None = None
    office_name: str = ""
    role: StaffRole | None = None
    office_restricts: bool = False
    assigned_company_ids: frozenset[int] = frozenset()
    memberships: tuple[Membership, ...] = ()
    active_company_ids: frozenset[int] = frozenset()

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class SessionRecord:
    user_kind: ActorKind
    user_id: int
    company_id: int | None


class AccountRepository(Protocol):
    async def find_by_email(self, email: str) -> Account | None: ...

    async def get(self, kind: ActorKind, user_id: int) -> Account | None: ...

    async def set_password(
        self, kind: ActorKind, user_id: int, password_hash: str, activated_at: datetime
    ) -> None: ...

    async def set_language(self, kind: ActorKind, user_id: int, language: str) -> None: ...


class TokenRepository(Protocol):
    async def add(
        self,
        token_hash: str,
        purpose: TokenPurpose,
        kind: ActorKind,
        user_id: int,
        expires_at: datetime,
        payload: str = "",
    ) -> None: ...

    async def find(self, token_hash: str) -> tuple[StoredToken, str] | None:
        """The token and its payload."""
        ...

    async def consume(self, token_hash: str, purpose: TokenPurpose, now: datetime) -> bool:
        """Mark used if still valid, atomically; False when it was not (any more)."""
        ...

    async def revoke_for_user(
        self, kind: ActorKind, user_id: int, purpose: TokenPurpose, now: datetime
    ) -> None: ...


class LoginAttemptRepository(Protocol):
    async def record(self, email: str, ip: str, success: bool, at: datetime) -> None: ...

    async def failures_since(
        self, email: str, ip: str, since: datetime
    ) -> tuple[list[datetime], list[datetime]]:
        """Failure times for the account and for the address."""
        ...


class SessionRepository(Protocol):
    async def create(
        self, sid_hash: str, kind: ActorKind, user_id: int, company_id: int | None
    ) -> None: ...

    async def get(self, sid_hash: str) -> SessionRecord | None: ...

    async def set_company(self, sid_hash: str, company_id: int) -> None: ...

    async def delete(self, sid_hash: str) -> None: ...

    async def delete_for_user(self, kind: ActorKind, user_id: int) -> None: ...
