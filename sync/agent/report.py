"""What a pass of the agent tells the person at the office computer: the Polish names of the
batch sections, the counters behind the summary line, and the wording of batch problems."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .batching import SECTIONS, PlannedBatch

SECTION_LABELS = {
    "companies": "firmy",
    "zus": "ZUS",
    "taxes": "podatki",
    "statements": "zestawienia",
}

Say = Callable[[str], None]


@dataclass
class PassCounters:
    files: int = 0
    new: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: int = 0
    sent: int = 0
    done: int = 0
    in_progress: int = 0
    rejected: int = 0
    failed: int = 0
    rejected_records: int = 0

    def had_problems(self) -> bool:
        return bool(self.errors or self.rejected or self.failed or self.rejected_records)


def summary_line(c: PassCounters, exit_code: int) -> str:
    return (
        f"Podsumowanie: plików {c.files} (nowe lub zmienione {c.new}, bez zmian {c.unchanged}, "
        f"pominięte {c.skipped}, z błędem {c.errors}); paczek wysłanych {c.sent} "
        f"(przetworzone {c.done}, w toku {c.in_progress}, odrzucone {c.rejected}, "
        f"nieudane {c.failed}); odrzuconych rekordów {c.rejected_records}. "
        f"Kod wyjścia {exit_code}."
    )


def sections_text(planned: PlannedBatch) -> str:
    parts = [
        f"{SECTION_LABELS[s]} {len(getattr(planned.batch, s))}"
        for s in SECTIONS
        if getattr(planned.batch, s)
    ]
    return f" ({', '.join(parts)})" if parts else ""


def describe_detail(detail: dict[str, Any], planned: PlannedBatch) -> str:
    location = [str(part) for part in detail.get("loc", []) if part != "body"]
    text = ".".join(location) or "paczka"
    if len(location) >= 2 and location[0] in SECTIONS and location[1].isdigit():
        path = planned.origin(location[0], int(location[1]))
        if path:
            text += f" (plik {path})"
    return f"{text}: {detail.get('msg', '')}"
