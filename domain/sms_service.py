"""The SMS outbox: every text is checked, measured, logged, then delivered by a job.

``queue`` is what other services call (messages, notifications): it returns None when the
office has SMS switched off or has no token, so callers simply skip the channel. Delivery goes
through an ``SmsGateway`` built per office by a factory that ``bootstrap`` injects (domain never
imports the HTTP adapter). A refusal (``SmsRejected``) fails the message at once with the
gateway's reason in Polish; a temporary problem (``Retryable``) is retried by the job runner
and fails only when the tries run out.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from domain.actors import Actor
from domain.errors import DomainError, NotFound, Retryable, ValidationError
from domain.events import DomainEvent
from domain.policies import Action, can, require
from domain.ports import Clock, EventBus, JobQueue
from domain.sms import (
    Encoding,
    SmsGateway,
    check_recipients,
    estimate_cost,
    measure,
    transliterate,
)
from domain.sms_settings import SmsGatewayConfig, SmsSettingsService, is_usable

DELIVER_SMS_JOB = "deliver_sms"
TEXT_REQUIRED = "Wpisz treść SMS-a."
NUMBER_REQUIRED = "Podaj numer telefonu."
NOT_CONFIGURED = "Wysyłka SMS-ów jest wyłączona albo bramka nie ma tokenu."
TEST_TEXT = "Test bramki SMS z Biurka."
POLISH_LETTERS = frozenset("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")

GatewayFactory = Callable[[SmsGatewayConfig], SmsGateway]


class SmsStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


@dataclass(frozen=True)
class SmsStatusChanged(DomainEvent):
    """An SMS was sent or failed (pages showing the SMS log refresh)."""

    sms_id: int
    status: str


@dataclass(frozen=True)
class NewSms:
    office_id: int
    to: str
    body: str
    encoding: Encoding
    parts: int
    company_id: int | None = None
    client_user_id: int | None = None
    event_type: str = ""


@dataclass(frozen=True)
class SmsLogEntry:
    """One row of the SMS log as the office sees it."""

    id: int
    office_id: int
    to: str
    body: str = field(repr=False)
    company_id: int | None
    company_name: str
    event_type: str
    encoding: str
    parts: int
    status: SmsStatus
    points: Decimal | None
    tries: int
    error: str
    created_at: datetime
    sent_at: datetime | None


@dataclass(frozen=True)
class SmsPreview:
    """What the composer counter shows for a text (after transliteration when it is on)."""

    text: str
    characters: int
    encoding: Encoding
    parts: int
    remaining_in_part: int
    cost: Decimal
    has_polish: bool  # the typed text has Polish letters (they force UCS-2 unless replaced)
    transliterate: bool


@dataclass(frozen=True)
class ComposerSettings:
    """The office's options the counter needs, read once per page."""

    transliterate: bool
    points_per_part: Decimal
    enabled: bool


class SmsLogRepository(Protocol):
    async def add(self, sms: NewSms) -> int: ...

    async def get(self, sms_id: int) -> SmsLogEntry | None: ...

    async def mark_sent(
        self, sms_id: int, gateway_id: str, points: Decimal, at: datetime
    ) -> None: ...

    async def record_failure(self, sms_id: int, error: str, final: bool) -> None: ...

    async def statuses(self, sms_ids: list[int]) -> dict[int, SmsStatus]: ...

    async def recent(
        self, office_id: int, limit: int, company_ids: frozenset[int] | None
    ) -> list[SmsLogEntry]:
        """Newest first; only these companies' rows when ``company_ids`` is given."""
        ...


def make_preview(text: str, options: ComposerSettings, recipients: int = 1) -> SmsPreview:
    """Pure: the counter's numbers for ``text`` under the office's options."""
    has_polish = any(character in POLISH_LETTERS for character in text)
    sent = transliterate(text) if options.transliterate else text
    length = measure(sent)
    cost = estimate_cost(length, max(recipients, 0), options.points_per_part)
    return SmsPreview(
        sent,
        length.characters,
        length.encoding,
        length.parts,
        length.remaining_in_part,
        cost,
        has_polish,
        options.transliterate,
    )


