"""Office-level reads for the shell: the office's name, the sent e-mails page."""

from __future__ import annotations

from typing import Protocol

from domain.actors import Actor
from domain.errors import NotFound
from domain.mail import OutboxEntry, OutboxRepository, OutgoingEmail
from domain.policies import Action, require


class OfficeNames(Protocol):
    async def name(self, office_id: int) -> str | None: ...


class OfficeService:
    def __init__(self, names: OfficeNames, outbox: OutboxRepository) -> None:
        self._names = names
        self._outbox = outbox

    async def office_name(self, actor: Actor) -> str:
        if actor.office_id is None:
            return ""
        return await self._names.name(actor.office_id) or ""

    async def name_of(self, office_id: int) -> str:
        """The office's name for messages it sends (no actor: used by jobs)."""
        return await self._names.name(office_id) or ""

    async def sent_emails(self, actor: Actor, limit: int = 200) -> list[OutboxEntry]:
        require(actor, Action.VIEW_SENT_EMAILS)
        assert actor.office_id is not None
        return await self._outbox.list_recent(actor.office_id, limit)

    async def sent_email(self, actor: Actor, email_id: int) -> OutgoingEmail:
        require(actor, Action.VIEW_SENT_EMAILS)
        assert actor.office_id is not None
        found = await self._outbox.read_body(actor.office_id, email_id)
        if found is None:
            raise NotFound()
        return found
