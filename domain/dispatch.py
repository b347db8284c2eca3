"""One way out for every client notification: ask the resolver for each person's channels,
then post to the bell, queue the e-mail and queue the SMS.

Senders (entry "sent" notifications, payment reminders, messages) say *what* happened and to
*whom*; the preferences (``domain/notify_prefs.py``) decide *how*. A person with no channel
left gets nothing, and that is an answer too (returned, so callers can log it).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from domain.actors import ActorKind
from domain.channels import Channel, ChannelResolver, EventType, Recipient
from domain.errors import ValidationError
from domain.mail import EmailService
from domain.notifications import NotificationService
from domain.ports import SmsQueue

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    """What went out to one person: the channels used and the ids to follow them."""

    recipient: Recipient
    channels: frozenset[Channel]
    notification_id: int | None = None
    email_id: int | None = None
    sms_id: int | None = None


@dataclass(frozen=True)
class Content:
    """The same news in each channel's shape; an empty part skips that channel."""

    title: str
    body: str = ""
    link: str = ""
    email_template: str = ""
    email_context: dict[str, Any] | None = None
    sms_text: str = ""


class Dispatcher:
    def __init__(
        self,
        resolver: ChannelResolver,
        notifications: NotificationService,
        email: EmailService,
        sms: SmsQueue | None = None,
    ) -> None:
        self._resolver = resolver
        self._notifications = notifications
        self._email = email
        self._sms = sms

    def use_sms(self, sms: SmsQueue) -> None:
        """Wired after construction: the SMS service is built later than the dispatcher."""
        self._sms = sms

    async def resolve(
        self, office_id: int, event: EventType, recipients: list[Recipient]
    ) -> dict[tuple[int, int], frozenset[Channel]]:
        return await self._resolver.channels_for(office_id, event, recipients)

    async def notify(
        self,
        office_id: int,
        event: EventType,
        recipients: list[Recipient],
        *,
        title: str,
        body: str = "",
        link: str = "",
        email_template: str = "",
        email_context: dict[str, Any] | None = None,
        sms_text: str = "",
    ) -> list[Delivery]:
        """Send to everyone on their channels; returns one ``Delivery`` per person."""
        content = Content(title, body, link, email_template, email_context, sms_text)
        channels = await self.resolve(office_id, event, recipients)
        result = []
        for person in recipients:
            chosen = channels.get((person.company_id, person.client_user_id), frozenset())
            result.append(await self.deliver(office_id, event, person, chosen, content))
        return result

    async def deliver(
        self,
        office_id: int,
        event: EventType,
        person: Recipient,
        channels: frozenset[Channel],
        content: Content,
    ) -> Delivery:
        """Send one person's news on channels already resolved (``resolve``)."""
        notification_id = email_id = sms_id = None
        if Channel.PORTAL in channels:
            notification_id = await self._notifications.notify(
                office_id,
                ActorKind.CLIENT,
                person.client_user_id,
                content.title,
                content.body,
                content.link,
                event_type=event.value,
            )
        if Channel.EMAIL in channels and content.email_template:
            email_id = await self._email.queue(
                person.email, content.email_template, content.email_context or {}, office_id
            )
        if Channel.SMS in channels and content.sms_text and self._sms is not None:
            sms_id = await self._text(office_id, event, person, content.sms_text)
        used = {
            channel
            for channel, done in (
                (Channel.PORTAL, notification_id),
                (Channel.EMAIL, email_id),
                (Channel.SMS, sms_id),
            )
            if done is not None
        }
        return Delivery(person, frozenset(used), notification_id, email_id, sms_id)

    async def _text(
        self, office_id: int, event: EventType, person: Recipient, text: str
    ) -> int | None:
        assert self._sms is not None
        try:
            return await self._sms.queue(
                office_id,
                person.phone,
                text,
                company_id=person.company_id,
                client_user_id=person.client_user_id,
                event_type=event.value,
            )
        except ValidationError as error:
            # A number the gateway side refuses must not stop the others' notifications.
            log.warning("SMS not queued for user %s: %s", person.client_user_id, error)
            return None
