"""One pass of the agent (``run_once``) and the loop of ``--watch`` (``run_watch``).

A pass: scan the folders, parse every file whose content the agent has not sent yet, follow
the batches a previous pass left in processing, pack the records into batches, push them one
by one, wait (bounded) for each result, record everything in the state file and print a
summary. Exit codes: 0 all sent or nothing to do; 1 a file could not be read or records were
rejected; 2 the server was unreachable after the retries, or refused the token.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from . import AGENT_NAME
from .batching import SECTIONS, FilePart, PlannedBatch, origin_of, plan_batches
from .client import (
    AuthFailed,
    Conflict,
    NotFound,
    Rejected,
    RetryPolicy,
    ServerError,
    SyncClient,
    SyncError,
    TooLarge,
    Unreachable,
)
from .config import AgentConfig
from .formats import ParseError, UnsupportedFile, parse_bytes
from .state import AgentState

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_UNREACHABLE = 2
SECTION_LABELS = {
    "companies": "firmy",
    "zus": "ZUS",
    "taxes": "podatki",
    "statements": "zestawienia",
}
FINAL = {"done", "failed"}

ClientFactory = Callable[[AgentConfig, Callable[[str], None], Callable[[float], None]], SyncClient]


@dataclass
class RunResult:
    exit_code: int
    auth_failed: bool = False
    batches_sent: int = 0


@dataclass
class _Counters:
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
    notes: list[str] = field(default_factory=list)


def default_client(
    config: AgentConfig, log: Callable[[str], None], sleep: Callable[[float], None]
) -> SyncClient:
    assert config.url is not None and config.token is not None
    return SyncClient(
        config.url,
        config.token,
        timeout=config.request_timeout,
        retry=RetryPolicy(config.retry_attempts, config.retry_base_delay, config.retry_max_delay),
        compress=config.gzip,
        sleep=sleep,
        log=log,
    )


def scan(config: AgentConfig) -> list[Path]:
    """Regular files of the folders (hidden files and folders, the state file and the
    ``exclude`` patterns left out), sorted by path."""
    found: dict[Path, Path] = {}
    state_name = config.state_path.name.lower()
    for folder in config.dirs:
        for root, dirnames, filenames in os.walk(folder, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            if not config.recursive:
                dirnames[:] = []
            for name in filenames:
                lowered = name.lower()
                if name.startswith(".") or lowered.startswith(state_name):
                    continue
                if not any(fnmatch(lowered, pattern.lower()) for pattern in config.include):
                    continue
                if any(fnmatch(lowered, pattern.lower()) for pattern in config.exclude):
                    continue
                path = Path(root) / name
                if path.is_file():
                    found.setdefault(path.resolve(), path)
    return sorted(found.values(), key=lambda path: str(path))


class _Pass:
    def __init__(
        self,
        config: AgentConfig,
        out: TextIO,
        err: TextIO,
        client_factory: ClientFactory,
        sleep: Callable[[float], None],
    ) -> None:
        self.config = config
        self.out = out
        self.report = err if config.dry_run else out
        self.client_factory = client_factory
        self.sleep = sleep
        self.state = AgentState.load(config.state_path, config.url)
        self.count = _Counters()
        self.client: SyncClient | None = None
        self.parts: dict[str, FilePart] = {}

    def say(self, text: str) -> None:
        print(text, file=self.report, flush=True)

    # --- the pass -------------------------------------------------------------------------

    def run(self) -> RunResult:
        config = self.config
        target = "próba na sucho (nic nie wysyłam)" if config.dry_run else f"serwer {config.url}"
        self.say(f"{AGENT_NAME}: {target}; foldery: {', '.join(map(str, config.dirs))}")
        if config.url and urlsplit(config.url).scheme == "http" and not _is_local(config.url):
            self.say("UWAGA: połączenie bez szyfrowania (http://); użyj https://")
        for warning in self.state.warnings:
            self.say(f"UWAGA: {warning}")
        result = RunResult(EXIT_OK)
        try:
            parts = self.read_files()
            if not config.dry_run:
                self.client = self.client_factory(
                    config, lambda text: self.say(f"  {text}"), self.sleep
                )
                self.follow_pending()
            batches = self.plan(parts)
            if config.dry_run:
                self.print_batches(batches)
            else:
                split_files = self._split_files(batches)
                for planned in batches:
                    self.send(planned, split_files=split_files)
        except AuthFailed as error:
            self.say(f"BŁĄD: {error}")
            result = RunResult(EXIT_UNREACHABLE, auth_failed=True)
        except Unreachable as error:
            self.say(f"BŁĄD: {error}. Niewysłane pliki pójdą przy następnym uruchomieniu.")
            result = RunResult(EXIT_UNREACHABLE)
        finally:
            if self.client is not None:
                self.client.close()
            if not config.dry_run:
                self.state.save()
        if result.exit_code == EXIT_OK and self._had_problems():
            result.exit_code = EXIT_PROBLEMS
        result.batches_sent = self.count.sent
        self.summary(result)
        return result

    def _had_problems(self) -> bool:
        c = self.count
        return bool(c.errors or c.rejected or c.failed or c.rejected_records)

    # --- reading --------------------------------------------------------------------------

    def read_files(self) -> list[FilePart]:
        parts: list[FilePart] = []
        for path in scan(self.config):
            self.count.files += 1
            try:
                size = path.stat().st_size
                if size > self.config.max_file_bytes:
                    self.count.skipped += 1
                    self.say(
                        f"  POMINIĘTO {path}: plik ma {size} B, limit to "
                        f"{self.config.max_file_bytes} B"
                    )
                    continue
                data = path.read_bytes()
            except OSError as error:
                self.count.errors += 1
                self.say(f"  BŁĄD      {path}: nie można odczytać pliku ({error})")
                continue
            digest = hashlib.sha256(data).hexdigest()
            if self.state.is_settled(digest) or digest in self.parts:
                self.count.unchanged += 1
                continue
            try:
                extract = parse_bytes(data)
            except ParseError as error:
                self.count.errors += 1
                self.say(f"  BŁĄD      {path}: {error}")
                continue
            except UnsupportedFile as error:
                self.count.skipped += 1
                self.say(f"  POMINIĘTO {path}: {error}")
                continue
            except Exception as error:  # a parser bug must not hide the file or stop the run
                self.count.errors += 1
                self.say(
                    f"  BŁĄD      {path}: nieoczekiwany błąd ({type(error).__name__}: {error})"
                )
                continue
            self.count.new += 1
            counts = ", ".join(
                f"{SECTION_LABELS[s]} {len(getattr(extract, s))}"
                for s in SECTIONS
                if getattr(extract, s)
            )
            notes = "".join(f"; {note}" for note in extract.notes)
            self.say(
                f"  CZYTAM    {path}: {extract.format_name} ({counts or 'brak rekordów'}){notes}"
            )
            part = FilePart(path=path, digest=digest, extract=extract)
            self.parts[digest] = part
            parts.append(part)
        return parts

    def plan(self, parts: list[FilePart]) -> list[PlannedBatch]:
        batches = plan_batches(
            parts,
            known_companies=self.state.companies,
            retries=self.state.data["retries"],
            program=self.config.program,
            max_bytes=self.config.max_batch_bytes,
        )
        in_batches = {digest for planned in batches for digest in planned.files}
        for part in parts:
            self.state.mark_file(
                part.digest,
                path=str(part.path),
                format_name=part.extract.format_name,
                status="new",
            )
            if part.digest not in in_batches:
                self.say(f"  {part.path}: nic nowego do wysłania")
                self.state.mark_file(
                    part.digest,
                    path=str(part.path),
                    format_name=part.extract.format_name,
                    status="done",
                )
        self.state.begin_send(sorted(in_batches))
        return batches

    def print_batches(self, batches: list[PlannedBatch]) -> None:
        documents = [
            planned.batch.model_dump(mode="json", exclude_none=True) for planned in batches
        ]
        print(json.dumps(documents, ensure_ascii=False, indent=2), file=self.out, flush=True)

    # --- sending --------------------------------------------------------------------------

    @staticmethod
    def _split_files(batches: list[PlannedBatch]) -> set[str]:
        seen: set[str] = set()
        split: set[str] = set()
        for planned in batches:
            for digest in planned.files:
                (split if digest in seen else seen).add(digest)
        return split

    def send(self, planned: PlannedBatch, *, split_files: set[str]) -> None:
        assert self.client is not None
        records = planned.record_count()
        try:
            answer = self.client.submit(planned.body())
        except Rejected as error:
            self.say(f"  ODRZUCONO paczkę {planned.batch_id} ({records} rekordów): {error}")
            for detail in error.details:
                self.say(f"    {_describe_detail(detail, planned)}")
            whole_files = [d for d in planned.files if d not in split_files]
            if len(planned.files) > 1 and len(whole_files) == len(planned.files):
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
            f"{_sections_text(planned)}, status {answer.get('status', '?')}"
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
        assert self.client is not None
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
        for section in SECTIONS:
            counts = summary.get(section)
            if isinstance(counts, dict):
                self.count.rejected_records += int(counts.get("rejected") or 0)
                self.say(
                    f"    {SECTION_LABELS[section]}: utworzono {counts.get('created', 0)}, "
                    f"zaktualizowano {counts.get('updated', 0)}, "
                    f"bez zmian {counts.get('unchanged', 0)}, odrzucono {counts.get('rejected', 0)}"
                )
        errors = [e for e in status.get("errors") or [] if isinstance(e, dict)]
        origins = entry.get("origins", {})
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

    # --- summary --------------------------------------------------------------------------

    def summary(self, result: RunResult) -> None:
        c = self.count
        self.say(
            f"Podsumowanie: plików {c.files} (nowe lub zmienione {c.new}, bez zmian {c.unchanged}, "
            f"pominięte {c.skipped}, z błędem {c.errors}); paczek wysłanych {c.sent} "
            f"(przetworzone {c.done}, w toku {c.in_progress}, odrzucone {c.rejected}, "
            f"nieudane {c.failed}); odrzuconych rekordów {c.rejected_records}. "
            f"Kod wyjścia {result.exit_code}."
        )


def _is_local(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host in {"localhost", "127.0.0.1", "::1"}


def _sections_text(planned: PlannedBatch) -> str:
    parts = [
        f"{SECTION_LABELS[s]} {len(getattr(planned.batch, s))}"
        for s in SECTIONS
        if getattr(planned.batch, s)
    ]
    return f" ({', '.join(parts)})" if parts else ""


def _describe_detail(detail: dict[str, Any], planned: PlannedBatch) -> str:
    location = [str(part) for part in detail.get("loc", []) if part != "body"]
    text = ".".join(location) or "paczka"
    if len(location) >= 2 and location[0] in SECTIONS and location[1].isdigit():
        path = planned.origin(location[0], int(location[1]))
        if path:
            text += f" (plik {path})"
    return f"{text}: {detail.get('msg', '')}"


def run_once(
    config: AgentConfig,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    client_factory: ClientFactory = default_client,
    sleep: Callable[[float], None] = time.sleep,
) -> RunResult:
    return _Pass(config, out or sys.stdout, err or sys.stderr, client_factory, sleep).run()


def run_watch(
    config: AgentConfig,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    client_factory: ClientFactory = default_client,
    sleep: Callable[[float], None] = time.sleep,
    iterations: int | None = None,
) -> int:
    """Run a pass every ``config.interval`` seconds until interrupted (or a refused token)."""
    out = out or sys.stdout
    stream = (err or sys.stderr) if config.dry_run else out
    last = EXIT_OK
    done = 0
    try:
        while True:
            result = run_once(config, out=out, err=err, client_factory=client_factory, sleep=sleep)
            last = result.exit_code
            if result.auth_failed:
                return last
            done += 1
            if iterations is not None and done >= iterations:
                return last
            print(
                f"Następny przebieg za {config.interval:g} s (Ctrl+C kończy).",
                file=stream,
                flush=True,
            )
            sleep(config.interval)
    except KeyboardInterrupt:
        print("Przerwano.", file=stream, flush=True)
        return last


__all__ = [
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_UNREACHABLE",
    "RunResult",
    "SyncError",
    "run_once",
    "run_watch",
    "scan",
]
