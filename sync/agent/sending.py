"""Pushing planned batches to the server and following them to their result: splitting a
rejected batch by file, waiting (bounded) for the processing, and recording the outcome."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from .batching import SECTIONS, FilePart, PlannedBatch, origin_of, plan_batches
from .client import Conflict, NotFound, Rejected, ServerError, SyncClient, TooLarge
from .config import AgentConfig
from .report import SECTION_LABELS, PassCounters, Say, describe_detail, sections_text
from .state import AgentState

FINAL = {"done", "failed"}


def files_split_over_batches(batches: list[PlannedBatch]) -> set[str]:
    """Digests of the files whose records were spread over more than one batch."""
    seen: set[str] = set()
    split: set[str] = set()
    for planned in batches:
        for digest in planned.files:
            (split if digest in seen else seen).add(digest)
    return split


class BatchSender:
    """Sends batches over one open client and records what became of them in the state."""

    def __init__(
        self,
        config: AgentConfig,
        state: AgentState,
        parts: dict[str, FilePart],
        count: PassCounters,
        say: Say,
        client: SyncClient,
        sleep: Callable[[float], None],
    ) -> None:
        self.config = config
        self.state = state
        self.parts = parts
        self.count = count
        self.say = say
        self.client = client
        self.sleep = sleep

    def send(self, planned: PlannedBatch, *, split_files: set[str]) -> None:
        records = planned.record_count()
        try:
            answer = self.client.submit(planned.body())
        except Rejected as error:
            self.say(f"  ODRZUCONO paczkę {planned.batch_id} ({records} rekordów): {error}")
            for detail in error.details:
                self.say(f"    {describe_detail(detail, planned)}")
            whole_files = [d for d in planned.files if d not in split_files]
            if len(planned.files) > 1 and len(whole_files) == len(planned.files):
                self._send_files_one_by_one(planned)
                return
            self._mark_files(planned.files, "rejected")
            self.count.rejected += 1
            return
        except (Conflict, TooLarge, ServerError) as error:
            self.say(f"  ODRZUCONO paczkę {planned.batch_id} ({records} rekordów): {error}")
            self._mark_files(planned.files, "rejected")
            self.count.rejected += 1
            return
        self.count.sent += 1
        self.state.record_batch(
            planned.batch_id,
            content=planned.content,
            files=planned.files,
            companies=[[nip, name] for nip, name in planned.companies.items()],
            origins=planned.origins,
        )
        self.state.save()
        self.say(
            f"  WYSŁANO   paczkę {planned.batch_id}: {records} rekordów"
            f"{sections_text(planned)}, status {answer.get('status', '?')}"
        )
        try:
            status = self.wait(planned.batch_id)
        except (NotFound, ServerError, Conflict, TooLarge, Rejected) as error:
            self.count.in_progress += 1
            self.say(
                f"  paczka {planned.batch_id}: nie udało się pobrać wyniku ({error}); "
                "sprawdzę przy następnym uruchomieniu"
            )
            return
        self.finish(planned.batch_id, status)

    def _send_files_one_by_one(self, planned: PlannedBatch) -> None:
        """Resend a rejected batch of several whole files as one batch per file, so that only
        the wrong file stays rejected."""
        self.say("  wysyłam pliki tej paczki osobno, aby znaleźć błędny")
        for digest in planned.files:
            for single in plan_batches(
                [self.parts[digest]],
                known_companies=self.state.companies,
                retries=self.state.data["retries"],
                program=self.config.program,
                max_bytes=self.config.max_batch_bytes,
            ):
                self.send(single, split_files=set())

    def _mark_files(self, digests: list[str], status: str) -> None:
        for digest in digests:
            part = self.parts[digest]
            self.state.mark_file(
                digest, path=str(part.path), format_name=part.extract.format_name, status=status
            )

    def follow_pending(self) -> None:
        pending = self.state.pending_batches()
        if pending:
            self.say(f"Sprawdzam paczki z poprzedniego uruchomienia: {len(pending)}")
        for batch_id in pending:
            try:
                status = self.wait(batch_id)
            except NotFound:
                self.say(f"  paczka {batch_id}: serwer jej nie zna, wyślę jej pliki ponownie")
                self.state.finish_batch(batch_id, "lost")
                continue
            except (ServerError, Conflict, TooLarge, Rejected) as error:
                self.say(f"  paczka {batch_id}: {error}")
                continue
            self.finish(batch_id, status)

    def wait(self, batch_id: str) -> dict[str, Any]:
        deadline = time.monotonic() + self.config.poll_timeout
        interval = self.config.poll_interval
        while True:
            status = self.client.status(batch_id)
            if status.get("status") in FINAL or time.monotonic() + interval > deadline:
                return status
            self.sleep(interval)
            interval = min(interval * 1.5, max(self.config.poll_interval, 10.0))

    def finish(self, batch_id: str, status: dict[str, Any]) -> None:
        entry = self.state.batches.get(batch_id, {})
        outcome = status.get("status")
        if outcome not in FINAL:
            entry["status"] = outcome if outcome in {"queued", "processing"} else "queued"
            self.count.in_progress += 1
            self.say(f"  paczka {batch_id}: {outcome}; wynik sprawdzę przy następnym uruchomieniu")
            return
        summary = status.get("summary") or {}
        self._report_sections(summary)
        errors = [e for e in status.get("errors") or [] if isinstance(e, dict)]
        self._report_errors(errors, entry.get("origins", {}))
        if errors and not summary:
            self.count.rejected_records += len(errors)
        if outcome == "done":
            rejected_companies = {e.get("index") for e in errors if e.get("section") == "companies"}
            created = {
                nip: name
                for position, (nip, name) in enumerate(entry.get("companies", []))
                if position not in rejected_companies
            }
            self.state.remember_companies(created)
            self.state.finish_batch(batch_id, "done")
            self.count.done += 1
            self.say(f"  paczka {batch_id}: przetworzona")
        else:
            self.state.finish_batch(batch_id, "failed")
            self.count.failed += 1
            self.say(
                f"  paczka {batch_id}: przetwarzanie na serwerze nie powiodło się; "
                "pliki pójdą ponownie przy następnym uruchomieniu"
            )

    def _report_sections(self, summary: dict[str, Any]) -> None:
        for section in SECTIONS:
            counts = summary.get(section)
            if isinstance(counts, dict):
                self.count.rejected_records += int(counts.get("rejected") or 0)
                self.say(
                    f"    {SECTION_LABELS[section]}: utworzono {counts.get('created', 0)}, "
                    f"zaktualizowano {counts.get('updated', 0)}, "
                    f"bez zmian {counts.get('unchanged', 0)}, odrzucono {counts.get('rejected', 0)}"
                )

    def _report_errors(
        self, errors: list[dict[str, Any]], origins: Mapping[str, list[list[Any]]]
    ) -> None:
        for problem in errors:
            section, index = str(problem.get("section", "?")), problem.get("index")
            where = f"{section}[{index}]"
            if problem.get("field"):
                where += f".{problem['field']}"
            path = origin_of(origins, section, index) if isinstance(index, int) else None
            self.say(
                f"    ODRZUCONO {where}: {problem.get('message', '')}"
                + (f" (plik {path})" if path else "")
            )
