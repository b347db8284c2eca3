"""One pass of the agent (``run_once``) and the loop of ``--watch`` (``run_watch``).

A pass: scan the folders, parse every file whose content the agent has not sent yet, follow
the batches a previous pass left in processing, pack the records into batches, push them one
by one, wait (bounded) for each result, record everything in the state file and print a
summary. Exit codes: 0 all sent or nothing to do; 1 a file could not be read or records were
rejected; 2 the server was unreachable after the retries, or refused the token.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO
from urllib.parse import urlsplit

from . import AGENT_NAME
from .batching import FilePart, PlannedBatch, plan_batches
from .client import AuthFailed, RetryPolicy, SyncClient, SyncError, Unreachable
from .config import AgentConfig
from .reading import FileReader, scan
from .report import PassCounters, summary_line
from .sending import BatchSender, files_split_over_batches
from .state import AgentState

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_UNREACHABLE = 2

ClientFactory = Callable[[AgentConfig, Callable[[str], None], Callable[[float], None]], SyncClient]


@dataclass
class RunResult:
    exit_code: int
    auth_failed: bool = False
    batches_sent: int = 0


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


class _Pass:
    """One run over the folders: the state, counters and output shared by reading and sending."""

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
        self.count = PassCounters()
        self.client: SyncClient | None = None
        self.parts: dict[str, FilePart] = {}

    def say(self, text: str) -> None:
        print(text, file=self.report, flush=True)

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
            self._read_and_send()
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
        if result.exit_code == EXIT_OK and self.count.had_problems():
            result.exit_code = EXIT_PROBLEMS
        result.batches_sent = self.count.sent
        self.say(summary_line(self.count, result.exit_code))
        return result

    def _read_and_send(self) -> None:
        parts = FileReader(self.config, self.state, self.parts, self.count, self.say).read_files()
        if self.config.dry_run:
            self.print_batches(self.plan(parts))
            return
        self.client = self.client_factory(
            self.config, lambda text: self.say(f"  {text}"), self.sleep
        )
        sender = BatchSender(
            self.config, self.state, self.parts, self.count, self.say, self.client, self.sleep
        )
        sender.follow_pending()
        batches = self.plan(parts)
        split_files = files_split_over_batches(batches)
        for planned in batches:
            sender.send(planned, split_files=split_files)

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


def _is_local(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host in {"localhost", "127.0.0.1", "::1"}


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
