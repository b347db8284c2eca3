"""Pack the records of parsed files into ``sync.schemas.Batch`` objects.

- companies first: one record per NIP the agent has not sent before (or named by a ``firma``
  row of the CSV), the name taken from the file with the lowest ``company_priority``;
- then every file's ``zus``, ``taxes`` and ``statements`` records, in file order;
- a batch is closed when its JSON would exceed ``max_bytes`` (5 MB by default, the server
  takes 20 MB), so a huge input becomes several batches;
- the batch id is derived from the SHA-256 of the batch content: sending the same content
  again (after a crash, a lost answer) reuses the same id and the server answers with the
  first batch's status. After a batch's processing *failed*, the next attempt adds ``-r<n>``
  so the server processes it anew.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from sync.schemas import Batch, CompanyRecord

from . import AGENT_NAME
from .formats import Extract

SECTIONS = ("companies", "zus", "taxes", "statements")
ENVELOPE_BYTES = 512
UNKNOWN_PROGRAM = "nieznany program"


@dataclass
class FilePart:
    """A parsed file ready to be sent."""

    path: Path
    digest: str
    extract: Extract


@dataclass
class PlannedBatch:
    batch: Batch
    content: str  # SHA-256 of the batch without its id
    files: list[str]  # digests of the files with records in this batch
    companies: dict[str, str]  # NIP -> name of the companies this batch creates
    origins: dict[str, list[list[Any]]] = field(default_factory=dict)  # [start, end, path]

    @property
    def batch_id(self) -> str:
        return self.batch.batch_id

    def record_count(self) -> int:
        return sum(len(getattr(self.batch, section)) for section in SECTIONS)

    def body(self) -> bytes:
        return serialize(self.batch).encode("utf-8")

    def origin(self, section: str, index: int) -> str | None:
        return origin_of(self.origins, section, index)


def origin_of(origins: Mapping[str, list[list[Any]]], section: str, index: int) -> str | None:
    for start, end, path in origins.get(section, []):
        if start <= index < end:
            return str(path)
    return None


def serialize(batch: Batch) -> str:
    return batch.model_dump_json(exclude_none=True)


def _size(record: BaseModel) -> int:
    return len(record.model_dump_json(exclude_none=True).encode("utf-8")) + 1


@dataclass
class _Open:
    sections: dict[str, list[BaseModel]] = field(
        default_factory=lambda: {section: [] for section in SECTIONS}
    )
    files: list[str] = field(default_factory=list)
    programs: set[str] = field(default_factory=set)
    companies: dict[str, str] = field(default_factory=dict)
    origins: dict[str, list[list[Any]]] = field(default_factory=dict)
    size: int = ENVELOPE_BYTES

    def add(self, section: str, record: BaseModel, part: FilePart | None) -> None:
        records = self.sections[section]
        records.append(record)
        self.size += _size(record)
        if part is None:
            return
        if part.digest not in self.files:
            self.files.append(part.digest)
        if part.extract.program:
            self.programs.add(part.extract.program)
        ranges = self.origins.setdefault(section, [])
        index = len(records) - 1
        if ranges and ranges[-1][2] == str(part.path) and ranges[-1][1] == index:
            ranges[-1][1] = index + 1
        else:
            ranges.append([index, index + 1, str(part.path)])

    def empty(self) -> bool:
        return not any(self.sections.values())


def choose_companies(
    parts: Sequence[FilePart], known: Mapping[str, str]
) -> list[tuple[CompanyRecord, FilePart]]:
    """New companies of these files: unseen NIPs and explicit ``firma`` rows, best name wins."""
    best: dict[str, tuple[int, CompanyRecord, FilePart]] = {}
    for part in parts:
        for company in part.extract.companies:
            nip = company.nip or ""
            explicit = nip in part.extract.explicit_nips
            if not explicit and nip in known:
                continue
            rank = -1 if explicit else part.extract.company_priority
            if nip not in best or rank < best[nip][0]:
                best[nip] = (rank, company, part)
    return [(company, part) for _rank, company, part in best.values()]


def plan_batches(
    parts: Sequence[FilePart],
    *,
    known_companies: Mapping[str, str],
    retries: Mapping[str, int],
    program: str | None = None,
    max_bytes: int = 5_000_000,
) -> list[PlannedBatch]:
    """Deterministic batches for ``parts`` (same input and state -> same batches and ids)."""
    batches: list[_Open] = []
    current = _Open()

    def room_for(record: BaseModel) -> None:
        nonlocal current
        if not current.empty() and current.size + _size(record) > max_bytes:
            batches.append(current)
            current = _Open()

    for company, part in choose_companies(parts, known_companies):
        room_for(company)
        current.add("companies", company, part)
        current.companies[company.nip or ""] = company.name
    for part in parts:
        for section in ("zus", "taxes", "statements"):
            for record in getattr(part.extract, section):
                room_for(record)
                current.add(section, record, part)
    if not current.empty():
        batches.append(current)
    return [_finish(open_batch, retries, program) for open_batch in batches]


def _finish(open_batch: _Open, retries: Mapping[str, int], program: str | None) -> PlannedBatch:
    source_program = program or ", ".join(sorted(open_batch.programs)) or UNKNOWN_PROGRAM
    payload: dict[str, Any] = {
        "source": {"program": source_program[:100], "agent": AGENT_NAME},
        **{
            section: [record.model_dump(mode="json", exclude_none=True) for record in records]
            for section, records in open_batch.sections.items()
        },
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    content = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    batch_id = f"ag-{content[:40]}"
    if retries.get(content):
        batch_id += f"-r{retries[content]}"
    batch = Batch.model_validate({"batch_id": batch_id, **payload})
    return PlannedBatch(
        batch=batch,
        content=content,
        files=open_batch.files,
        companies=open_batch.companies,
        origins=open_batch.origins,
    )
