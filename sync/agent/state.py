"""What the agent has sent: a JSON file keyed by the SHA-256 of each file's content.

::

    {
      "version": 1,
      "server": "https://biurko.example.pl",
      "files":   {"<sha256>": {"path": "...", "format": "JPK_V7M (3)", "status": "done",
                               "batches": ["ag-..."], "updated_at": "..."}},
      "batches": {"ag-...": {"status": "done", "files": ["<sha256>"], "sent_at": "...",
                             "content": "<sha256 of the batch content>"}},
      "companies": {"5261040828": "Piekarnia ..."},
      "retries": {"<sha256 of a batch content>": 1}
    }

File statuses: ``pending`` (sent, the server has not finished), ``done`` (the server processed
it: the file is not sent again until its content changes), ``rejected`` (422), ``failed`` (the
server's processing failed) and ``lost`` (the server no longer knows the batch): these three
are sent again on the next run. The file is written
atomically (temporary file, fsync, rename), so a crash never leaves half a state behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

VERSION = 1
FINAL_OK = "done"
SETTLED = {"done", "pending"}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class StateError(Exception):
    pass


class AgentState:
    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data
        self.warnings: list[str] = []

    # --- loading and saving ---------------------------------------------------------------

    @classmethod
    def empty(cls, path: Path, server: str | None) -> AgentState:
        return cls(
            path,
            {
                "version": VERSION,
                "server": server,
                "files": {},
                "batches": {},
                "companies": {},
                "retries": {},
            },
        )

    @classmethod
    def load(cls, path: Path, server: str | None) -> AgentState:
        """Read the state; a missing file is an empty state, a damaged one is set aside."""
        if not path.exists():
            return cls.empty(path, server)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("version") != VERSION:
                raise ValueError("nieznana wersja pliku stanu")
            for key in ("files", "batches", "companies", "retries"):
                if not isinstance(data.setdefault(key, {}), dict):
                    raise ValueError(f"pole {key} nie jest obiektem")
        except (OSError, ValueError) as error:
            state = cls.empty(path, server)
            backup = path.with_name(f"{path.name}.uszkodzony-{datetime.now(UTC):%Y%m%d%H%M%S}")
            with contextlib.suppress(OSError):
                path.replace(backup)
            state.warnings.append(
                f"plik stanu {path} był uszkodzony ({error}); odłożony jako {backup.name}, "
                "zaczynam od nowa (serwer rozpozna już wysłane paczki)"
            )
            return state
        state = cls(path, data)
        if server and data.get("server") not in (None, server):
            state.warnings.append(
                f"plik stanu dotyczy serwera {data.get('server')}, a teraz wysyłam do {server}: "
                "zaczynam historię od nowa"
            )
            state = cls.empty(path, server)
        state.data["server"] = server or state.data.get("server")
        return state

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps(self.data, ensure_ascii=False, indent=1, sort_keys=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent
        )
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(payload)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise

    # --- files ----------------------------------------------------------------------------

    @property
    def files(self) -> dict[str, dict[str, Any]]:
        return self.data["files"]  # type: ignore[no-any-return]

    @property
    def batches(self) -> dict[str, dict[str, Any]]:
        return self.data["batches"]  # type: ignore[no-any-return]

    def file_status(self, digest: str) -> str | None:
        entry = self.files.get(digest)
        return None if entry is None else str(entry.get("status"))

    def is_settled(self, digest: str) -> bool:
        """Sent and processed, or sent and still being processed: do not send again."""
        return self.file_status(digest) in SETTLED

    def mark_file(self, digest: str, *, path: str, format_name: str, status: str) -> None:
        entry = self.files.setdefault(digest, {"batches": []})
        entry.update(path=path, format=format_name, status=status, updated_at=_now())

    def record_batch(
        self,
        batch_id: str,
        *,
        content: str,
        files: list[str],
        companies: list[list[str]],
        origins: dict[str, list[list[Any]]],
    ) -> None:
        """A batch the server accepted (202): its files are pending until it finishes.

        ``companies`` are the ``[nip, name]`` pairs the batch creates, in the order of its
        ``companies`` section (remembered once it is done), and
        ``origins`` maps record ranges of each section to file paths, to name the file of a
        rejected record even when the result arrives in a later run."""
        self.batches[batch_id] = {
            "status": "queued",
            "files": files,
            "content": content,
            "companies": companies,
            "origins": origins,
            "sent_at": _now(),
        }
        for digest in files:
            entry = self.files[digest]
            if batch_id not in entry["batches"]:
                entry["batches"].append(batch_id)
            entry["status"] = "pending"
            entry["updated_at"] = _now()

    def begin_send(self, digests: list[str]) -> None:
        """The files are about to be sent (again): forget the batches of earlier attempts."""
        for digest in digests:
            self.files[digest]["batches"] = []

    def finish_batch(self, batch_id: str, status: str) -> None:
        """Record a batch's final status and recompute the status of its files."""
        batch = self.batches.get(batch_id)
        if batch is None:
            return
        batch["status"] = status
        batch["finished_at"] = _now()
        if status == "failed" and batch.get("content"):
            retries = self.data["retries"]
            retries[batch["content"]] = retries.get(batch["content"], 0) + 1
        for digest in batch["files"]:
            entry = self.files.get(digest)
            if entry is None or batch_id not in entry["batches"]:
                continue
            if status in {"failed", "rejected", "lost"}:
                entry["status"] = status
            elif {self.batches.get(b, {}).get("status") for b in entry["batches"]} == {FINAL_OK}:
                entry["status"] = FINAL_OK
            entry["updated_at"] = _now()

    def pending_batches(self) -> list[str]:
        return [
            batch_id
            for batch_id, batch in self.batches.items()
            if batch.get("status") in {"queued", "processing"}
        ]

    def retries(self, content: str) -> int:
        return int(self.data["retries"].get(content, 0))

    # --- companies ------------------------------------------------------------------------

    @property
    def companies(self) -> dict[str, str]:
        return self.data["companies"]  # type: ignore[no-any-return]

    def remember_companies(self, companies: dict[str, str]) -> None:
        self.companies.update(companies)
