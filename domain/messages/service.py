"""``MessageService``: the one entry point of messages (office, client, both).

Sending validates everything (subject, body, attachments, audience, at least one person)
before anything is written; then the message, its attachments and all recipient rows are
stored in one transaction (bulk inserts), and a job delivers them in chunks. A retried send
with the same idempotency key returns the first message's id and creates nothing.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, time, timedelta

from domain.actors import Actor
from domain.channels import EventType
from domain.clock import WARSAW, to_warsaw
from domain.errors import NotFound, ValidationError
from domain.events import MessageSent
from domain.messages.audience import (
    NO_PEOPLE,
    NOBODY,
    Resolved,
    audience_json,
    check_shape,
    preview_of,
)
from domain.messages.core import check_post, key_of
from domain.messages.delivery import REMIND_MESSAGE_JOB
from domain.messages.model import (
    MAX_REMINDER_DAYS,
    MIN_REMINDER_DAYS,
    Audience,
    AudienceKind,
    AudiencePreview,
    Draft,
    MessageKind,
    MessageSummary,
    ReceiptRow,
    UserKind,
)
from domain.messages.ports import NewMessage, NewRecipient, StoredMessage
from domain.messages.receipts import build_confirmation, receipts_csv
from domain.messages.threads import Conversations
from domain.policies import Action, require

DAYS_INVALID = "Podaj liczbę dni od 1 do 60."
MESSAGE_SENT = "message_sent"
MESSAGE_REMINDED = "message_reminded"


class MessageService(Conversations):
    async def deliver(self, message_id: int) -> None:
        """The delivery job's body (no actor: it runs what ``send`` decided)."""
        await self._delivery.deliver(message_id)

    async def deliver_reminders(self, message_id: int, row_ids: list[int]) -> None:
        """The reminder job's body (rows claimed by ``remind_unread``)."""
        await self._delivery.remind(message_id, row_ids)

    # --- composing and sending ------------------------------------------------------------

    async def preview(self, actor: Actor, audience: Audience) -> AudiencePreview:
        office_id = self._staff_office(actor)
        return preview_of(await self._resolve(actor, office_id, audience))

    async def send(self, actor: Actor, draft: Draft) -> int:
        office_id = self._staff_office(actor)
        key = key_of(office_id, actor, draft.idempotency_key) if draft.idempotency_key else None
        if key is not None and (existing := await self._repo.find_by_key(key)) is not None:
            return existing
        checked = check_post(draft.subject, draft.body, draft.attachments)
        resolved = await self._resolve(actor, office_id, draft.audience)
        if not resolved.people:
            raise ValidationError.single("audience", NO_PEOPLE)
        rows = [
            NewRecipient(
                p.recipient.company_id,
                UserKind.CLIENT,
                p.recipient.client_user_id,
                resolved.channels_of(p),
            )
            for p in resolved.people
        ]
        one = draft.audience.company_ids[0] if draft.audience.kind is AudienceKind.ONE else None
        new = NewMessage(
            office_id,
            None,
            one,
            MessageKind.BROADCAST,
            UserKind.STAFF,
            actor.user_id,
            actor.name,
            draft.subject.strip(),
            draft.body,
            audience_json(draft.audience),
            key,
            self._clock.now(),
        )
        message_id = await self._store(new, checked, rows)
        if message_id is None:  # the same key won a race: that message is the answer
            assert key is not None
            found = await self._repo.find_by_key(key)
            assert found is not None
            return found
        await self._audit.record(
            actor,
            MESSAGE_SENT,
            f"Wysłano wiadomość „{new.subject}” do {len(resolved.companies)} firm",
            company_id=one,
            details={"message_id": message_id, "people": len(rows)},
        )
        await self._events.publish(MessageSent(office_id, message_id))
        return message_id

    async def _resolve(self, actor: Actor, office_id: int, audience: Audience) -> Resolved:
        check_shape(audience)
        visible = self._visible(actor)
        companies = await self._repo.audience_companies(office_id, audience, visible)
        named = audience.kind in (AudienceKind.ONE, AudienceKind.SELECTED)
        if named and {c.id for c in companies} != set(audience.company_ids):
            raise NotFound()  # another office's, deleted, or not assigned to this employee
        if not companies:
            raise ValidationError.single("audience", NOBODY)
        people = await self._repo.people([c.id for c in companies])
        channels = await self._resolver.channels_for(
            office_id, EventType.NEW_MESSAGE, [p.recipient for p in people]
        )
        return Resolved(companies, people, channels)

    # --- sent messages and receipts -------------------------------------------------------

    async def sent(self, actor: Actor, limit: int = 50) -> list[MessageSummary]:
        office_id = self._staff_office(actor)
        return await self._repo.sent(office_id, self._visible(actor), actor.user_id, limit)

    async def summary(self, actor: Actor, message_id: int) -> MessageSummary:
        await self._sent_message(actor, message_id)
        return await self._repo.summary(message_id, self._visible(actor))

    async def receipts(self, actor: Actor, message_id: int) -> list[ReceiptRow]:
        await self._sent_message(actor, message_id)
        stored = await self._repo.receipts(message_id, self._visible(actor))
        ids = [r.email_id for r in stored if r.email_id is not None]
        statuses = await self._email_statuses.statuses(ids) if ids else {}
        return [
            ReceiptRow(
                company_id=r.company_id,
                company_name=r.company_name,
                user_id=r.user_id,
                person_name=r.person_name,
                channels=r.channels,
                read_at=r.read_at,
                reminded_at=r.reminded_at,
                email_status=statuses.get(r.email_id) if r.email_id is not None else None,
                sms_status=r.sms_status,
            )
            for r in stored
        ]

    async def receipts_csv(self, actor: Actor, message_id: int) -> bytes:
        await self._sent_message(actor, message_id)
        return receipts_csv(await self._repo.receipts(message_id, self._visible(actor)))

    async def receipts_pdf(self, actor: Actor, message_id: int) -> bytes:
        message = await self._sent_message(actor, message_id)
        visible = self._visible(actor)
        document = build_confirmation(
            await self._office_name(message.office_id),
            message,
            await self._repo.summary(message_id, visible),
            (await self._repo.attachments([message_id])).get(message_id, []),
            await self._repo.receipts(message_id, visible),
            self._clock.now(),
        )
        return await asyncio.to_thread(self._renderer.render, document)

    async def remind_unread(self, actor: Actor, message_id: int) -> int:
        """Remind the companies where nobody has read the message after the office's N days;
        a company reminded today is not reminded again. Returns the companies reminded."""
        message = await self._sent_message(actor, message_id)
        days = await self._repo.reminder_days(message.office_id) or 0
        now = self._clock.now()
        if now - message.created_at < timedelta(days=days):
            return 0
        today = datetime.combine(to_warsaw(now).date(), time(0), tzinfo=WARSAW)
        rows = await self._repo.claim_reminders(message_id, self._visible(actor), today, now)
        if not rows:
            return 0
        await self._jobs.enqueue(
            REMIND_MESSAGE_JOB,
            message_id,
            [row_id for row_id, _ in rows],
            key=f"message-remind:{message_id}:{now.isoformat()}",
        )
        companies = len({company_id for _, company_id in rows})
        await self._audit.record(
            actor,
            MESSAGE_REMINDED,
            f"Przypomniano o wiadomości „{message.subject}” ({companies} firm)",
            details={"message_id": message_id, "people": len(rows)},
        )
        return companies

    async def reminder_days(self, actor: Actor) -> int:
        office_id = self._staff_office(actor)
        days = await self._repo.reminder_days(office_id)
        if days is None:
            raise NotFound()
        return days

    async def set_reminder_days(self, actor: Actor, days: int) -> int:
        require(actor, Action.MANAGE_OFFICE_SETTINGS)
        office_id = self._staff_office(actor)
        if isinstance(days, bool) or not isinstance(days, int):
            raise ValidationError.single("reminder_days", DAYS_INVALID)
        if not MIN_REMINDER_DAYS <= days <= MAX_REMINDER_DAYS:
            raise ValidationError.single("reminder_days", DAYS_INVALID)
        await self._repo.set_reminder_days(office_id, days)
        return days

    async def _sent_message(self, actor: Actor, message_id: int) -> StoredMessage:
        office_id = self._staff_office(actor)
        message = await self._repo.message(office_id, message_id)
        if message is None or message.kind != MessageKind.BROADCAST:
            raise NotFound()
        if not self._staff_sees(actor, message):
            raise NotFound()
        return message
