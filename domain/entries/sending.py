"""Approval: the queue of waiting entries, sending them to clients (by hand, on every sync or
on a schedule), the office's approval rules, and the e-mail that tells clients.

Sending copies an entry's current values to its sent values in one conditional update, so a
double click or two schedulers send once. Each company with sent entries gets one
notification job (ids only); the job renders the e-mail from the sent values.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from domain.actors import Actor
from domain.audit import AuditLog
from domain.companies.model import CompanyHead
from domain.companies.service import CompanyRepository, company_scope
from domain.entries.approval import ApprovalRule, DataType, scheduled_run_due
from domain.entries.model import Entry, Sending
from domain.entries.ports import ApprovalRuleRepository, EntryRepository, WaitingEntry
from domain.errors import NotFound, ValidationError
from domain.events import EntriesChanged
from domain.policies import Action, CompanyAction, require, require_on_company
from domain.ports import Clock, EventBus, JobQueue

NOTIFY_SENT_JOB = "entries.notify_sent"
NOTHING_SELECTED = "Zaznacz co najmniej jedną pozycję."


@dataclass(frozen=True)
class ApprovalGroup:
    """Waiting entries of one period and one type."""

    period: str
    data_type: DataType
    items: list[WaitingEntry]

    @property
    def count(self) -> int:
        return len(self.items)


def group_waiting(items: list[WaitingEntry]) -> list[ApprovalGroup]:
    """Newest period first; within a period ZUS, taxes, statements."""
    groups: dict[tuple[str, DataType], list[WaitingEntry]] = {}
    for item in items:
        groups.setdefault((item.entry.period, item.entry.data_type), []).append(item)
    order = list(DataType)
    keys = sorted(groups, key=lambda key: (key[0][:4] + _month_of(key[0]), -order.index(key[1])))
    return [ApprovalGroup(p, t, groups[(p, t)]) for p, t in reversed(keys)]


def _month_of(period: str) -> str:
    # A quarter sorts with its last month: 2026-Q1 beside 2026-03.
    if "Q" in period:
        return f"-{int(period[-1]) * 3:02d}"
    return period[4:]


class ApprovalService:
    def __init__(
        self,
        repo: EntryRepository,
        rules: ApprovalRuleRepository,
        companies: CompanyRepository,
        jobs: JobQueue,
        audit: AuditLog,
        events: EventBus,
        clock: Clock,
    ) -> None:
        self._repo = repo
        self._rules = rules
        self._companies = companies
        self._jobs = jobs
        self._audit = audit
        self._events = events
        self._clock = clock

    async def queue(self, actor: Actor) -> list[ApprovalGroup]:
        require(actor, Action.LIST_COMPANIES)
        return group_waiting(await self._repo.waiting(company_scope(actor)))

    async def waiting_total(self, actor: Actor) -> int:
        require(actor, Action.LIST_COMPANIES)
        return await self._repo.waiting_count(company_scope(actor))

    async def send(self, actor: Actor, entry_ids: Iterable[int]) -> int:
        """Approve and send the given entries; every one is checked before any is sent."""
        require(actor, Action.LIST_COMPANIES)
        ids = list(dict.fromkeys(entry_ids))
        if not ids:
            raise ValidationError.single("selection", NOTHING_SELECTED)
        assert actor.office_id is not None
        checked: dict[int, CompanyHead] = {}
        for entry_id in ids:
            entry = await self._repo.get(actor.office_id, entry_id)
            if entry is None:
                raise NotFound()
            if entry.company_id not in checked:
                checked[entry.company_id] = await self._head(actor, entry.company_id)
        sending = Sending(self._clock.now(), actor.name, actor.user_id)
        sent = await self._repo.send(actor.office_id, ids, sending)
        await self._after_send(sent, actor.office_id)
        if sent:
            await self._audit.record(
                actor,
                "entries.sent",
                f"Wysłano klientom {len(sent)} pozycji",
                sent[0].company_id if len(checked) == 1 else None,
                {"entry_ids": [e.id for e in sent]},
            )
        return len(sent)

    async def send_group(self, actor: Actor, period: str, data_type: DataType) -> int:
        """Everything of one period and type that waits in the actor's companies."""
        group = next(
            (g for g in await self.queue(actor) if g.period == period and g.data_type is data_type),
            None,
        )
        if group is None:
            return 0
        return await self.send(actor, [item.entry.id for item in group.items])

    async def send_automatically(
        self, office_id: int, data_type: DataType, company_ids: Iterable[int] | None = None
    ) -> int:
        """What an approval rule sends: everything of the type that waits (in these companies)."""
        ids = await self._repo.waiting_ids(office_id, data_type, company_ids)
        if not ids:
            return 0
        sent = await self._repo.send(office_id, ids, Sending(self._clock.now(), "", None))
        await self._after_send(sent, office_id)
        return len(sent)

    async def run_scheduled(self) -> int:
        """Periodic work: send what waits for every rule whose monthly slot has come."""
        now = self._clock.now()
        total = 0
        for office_id, data_type, rule, last_run in await self._rules.scheduled():
            if not scheduled_run_due(rule, now, last_run):
                continue
            if await self._rules.mark_run(office_id, data_type, last_run, now):
                total += await self.send_automatically(office_id, data_type)
        return total

    # --- rules ----------------------------------------------------------------------------

    async def rules(self, actor: Actor) -> dict[DataType, ApprovalRule]:
        require(actor, Action.MANAGE_OFFICE_SETTINGS)
        assert actor.office_id is not None
        return await self._rules.rules(actor.office_id)

    async def rules_for_office(self, office_id: int) -> dict[DataType, ApprovalRule]:
        return await self._rules.rules(office_id)

    async def save_rule(self, actor: Actor, data_type: DataType, rule: ApprovalRule) -> None:
        require(actor, Action.MANAGE_OFFICE_SETTINGS)
        assert actor.office_id is not None
        await self._rules.save(actor.office_id, data_type, rule)
        await self._audit.record(
            actor,
            "approval.rule",
            f"Zasada zatwierdzania ({data_type}): {rule.mode}",
            details={"mode": str(rule.mode), "day": rule.day_of_month, "hour": rule.hour},
        )

    # --- helpers --------------------------------------------------------------------------

    async def _head(self, actor: Actor, company_id: int) -> CompanyHead:
        assert actor.office_id is not None
        head = await self._companies.head(actor.office_id, company_id)
        if head is None:
            raise NotFound()
        require_on_company(actor, CompanyAction.MANAGE_ENTRIES, head.ref)
        return head

    async def _after_send(self, sent: list[Entry], office_id: int) -> None:
        await self.announce_sent(office_id, [(e.id, e.company_id, e.data_type) for e in sent])

    async def announce_sent(
        self, office_id: int, sent: Iterable[tuple[int, int, DataType]]
    ) -> None:
        """After commit: one notification job per company, and live-update events."""
        by_company: dict[int, list[tuple[int, DataType]]] = {}
        for entry_id, company_id, data_type in sent:
            by_company.setdefault(company_id, []).append((entry_id, data_type))
        moment = self._clock.now()
        for company_id, items in by_company.items():
            ids = sorted(entry_id for entry_id, _ in items)
            key = _notify_key(company_id, ids, moment)
            await self._jobs.enqueue(NOTIFY_SENT_JOB, office_id, company_id, ids, key=key)
            for data_type in sorted({data_type for _, data_type in items}):
                await self._events.publish(EntriesChanged(office_id, company_id, str(data_type)))


def _notify_key(company_id: int, ids: list[int], moment: datetime) -> str:
    # The same entries sent in the same call: one e-mail even if the enqueue is retried.
    digest = hashlib.sha256(f"{ids}|{moment.isoformat()}".encode()).hexdigest()[:32]
    return f"notify-sent:{company_id}:{digest}"
