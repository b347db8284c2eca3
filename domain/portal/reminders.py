"""Payment reminders: N days before a due date and on the due day itself.

A daily job (``ReminderService.run``; cron in worker mode, the embedded scheduler otherwise)
looks at every active company's sent, unpaid ZUS and tax items (a correction supersedes its
declaration) and reminds the company's client users who see the item (a Wspólnik only their
own ZUS entries) on the channels resolved for the payment reminder event
(``domain/notify_prefs.py``: the bell, e-mail with the membership's flag, SMS with consent).
Due dates, accounts and titles come from the *sent* values through ``payment_items``, so the
e-mail says what the portal shows.

Idempotent by construction: each (entry, client user, day) is claimed with a conditional
insert before anything is queued, so a second run the same day, or a second scheduler running
at the same time, sends nothing twice. Any run on the day sends (a missed morning slot is
caught up later that day), but never before ``SEND_FROM_HOUR`` Warsaw time.

The office sets N (0-14 days, default 3) in its settings; the company page shows the log.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from domain.actors import Actor, CompanyRef
from domain.audit import AuditLog
from domain.channels import Channel, EventType
from domain.clock import to_warsaw
from domain.companies.service import CompanyRepository
from domain.dispatch import Dispatcher
from domain.entries.model import Entry, EntryValues, TaxValues, ZusValues
from domain.entries.notify import may_see, payer_identity, payment_for
from domain.entries.payment import PayerIdentity
from domain.errors import NotFound, ValidationError
from domain.notify_prefs import ChannelPreferenceService
from domain.office_settings import SETTINGS_CHANGED, OfficeSettingsChanged
from domain.policies import Action, CompanyAction, require, require_on_company, scope_office
from domain.portal.payments import PaymentItem, payment_items, payment_label
from domain.portal.reminder_content import PORTAL_PATH, reminder_content
from domain.ports import Clock, EventBus

MAX_DAYS = 14
SEND_FROM_HOUR = 7  # Warsaw time: nobody wants a payment reminder at 3 a.m.
LOOKBACK_YEARS = 1  # items of older periods are not looked at by the daily job
LOG_LIMIT = 200
DAYS_INVALID = "Podaj liczbę dni od 0 do 14."


class ReminderKind(StrEnum):
    BEFORE = "before"  # N days ahead
    DUE = "due"  # on the due day


@dataclass(frozen=True)
class StoredReminder:
    """A row of the reminder log as stored, with the entry's sent values."""

    sent_at: datetime
    day: date
    kind: ReminderKind
    user_name: str
    user_email: str
    entry_id: int
    values: EntryValues | None
    channels: frozenset[Channel] = frozenset({Channel.EMAIL})


@dataclass(frozen=True)
class ReminderLogEntry:
    """What the company page shows: when, to whom, about what, before or on the due day."""

    sent_at: datetime
    day: date
    kind: ReminderKind
    user_name: str
    user_email: str
    label: str
    amount: Decimal | None
    due_date: date | None
    channels: frozenset[Channel] = frozenset({Channel.EMAIL})


class ReminderRepository(Protocol):
    async def reminder_days(self, office_id: int) -> int | None: ...  # None: no such office

    async def set_reminder_days(self, office_id: int, days: int) -> None: ...

    async def office_days(self) -> dict[int, int]: ...  # every office's N, by office id

    async def sent_payments(self, office_id: int, since_year: int) -> dict[int, list[Entry]]:
        """Sent ZUS and tax entries (paid ones too: a paid correction still supersedes its
        declaration) of the office's active, not deleted companies, by company id."""

    async def claim(
        self,
        entry_id: int,
        company_id: int,
        client_user_id: int,
        day: date,
        kind: ReminderKind,
        at: datetime,
        channels: frozenset[Channel],
    ) -> bool:
        """Record a reminder (and the channels it goes out on) unless one exists for
        (entry, user, day); True when recorded."""

    async def log(self, office_id: int, company_id: int, limit: int) -> list[StoredReminder]:
        """The company's reminders, newest first."""


def reminder_targets(today: date, days: int) -> dict[date, ReminderKind]:
    """Which due dates are reminded today, and how."""
    targets = {today: ReminderKind.DUE}
    if days > 0:
        targets[today + timedelta(days=days)] = ReminderKind.BEFORE
    return targets


def due_for_reminder(
    items: list[PaymentItem], targets: dict[date, ReminderKind]
) -> list[PaymentItem]:
    """Payable items (not paid, not superseded) due on one of the target days."""
    return [i for i in items if i.payable and i.due_date is not None and i.due_date in targets]


