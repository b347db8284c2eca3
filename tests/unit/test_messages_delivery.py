"""The delivery job with in-memory fakes: chunks and progress, each channel once per row, a
re-run after a crash continues where it stopped, an invalid phone number spares the rest."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from domain.actors import ActorKind
from domain.channels import Channel
from domain.clock import FixedClock
from domain.events import DomainEvent, MessageProgress
from domain.messages import delivery as delivery_module
from domain.messages.delivery import MessageDelivery, sms_text
from domain.messages.ports import DeliveryRow, StoredAttachment, StoredMessage
from tests.support.fakes import BAD_PHONE, RecordingSms

ALL = frozenset({Channel.PORTAL, Channel.EMAIL, Channel.SMS})
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


class FakeRepo:
    def __init__(self, message: StoredMessage, rows: list[DeliveryRow]) -> None:
        self.message_row = message
        self.rows = rows

    async def message(self, office_id: int | None, message_id: int) -> StoredMessage | None:
        return self.message_row

    async def attachments(self, ids: Sequence[int]) -> dict[int, list[StoredAttachment]]:
        return {1: [StoredAttachment(5, 1, "umowa.pdf", "application/pdf", 10, "ab" * 32, "k/1")]}

    async def delivery_rows(self, message_id: int, offset: int, limit: int) -> list[DeliveryRow]:
        return self.rows[offset : offset + limit]

    async def record_delivery(self, row_id: int, email_id: int | None, sms_id: int | None) -> None:
        index = next(i for i, r in enumerate(self.rows) if r.id == row_id)
        row = self.rows[index]
        self.rows[index] = replace(
            row, email_id=row.email_id or email_id, sms_id=row.sms_id or sms_id
        )

    async def progress(self, message_id: int, done: int, finished_at: datetime | None) -> None:
        status = "sent" if finished_at else "sending"
        self.message_row = replace(self.message_row, recipients_done=done, status=status)


class Recorder:
    def __init__(self, fail_after: int | None = None) -> None:
        self.emails: list[tuple[str, str, list[Any]]] = []
        self.notes: list[tuple[ActorKind, int, str, str]] = []
        self.texts: list[tuple[str, str]] = []
        self.events: list[DomainEvent] = []
        self.fail_after = fail_after

    async def queue(
        self,
        to: str,
        template: str,
        context: dict[str, Any],
        office_id: int | None = None,
        attachments: Sequence[Any] = (),
    ) -> int:
        if self.fail_after is not None and len(self.emails) >= self.fail_after:
            raise RuntimeError("crash")
        self.emails.append((to, template, list(attachments)))
        return len(self.emails)

    async def notify(
        self,
        office_id: int | None,
        kind: ActorKind,
        user_id: int,
        title: str,
        body: str = "",
        link: str = "",
        event_type: str = "",
    ) -> int:
        self.notes.append((kind, user_id, link, event_type))
        return len(self.notes)

    async def publish(self, event: DomainEvent) -> None:
        self.events.append(event)


def message(**changes: Any) -> StoredMessage:
    base = StoredMessage(
        1,
        3,
        None,
        None,
        "broadcast",
        "staff",
        2,
        "Anna",
        "Zmiana stawek",
        "Treść",
        "sending",
        0,
        0,
        NOW,
    )
    return replace(base, **changes)


def row(
    n: int, channels: frozenset[Channel] = ALL, phone: str = "+48600100200", kind: str = "client"
) -> DeliveryRow:
    return DeliveryRow(
        n, 100 + n, f"Firma {n}", kind, 10 + n, f"u{n}@x.test", phone, "Jan", channels, None, None
    )


def make(repo: FakeRepo, recorder: Recorder, sms: RecordingSms) -> MessageDelivery:
    async def office_name(office_id: int) -> str:
        return "Biuro Rachunkowe"

    return MessageDelivery(
        repo,
        recorder,
        recorder,
        sms,
        office_name,
        recorder,  # type: ignore[arg-type]
        FixedClock(NOW),
        "http://biurko.test/",
    )


def test_every_channel_once_with_progress_per_chunk(monkeypatch: Any) -> None:
    monkeypatch.setattr(delivery_module, "CHUNK", 2)
    rows = [
        row(1),
        row(2, frozenset({Channel.EMAIL})),
        row(3, phone=BAD_PHONE),
        row(4, frozenset(), kind="staff"),
    ]
    repo = FakeRepo(message(recipients_total=4), rows)
    recorder, sms = Recorder(), RecordingSms()
    asyncio.run(make(repo, recorder, sms).deliver(1))
    assert [e[0] for e in recorder.emails] == ["u1@x.test", "u2@x.test", "u3@x.test"]
    assert recorder.emails[0][2][0].file_key == "k/1"
    assert [(k, u, link, t) for k, u, link, t in recorder.notes] == [
        (ActorKind.CLIENT, 11, "/klient/wiadomosci/1", "new_message"),
        (ActorKind.CLIENT, 13, "/klient/wiadomosci/1", "new_message"),
        (ActorKind.STAFF, 14, "/biuro/wiadomosci/watek/1", "new_message"),
    ]
    assert sms.texts == [("+48600100200", sms_text("Biuro Rachunkowe", "Zmiana stawek"))]
    assert [(r.email_id, r.sms_id) for r in repo.rows] == [
        (1, 1),
        (2, None),
        (3, None),
        (None, None),
    ]
    progress = [e for e in recorder.events if isinstance(e, MessageProgress)]
    assert [(p.done, p.total) for p in progress] == [(2, 4), (4, 4), (4, 4)]
    assert repo.message_row.status == "sent"
    asyncio.run(make(repo, recorder, sms).deliver(1))  # done: nothing again
    assert len(recorder.emails) == 3


def test_a_rerun_after_a_crash_continues_without_doubles(monkeypatch: Any) -> None:
    monkeypatch.setattr(delivery_module, "CHUNK", 2)
    repo = FakeRepo(
        message(recipients_total=5), [row(n, frozenset({Channel.EMAIL})) for n in range(1, 6)]
    )
    crashing = Recorder(fail_after=3)
    with pytest.raises(RuntimeError):
        asyncio.run(make(repo, crashing, RecordingSms()).deliver(1))
    assert repo.message_row.recipients_done == 2 and repo.rows[2].email_id == 3
    again = Recorder()
    asyncio.run(make(repo, again, RecordingSms()).deliver(1))
    assert [e[0] for e in again.emails] == ["u4@x.test", "u5@x.test"]  # row 3 kept its e-mail
    assert repo.message_row.status == "sent"


def test_sms_is_a_short_notice_not_the_body() -> None:
    text = sms_text("Biuro", "Temat " * 30)
    assert text.startswith("Nowa wiadomość od Biuro: Temat") and text.endswith(
        "Zaloguj się do Biurka."
    )
    assert len(text) < 120
