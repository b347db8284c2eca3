"""Proof of delivery and reading: the CSV export and the PDF confirmation's document model.

Both list the same rows (company, NIP, person, channels, first read time in Warsaw time). The
PDF "Potwierdzenie doręczenia i odczytu" adds the message (subject, date, author, attachments
with their SHA-256), the totals and the generation time; ``ConfirmationRenderer`` lays it out
(``tasks/message_renderer.py``, borb), this module only decides what it says.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from domain.channels import Channel
from domain.clock import to_warsaw
from domain.messages.model import MessageSummary
from domain.messages.ports import StoredAttachment, StoredMessage, StoredReceipt

CSV_HEADER = ("Firma", "NIP", "Osoba", "Kanały", "Przeczytano")
CHANNEL_NAMES = {Channel.PORTAL: "portal", Channel.EMAIL: "e-mail", Channel.SMS: "SMS"}
TITLE = "Potwierdzenie doręczenia i odczytu"


def channels_text(channels: frozenset[Channel]) -> str:
    return ", ".join(CHANNEL_NAMES[c] for c in Channel if c in channels)


def iso_warsaw(moment: datetime | None) -> str:
    return "" if moment is None else to_warsaw(moment).isoformat(timespec="seconds")


def receipts_csv(rows: list[StoredReceipt]) -> bytes:
    """Semicolon-separated, UTF-8 with a BOM (Excel opens Polish letters right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow(
            (
                row.company_name,
                row.company_identifier,
                row.person_name,
                channels_text(row.channels),
                iso_warsaw(row.read_at),
            )
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@dataclass(frozen=True)
class ConfirmationRow:
    company: str
    nip: str
    person: str
    channels: str
    read_at: str  # "" when not read


@dataclass(frozen=True)
class ConfirmationDocument:
    office_name: str
    title: str
    subject: str
    sent: str  # "Wysłano 27.11.2026 10:00"
    author: str
    attachments: tuple[str, ...]  # "umowa.pdf (12 345 B), SHA-256: ab12…"
    totals: str  # "Przeczytało 3 z 5 osób w 2 z 3 firm"
    rows: tuple[ConfirmationRow, ...]
    generated: str  # "Wygenerowano 28.11.2026 06:00"

    def characters(self) -> set[str]:
        seen: set[str] = set()

        def collect(text: str) -> str:
            seen.update(text)
            return text

        self.map_text(collect)
        return seen

    def map_text(self, change: Callable[[str], str]) -> ConfirmationDocument:
        def row(r: ConfirmationRow) -> ConfirmationRow:
            return ConfirmationRow(
                change(r.company),
                change(r.nip),
                change(r.person),
                change(r.channels),
                change(r.read_at),
            )

        return replace(
            self,
            office_name=change(self.office_name),
            title=change(self.title),
            subject=change(self.subject),
            sent=change(self.sent),
            author=change(self.author),
            attachments=tuple(change(a) for a in self.attachments),
            totals=change(self.totals),
            rows=tuple(row(r) for r in self.rows),
            generated=change(self.generated),
        )


class ConfirmationRenderer(Protocol):
    """Lays the confirmation out as a PDF. Blocking: call it off the event loop."""

    def render(self, document: ConfirmationDocument) -> bytes: ...


def moment_text(moment: datetime) -> str:
    return to_warsaw(moment).strftime("%d.%m.%Y %H:%M")


def read_text(moment: datetime | None) -> str:
    return "" if moment is None else to_warsaw(moment).strftime("%d.%m.%Y %H:%M:%S")


def build_confirmation(
    office_name: str,
    message: StoredMessage,
    summary: MessageSummary,
    attachments: list[StoredAttachment],
    rows: list[StoredReceipt],
    now: datetime,
) -> ConfirmationDocument:
    return ConfirmationDocument(
        office_name=office_name,
        title=TITLE,
        subject=message.subject,
        sent=f"Wysłano {moment_text(message.created_at)}",
        author=f"Autor: {message.author_name}",
        attachments=tuple(f"{a.filename} ({a.size} B), SHA-256: {a.sha256}" for a in attachments),
        totals=(
            f"Przeczytało {summary.people_read} z {summary.people_total} osób"
            f" w {summary.companies_read} z {summary.companies_total} firm"
        ),
        rows=tuple(
            ConfirmationRow(
                r.company_name,
                r.company_identifier,
                r.person_name,
                channels_text(r.channels),
                read_text(r.read_at),
            )
            for r in rows
        ),
        generated=f"Wygenerowano {moment_text(now)}",
    )