class SmsService:
    def __init__(
        self,
        *,
        repo: SmsLogRepository,
        settings: SmsSettingsService,
        gateway_factory: GatewayFactory,
        jobs: JobQueue,
        events: EventBus,
        clock: Clock,
    ) -> None:
        self._repo = repo
        self._settings = settings
        self._gateway_factory = gateway_factory
        self._jobs = jobs
        self._events = events
        self._clock = clock

    async def queue(
        self,
        office_id: int,
        to: str,
        text: str,
        company_id: int | None = None,
        client_user_id: int | None = None,
        event_type: str = "",
    ) -> int | None:
        """Check, log and hand to the delivery job; None when the office cannot send SMS.

        An invalid number raises ``ValidationError({"to": …})``; an empty text
        ``ValidationError({"text": …})``.
        """
        stored = await self._settings.stored(office_id)
        if stored is None or not is_usable(stored):
            return None
        number = _one_number(to)
        body = transliterate(text) if stored.transliterate else text
        if not body.strip():
            raise ValidationError.single("text", TEXT_REQUIRED)
        length = measure(body)
        sms = NewSms(
            office_id,
            number,
            body,
            length.encoding,
            length.parts,
            company_id,
            client_user_id,
            event_type,
        )
        sms_id = await self._repo.add(sms)
        await self._jobs.enqueue(DELIVER_SMS_JOB, sms_id, key=f"sms:{sms_id}")
        return sms_id

    async def deliver(self, sms_id: int, last_try: bool) -> None:
        """Job body: idempotent (only a queued message is ever sent)."""
        entry = await self._repo.get(sms_id)
        if entry is None or entry.status is not SmsStatus.QUEUED:
            return
        try:
            gateway = await self._gateway_for(entry.office_id)
            sent = await gateway.send(entry.to, entry.body)
        except Retryable as error:
            await self._repo.record_failure(sms_id, error.message, final=last_try)
            if last_try:
                await self._publish(entry.office_id, sms_id, SmsStatus.FAILED)
            raise
        except DomainError as error:  # SmsRejected, an undecryptable token, switched off
            await self._repo.record_failure(sms_id, error.message, final=True)
            await self._publish(entry.office_id, sms_id, SmsStatus.FAILED)
            return
        gateway_id = ",".join(item.message_id for item in sent)[:100]
        points = sum((item.points for item in sent), Decimal(0))
        await self._repo.mark_sent(sms_id, gateway_id, points, self._clock.now())
        await self._publish(entry.office_id, sms_id, SmsStatus.SENT)

    async def send_test(self, actor: Actor, to: str, text: str = "") -> SmsLogEntry:
        """Send a test SMS now with the saved settings; the log row says how it went."""
        require(actor, Action.MANAGE_OFFICE_SETTINGS)
        office_id = _office(actor)
        stored = await self._settings.stored(office_id)
        if not is_usable(stored):
            raise ValidationError.single("to", NOT_CONFIGURED)
        sms_id = await self.queue(office_id, to, text.strip() or TEST_TEXT, event_type="test")
        if sms_id is None:
            raise ValidationError.single("to", NOT_CONFIGURED)
        with contextlib.suppress(Retryable):  # recorded as failed; the page shows why
            await self.deliver(sms_id, last_try=True)
        entry = await self._repo.get(sms_id)
        if entry is None:
            raise NotFound()
        return entry

    async def statuses(self, sms_ids: Iterable[int]) -> dict[int, str]:
        found = await self._repo.statuses(list(sms_ids))
        return {sms_id: status.value for sms_id, status in found.items()}

    async def log(self, actor: Actor, limit: int = 100) -> list[SmsLogEntry]:
        """Recent SMS of the office; a restricted employee sees only assigned companies'."""
        require(actor, Action.VIEW_OFFICE_DASHBOARD)
        office_id = _office(actor)
        scope = None if actor.is_admin or not actor.restricted else actor.assigned_company_ids
        return await self._repo.recent(office_id, max(1, min(limit, 500)), scope)

    async def composer_settings(self, actor: Actor) -> ComposerSettings:
        require(actor, Action.VIEW_OFFICE_DASHBOARD)
        stored = await self._settings.stored(_office(actor))
        if stored is None:
            raise NotFound()
        return ComposerSettings(stored.transliterate, stored.points_per_part, is_usable(stored))

    async def preview(self, actor: Actor, text: str, recipients: int = 1) -> SmsPreview:
        return make_preview(text, await self.composer_settings(actor), recipients)

    async def _gateway_for(self, office_id: int) -> SmsGateway:
        stored = await self._settings.stored(office_id)
        if stored is None or not is_usable(stored):
            raise DomainError(NOT_CONFIGURED)
        return self._gateway_factory(self._settings.gateway_config(stored))

    async def _publish(self, office_id: int, sms_id: int, status: SmsStatus) -> None:
        await self._events.publish(SmsStatusChanged(office_id, sms_id, status.value))


def _one_number(to: str) -> str:
    if not to.strip():
        raise ValidationError.single("to", NUMBER_REQUIRED)
    check = check_recipients([to])[0]
    if check.normalized is None or check.error is not None:
        raise ValidationError.single("to", check.error or NUMBER_REQUIRED)
    return check.normalized


def _office(actor: Actor) -> int:
    if actor.office_id is None or not can(actor, Action.VIEW_OFFICE_DASHBOARD):
        raise NotFound()
    return actor.office_id
