"""The delivery job of a message: recipient rows in chunks, each to its channels.

Idempotent and resumable: ``recipients_done`` is the cursor (rows are taken in id order), a
row whose ``email_id`` / ``sms_id`` is set is not e-mailed / texted again, and the ids are
stored as soon as each e-mail or SMS is queued. A re-run after a crash continues at the first
unfinished chunk; at worst the rows of that chunk get their in-app notification twice.
Staff rows (client posts) get an in-app notification only.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence

from domain.actors import Actor, ActorKind
from domain.channels import Channel, EventType
from domain.errors import DomainError
from domain.events import MessageProgress
from domain.mail import EmailAttachment
from domain.messages.markdown import plain_text, render_markdown
from domain.messages.model import MessageKind, UserKind
from domain.messages.ports import (
    DeliveryRow,
    MessageMailer,
    MessageRepository,
    Notifier,
    StoredAttachment,
    StoredMessage,
)
from domain.ports import Clock, EventBus, SmsQueue

log = logging.getLogger(__name__)

DELIVER_MESSAGE_JOB = "deliver_message"
REMIND_MESSAGE_JOB = "remind_message"
CHUNK = 500
NEW_TEMPLATE = "message_new"
REMINDER_TEMPLATE = "message_reminder"


def client_link(thread_id: int) -> str:
    return f"/klient/wiadomosci/{thread_id}"


def office_link(thread_id: int) -> str:
    return f"/biuro/wiadomosci/watek/{thread_id}"


def event_of(message: StoredMessage) -> EventType:
    return EventType.REPLY if message.kind == MessageKind.REPLY else EventType.NEW_MESSAGE


def sms_text(office_name: str, subject: str) -> str:
    """A short notice, never the body: the portal shows the message itself."""
    return f"Nowa wiadomość od {office_name}: {plain_text(subject, 60)}. Zaloguj się do Biurka."


class MessageDelivery:
    def __init__(
        self,
        repo: MessageRepository,
        mailer: MessageMailer,
        notifier: Notifier,
        sms: SmsQueue | None,
        office_name: Callable[[int], Awaitable[str]],
        events: EventBus,
        clock: Clock,
        base_url: str,
    ) -> None:
        self._repo = repo
        self._mailer = mailer
        self._notifier = notifier
        self._sms = sms
        self._office_name = office_name
        self._events = events
        self._clock = clock
        self._base_url = base_url.rstrip("/")

    async def opened(self, actor: Actor, thread_id: int) -> None:
        """The actor opened the thread: the bell's notifications of it are read."""
        link = client_link(thread_id) if actor.is_client else office_link(thread_id)
        await self._notifier.mark_read_by_link(actor, link)

    async def deliver(self, message_id: int) -> None:
        """Job body: process the rows after the cursor, publishing progress per chunk."""
        message = await self._repo.message(None, message_id)
        if message is None or message.status == "sent":
            return
        attachments = (await self._repo.attachments([message.id])).get(message.id, [])
        office_name = await self._office_name(message.office_id)
        done = message.recipients_done
        while True:
            rows = await self._repo.delivery_rows(message.id, done, CHUNK)
            for row in rows:
                await self._deliver_row(message, row, attachments, office_name)
            done += len(rows)
            finished = self._clock.now() if len(rows) < CHUNK else None
            await self._repo.progress(message.id, done, finished)
            await self._events.publish(
                MessageProgress(message.office_id, message.id, done, message.recipients_total)
            )
            if finished is not None:
                return

    async def remind(self, message_id: int, row_ids: Sequence[int]) -> None:
        """Job body: a reminder of an unread message to the claimed rows, e-mail and portal
        (never SMS). The rows were claimed before the job was queued, so a second click the
        same day queues nothing; a retry after a crash may repeat part of one reminder."""
        message = await self._repo.message(None, message_id)
        if message is None:
            return
        office_name = await self._office_name(message.office_id)
        for start in range(0, len(row_ids), CHUNK):
            for row in await self._repo.rows_by_id(row_ids[start : start + CHUNK]):
                await self._remind_row(message, row, office_name)

    async def _remind_row(self, message: StoredMessage, row: DeliveryRow, office_name: str) -> None:
        if Channel.PORTAL in row.channels:
            await self._notifier.notify(
                message.office_id,
                ActorKind.CLIENT,
                row.user_id,
                f"Przypomnienie: wiadomość od {office_name}",
                message.subject,
                client_link(message.root_id),
                EventType.NEW_MESSAGE.value,
            )
        if row.email and (Channel.EMAIL in row.channels or not row.channels):
            context = self._context(message, row, office_name, [])
            await self._mailer.queue(
                row.email, REMINDER_TEMPLATE, context, office_id=message.office_id
            )

    async def _deliver_row(
        self,
        message: StoredMessage,
        row: DeliveryRow,
        attachments: list[StoredAttachment],
        office_name: str,
    ) -> None:
        if row.user_kind == UserKind.STAFF:
            await self._notifier.notify(
                message.office_id,
                ActorKind.STAFF,
                row.user_id,
                f"Wiadomość od klienta: {row.company_name}",
                message.subject,
                office_link(message.root_id),
                event_of(message).value,
            )
            return
        if Channel.PORTAL in row.channels:
            await self._notifier.notify(
                message.office_id,
                ActorKind.CLIENT,
                row.user_id,
                f"Nowa wiadomość od {office_name}",
                message.subject,
                client_link(message.root_id),
                event_of(message).value,
            )
        email_id = None
        if Channel.EMAIL in row.channels and row.email_id is None and row.email:
            email_id = await self._mailer.queue(
                row.email,
                NEW_TEMPLATE,
                self._context(message, row, office_name, attachments),
                office_id=message.office_id,
                attachments=[
                    EmailAttachment(a.filename, a.content_type, a.file_key) for a in attachments
                ],
            )
        sms_id = None
        if Channel.SMS in row.channels and row.sms_id is None and row.phone and self._sms:
            sms_id = await self._text(message, row, office_name)
        if email_id is not None or sms_id is not None:
            await self._repo.record_delivery(row.id, email_id, sms_id)

    async def _text(self, message: StoredMessage, row: DeliveryRow, office_name: str) -> int | None:
        assert self._sms is not None
        try:
            return await self._sms.queue(
                message.office_id,
                row.phone,
                sms_text(office_name, message.subject),
                company_id=row.company_id,
                client_user_id=row.user_id,
                event_type=event_of(message).value,
            )
        except DomainError as error:  # an invalid number: the other channels still go out
            log.info("SMS for message %s row %s not queued: %s", message.id, row.id, error)
            return None

    def _context(
        self,
        message: StoredMessage,
        row: DeliveryRow,
        office_name: str,
        attachments: list[StoredAttachment],
    ) -> dict[str, object]:
        return {
            "name": row.first_name,
            "office_name": office_name,
            "company_name": row.company_name,
            "subject": message.subject,
            "body": message.body,
            "body_html": render_markdown(message.body),
            "is_reply": message.kind == MessageKind.REPLY,
            "attachments": [a.filename for a in attachments],
            "portal_url": self._base_url + client_link(message.root_id),
        }