class ReminderService:
    def __init__(
        self,
        repo: ReminderRepository,
        companies: CompanyRepository,
        prefs: ChannelPreferenceService,
        dispatcher: Dispatcher,
        office_name: Callable[[int], Awaitable[str]],
        audit: AuditLog,
        events: EventBus,
        clock: Clock,
        base_url: str,
    ) -> None:
        self._repo = repo
        self._companies = companies
        self._prefs = prefs
        self._dispatcher = dispatcher
        self._office_name = office_name
        self._audit = audit
        self._events = events
        self._clock = clock
        self._portal_url = base_url.rstrip("/") + PORTAL_PATH

    # --- the daily job --------------------------------------------------------------------

    async def run(self) -> int:
        """Send today's reminders; returns how many e-mails were queued."""
        now = self._clock.now()
        local = to_warsaw(now)
        if local.hour < SEND_FROM_HOUR:
            return 0
        today = local.date()
        queued = 0
        for office_id, days in (await self._repo.office_days()).items():
            targets = reminder_targets(today, days)
            companies = await self._repo.sent_payments(office_id, today.year - LOOKBACK_YEARS)
            for company_id, entries in companies.items():
                if all(entry.paid is not None for entry in entries):
                    continue  # nothing left to pay: spare the company lookup
                queued += await self._remind_company(
                    office_id, company_id, entries, targets, today, now
                )
        return queued

    async def _remind_company(
        self,
        office_id: int,
        company_id: int,
        entries: list[Entry],
        targets: dict[date, ReminderKind],
        today: date,
        now: datetime,
    ) -> int:
        company = await self._companies.details(office_id, company_id)
        if company is None or not company.active:
            return 0
        sent = [(e, e.sent_values) for e in entries if e.sent_values is not None]
        items = due_for_reminder(payment_items(sent, payer_identity(company), today), targets)
        if not items:
            return 0
        office_name = await self._office_name(office_id)
        people = await self._prefs.addressees(company_id, company.active)
        channels = await self._dispatcher.resolve(
            office_id, EventType.PAYMENT_REMINDER, [person.recipient for person in people]
        )
        queued = 0
        for person in people:
            chosen = channels.get((company_id, person.recipient.client_user_id), frozenset())
            if not chosen:
                continue  # nobody to tell: nothing claimed, a later change of mind still works
            claimed = []
            for item in items:
                if not may_see(person.member, item.values):
                    continue
                assert item.due_date is not None
                kind = targets[item.due_date]
                # Insert first, then send: a lost reminder is better than a doubled one.
                if await self._repo.claim(
                    item.entry_id, company_id, person.member.user_id, today, kind, now, chosen
                ):
                    claimed.append(item)
            if claimed:
                content = reminder_content(
                    person.member, (office_name, company.name), claimed, today, self._portal_url
                )
                done = await self._dispatcher.deliver(
                    office_id, EventType.PAYMENT_REMINDER, person.recipient, chosen, content
                )
                queued += done.email_id is not None
        return queued

    # --- the office: the log and the setting ------------------------------------------------

    async def log(self, actor: Actor, company_id: int) -> list[ReminderLogEntry]:
        """The company's reminders, newest first (anyone on the staff who sees the company)."""
        office_id = scope_office(actor, company_id) if actor.is_staff else None
        company = (
            None if office_id is None else await self._companies.details(office_id, company_id)
        )
        if company is None:
            raise NotFound()
        require_on_company(
            actor, CompanyAction.VIEW, CompanyRef(company.id, company.office_id, company.active)
        )
        payer = payer_identity(company)
        rows = await self._repo.log(company.office_id, company_id, LOG_LIMIT)
        return [_log_entry(row, payer) for row in rows]

    async def days(self, actor: Actor) -> int:
        office_id = _admin_office(actor)
        days = await self._repo.reminder_days(office_id)
        if days is None:
            raise NotFound()
        return days

    async def set_days(self, actor: Actor, days: int) -> int:
        """Save N (0-14); the change is audited."""
        office_id = _admin_office(actor)
        if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_DAYS:
            raise ValidationError.single("reminder_days", DAYS_INVALID)
        before = await self._repo.reminder_days(office_id)
        if before is None:
            raise NotFound()
        if before == days:
            return days
        await self._repo.set_reminder_days(office_id, days)
        await self._audit.record(
            actor,
            SETTINGS_CHANGED,
            f"Zmieniono przypomnienia o płatnościach: {days} dni przed terminem",
            details={"before": {"reminder_days": before}, "after": {"reminder_days": days}},
        )
        await self._events.publish(OfficeSettingsChanged(office_id, "reminders"))
        return days


def _admin_office(actor: Actor) -> int:
    require(actor, Action.MANAGE_OFFICE_SETTINGS)
    if actor.office_id is None:
        raise NotFound()
    return actor.office_id


def _log_entry(row: StoredReminder, payer: PayerIdentity) -> ReminderLogEntry:
    values = row.values
    payable = values if isinstance(values, ZusValues | TaxValues) else None
    details = payment_for(payable, payer) if payable is not None else None
    return ReminderLogEntry(
        sent_at=row.sent_at,
        day=row.day,
        kind=row.kind,
        user_name=row.user_name,
        user_email=row.user_email,
        label=payment_label(payable) if payable is not None else "",
        amount=payable.amount if payable is not None else None,
        due_date=(details.due_date if details else None) or (payable.due_date if payable else None),
        channels=row.channels,
    )
