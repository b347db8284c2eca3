"""Sync tokens: bearer tokens an office gives its sync agents.

A token is shown once when created; only its SHA-256 is stored (with a short hint so the
admin can tell tokens apart). Revoked tokens stop working at once. ``authenticate`` turns a
presented token into the ``Actor`` the rest of the domain understands.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.accounts.tokens import hash_token
from domain.actors import Actor, ActorKind
from domain.audit import AuditLog
from domain.errors import NotFound, ValidationError
from domain.policies import Action, require
from domain.ports import Clock

TOKEN_PREFIX = "bsk_"  # noqa: S105 - a public prefix, not a secret; "biurko sync key": recognisable in a leaked config or a secret scanner
NAME_REQUIRED = "Podaj nazwę tokenu (np. „Komputer w biurze”)."
MAX_NAME = 100


@dataclass(frozen=True)
class SyncTokenInfo:
    id: int
    name: str
    hint: str  # the first characters, enough to recognise a token the office holds
    created_at: datetime
    created_by: str
    last_used_at: datetime | None
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class NewSyncToken:
    info: SyncTokenInfo
    token: str  # shown once, never stored


@dataclass(frozen=True)
class TokenOwner:
    token_id: int
    office_id: int
    name: str


class SyncTokenRepository(Protocol):
    async def add(
        self, office_id: int, name: str, token_hash: str, hint: str, by: str, at: datetime
    ) -> SyncTokenInfo: ...

    async def list(self, office_id: int) -> list[SyncTokenInfo]: ...

    async def revoke(self, office_id: int, token_id: int, at: datetime) -> bool:
        """False when there is no such active token in the office."""
        ...

    async def find_active(self, token_hash: str) -> TokenOwner | None: ...

    async def touch(self, token_id: int, at: datetime) -> None: ...


def sync_actor(owner: TokenOwner) -> Actor:
    return Actor(
        kind=ActorKind.SYNC, user_id=owner.token_id, office_id=owner.office_id, name=owner.name
    )


class SyncTokenService:
    def __init__(self, repo: SyncTokenRepository, audit: AuditLog, clock: Clock) -> None:
        self._repo = repo
        self._audit = audit
        self._clock = clock

    async def create(self, actor: Actor, name: str) -> NewSyncToken:
        require(actor, Action.MANAGE_SYNC_TOKENS)
        assert actor.office_id is not None
        created = await self.create_for_office(actor.office_id, name, actor.name)
        await self._audit.record(
            actor, "sync_token.created", f"Utworzono token synchronizacji {created.info.name}"
        )
        return created

    async def create_for_office(self, office_id: int, name: str, by: str = "") -> NewSyncToken:
        """Also used by ``python main.py sync-token create`` (the operator is trusted)."""
        clean = " ".join(name.split())
        if not clean:
            raise ValidationError.single("name", NAME_REQUIRED)
        if len(clean) > MAX_NAME:
            raise ValidationError.single("name", f"Nazwa może mieć najwyżej {MAX_NAME} znaków.")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        info = await self._repo.add(
            office_id, clean, hash_token(token), token[:10], by, self._clock.now()
        )
        return NewSyncToken(info, token)

    async def tokens(self, actor: Actor) -> list[SyncTokenInfo]:
        require(actor, Action.MANAGE_SYNC_TOKENS)
        assert actor.office_id is not None
        return await self._repo.list(actor.office_id)

    async def revoke(self, actor: Actor, token_id: int) -> None:
        require(actor, Action.MANAGE_SYNC_TOKENS)
        assert actor.office_id is not None
        if not await self._repo.revoke(actor.office_id, token_id, self._clock.now()):
            raise NotFound()
        await self._audit.record(actor, "sync_token.revoked", f"Unieważniono token #{token_id}")

    async def authenticate(self, token: str) -> Actor | None:
        """The sync actor for a valid, not revoked token; None otherwise."""
        if not token or len(token) > 200:
            return None
        owner = await self._repo.find_active(hash_token(token))
        if owner is None:
            return None
        await self._repo.touch(owner.token_id, self._clock.now())
        return sync_actor(owner)
