"""The SMS service and settings with in-memory repositories and a scripted gateway: the
preview numbers, queueing rules, the delivery outcomes and the hidden token."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from domain.actors import Actor, ActorKind, StaffRole
from domain.audit import AuditLog
from domain.errors import PermissionDenied, Retryable, ValidationError
from domain.events import DomainEvent
from domain.secrets_box import SecretBox
from domain.sms import SmsRejected, SmsSent
from domain.sms_service import (
    ComposerSettings,
    NewSms,
    SmsLogEntry,
    SmsService,
    SmsStatus,
    SmsStatusChanged,
    make_preview,
)
from domain.sms_settings import (
    TOKEN_PURPOSE,
    SmsGatewayConfig,
    SmsSettingsForm,
    SmsSettingsService,
    StoredSms,
)

OFFICE = 1
TOKEN = "unit-token-0123456789"
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
ADMIN = Actor(ActorKind.STAFF, 1, OFFICE, StaffRole.ADMIN, name="Anna")
EMPLOYEE = Actor(ActorKind.STAFF, 2, OFFICE, StaffRole.EMPLOYEE, name="Piotr")


class MemorySettings:
    def __init__(self) -> None:
        self.rows = {
            OFFICE: StoredSms(False, "https://api.smsapi.pl/", "", "", True, Decimal("0.16"))
        }

    async def sms(self, office_id: int) -> StoredSms | None:
        return self.rows.get(office_id)

    async def save_sms(self, office_id: int, sms: StoredSms) -> None:
        self.rows[office_id] = sms


class MemoryLog:
    def __init__(self) -> None:
        self.rows: dict[int, SmsLogEntry] = {}

    async def add(self, sms: NewSms) -> int:
        sms_id = len(self.rows) + 1
        self.rows[sms_id] = SmsLogEntry(
            sms_id, sms.office_id, sms.to, sms.body, sms.company_id, "", sms.event_type,
            sms.encoding, sms.parts, SmsStatus.QUEUED, None, 0, "", NOW, None,
        )  # fmt: skip
        return sms_id

    async def get(self, sms_id: int) -> SmsLogEntry | None:
        return self.rows.get(sms_id)

    async def mark_sent(self, sms_id: int, gateway_id: str, points: Decimal, at: datetime) -> None:
        row = self.rows[sms_id]
        self.rows[sms_id] = dataclasses.replace(
            row, status=SmsStatus.SENT, points=points, sent_at=at, tries=row.tries + 1, error=""
        )

    async def record_failure(self, sms_id: int, error: str, final: bool) -> None:
        row = self.rows[sms_id]
        status = SmsStatus.FAILED if final else row.status
        self.rows[sms_id] = dataclasses.replace(
            row, status=status, error=error, tries=row.tries + 1
        )

    async def statuses(self, sms_ids: list[int]) -> dict[int, SmsStatus]:
        return {i: self.rows[i].status for i in sms_ids if i in self.rows}

    async def recent(
        self, office_id: int, limit: int, company_ids: frozenset[int] | None
    ) -> list[SmsLogEntry]:
        rows = [r for r in self.rows.values() if r.office_id == office_id]
        if company_ids is not None:
            rows = [r for r in rows if r.company_id in company_ids]
        return sorted(rows, key=lambda r: -r.id)[:limit]


class ScriptedGateway:
    def __init__(self) -> None:
        self.outcomes: list[Any] = []
        self.sent: list[tuple[str, str]] = []
        self.configs: list[SmsGatewayConfig] = []

    def __call__(self, config: SmsGatewayConfig) -> ScriptedGateway:
        self.configs.append(config)
        return self

    async def send(self, to: str, message: str) -> list[SmsSent]:
        self.sent.append((to, message))
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return [SmsSent("GW1", Decimal(outcome), to.removeprefix("+"))]


class Recorder:
    def __init__(self) -> None:
        self.items: list[Any] = []

    async def enqueue(self, name: str, *args: Any, key: str | None = None) -> int:
        self.items.append((name, args, key))
        return len(self.items)

    async def publish(self, event: DomainEvent) -> None:
        self.items.append(event)

    async def add(self, *args: Any, **kwargs: Any) -> None:
        self.items.append((args, kwargs))


class FixedClock:
    def now(self) -> datetime:
        return NOW


@dataclasses.dataclass
class World:
    settings_repo: MemorySettings
    log: MemoryLog
    gateway: ScriptedGateway
    jobs: Recorder
    events: Recorder
    audit: Recorder
    settings: SmsSettingsService
    sms: SmsService


@pytest.fixture
def world() -> World:
    settings_repo, log, gateway = MemorySettings(), MemoryLog(), ScriptedGateway()
    jobs, events, audit = Recorder(), Recorder(), Recorder()
    settings = SmsSettingsService(
        repo=settings_repo,
        secret_box=SecretBox("unit-secret-key-long-enough-0123456789", TOKEN_PURPOSE),
        audit=AuditLog(audit),  # type: ignore[arg-type]
        events=events,  # type: ignore[arg-type]
    )
    sms = SmsService(
        repo=log,
        settings=settings,
        gateway_factory=gateway,
        jobs=jobs,  # type: ignore[arg-type]
        events=events,  # type: ignore[arg-type]
        clock=FixedClock(),
    )
    return World(settings_repo, log, gateway, jobs, events, audit, settings, sms)


async def enable(world: World, **changes: Any) -> None:
    form = SmsSettingsForm(enabled=True, token=TOKEN, sender="Biurko", price="0,16")
    await world.settings.update(ADMIN, dataclasses.replace(form, **changes))


def test_preview_counts_after_transliteration_and_multiplies_the_cost() -> None:
    on = ComposerSettings(transliterate=True, points_per_part=Decimal("0.16"), enabled=True)
    off = dataclasses.replace(on, transliterate=False)
    text = "Zażółć gęślą jaźń"

    replaced = make_preview(text, on, recipients=3)
    kept = make_preview(text, off, recipients=3)

    assert (replaced.text, replaced.encoding, replaced.parts) == ("Zazolc gesla jazn", "GSM-7", 1)
    assert replaced.cost == Decimal("0.48") and replaced.has_polish
    assert (kept.text, kept.encoding, kept.characters, kept.remaining_in_part) == (
        text,
        "UCS-2",
        17,
        53,
    )
    assert make_preview("a" * 161, off).parts == 2
    assert make_preview("{}[]~^\\|€", off).characters == 18
    assert make_preview("", off).cost == Decimal(0)


async def test_disabled_or_tokenless_office_queues_nothing(world: World) -> None:
    assert await world.sms.queue(OFFICE, "600100200", "Test") is None
    await world.settings_repo.save_sms(
        OFFICE, dataclasses.replace(world.settings_repo.rows[OFFICE], enabled=True)
    )
    assert await world.sms.queue(OFFICE, "600100200", "Test") is None
    assert world.jobs.items == [] and world.log.rows == {}


async def test_queue_normalises_transliterates_and_enqueues(world: World) -> None:
    await enable(world)

    sms_id = await world.sms.queue(OFFICE, "600 100 200", "Zażółć", company_id=5, event_type="x")

    assert sms_id == 1
    row = world.log.rows[1]
    assert (row.to, row.body, row.encoding, row.parts) == ("+48600100200", "Zazolc", "GSM-7", 1)
    assert world.jobs.items == [("deliver_sms", (1,), "sms:1")]
    with pytest.raises(ValidationError) as caught:
        await world.sms.queue(OFFICE, "+49 600100200", "Test")
    assert "polski numer" in caught.value.errors["to"]


async def test_delivery_outcomes(world: World) -> None:
    await enable(world)
    for _ in range(3):
        await world.sms.queue(OFFICE, "600100200", "Test")
    world.gateway.outcomes = [
        "0.16",
        SmsRejected("Bramka SMS nie przyjęła żadnego numeru odbiorcy."),
        Retryable("Bramka SMS nie odpowiedziała na czas."),
        Retryable("Bramka SMS nie odpowiedziała na czas."),
    ]

    await world.sms.deliver(1, last_try=False)
    await world.sms.deliver(1, last_try=False)  # idempotent: already sent
    await world.sms.deliver(2, last_try=False)
    with pytest.raises(Retryable):
        await world.sms.deliver(3, last_try=False)
    assert world.log.rows[3].status is SmsStatus.QUEUED
    with pytest.raises(Retryable):
        await world.sms.deliver(3, last_try=True)

    assert await world.sms.statuses([1, 2, 3]) == {1: "sent", 2: "failed", 3: "failed"}
    assert world.log.rows[1].points == Decimal("0.16")
    assert world.log.rows[2].error.startswith("Bramka SMS nie przyjęła")
    assert len(world.gateway.sent) == 4
    assert world.gateway.configs[0].token == TOKEN and TOKEN not in repr(world.gateway.configs[0])
    published = [e for e in world.events.items if isinstance(e, SmsStatusChanged)]
    assert [(e.sms_id, e.status) for e in published] == [(1, "sent"), (2, "failed"), (3, "failed")]


async def test_settings_encrypt_the_token_and_audit_it_hidden(world: World) -> None:
    view = await world.settings.update(
        ADMIN, SmsSettingsForm(enabled=True, token=TOKEN, sender="Biurko")
    )
    stored = world.settings_repo.rows[OFFICE]
    assert view.token_saved and TOKEN not in repr(view)
    assert stored.token_encrypted and TOKEN not in stored.token_encrypted
    assert TOKEN not in str(world.audit.items)
    assert "(nowy token)" in str(world.audit.items)

    await world.settings.update(ADMIN, SmsSettingsForm(enabled=True, sender="Biurko"))
    assert world.settings_repo.rows[OFFICE].token_encrypted == stored.token_encrypted
    assert len(world.audit.items) == 1  # nothing changed: no second entry


async def test_only_the_admin_changes_settings_and_staff_see_the_log(world: World) -> None:
    with pytest.raises(PermissionDenied):
        await world.settings.update(EMPLOYEE, SmsSettingsForm(enabled=False))
    await enable(world)
    await world.sms.queue(OFFICE, "600100200", "A", company_id=7)
    await world.sms.queue(OFFICE, "600100201", "B", company_id=8)
    restricted = dataclasses.replace(EMPLOYEE, restricted=True, assigned_company_ids=frozenset({7}))

    assert [e.company_id for e in await world.sms.log(EMPLOYEE)] == [8, 7]
    assert [e.company_id for e in await world.sms.log(restricted)] == [7]
    preview = await world.sms.preview(EMPLOYEE, "a" * 161, recipients=2)
    assert (preview.parts, preview.cost) == (2, Decimal("0.64"))
