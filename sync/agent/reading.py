"""Finding the export files in the agent's folders and parsing those it has not sent yet."""

from __future__ import annotations

import hashlib
import os
from fnmatch import fnmatch
from pathlib import Path

from .batching import SECTIONS, FilePart
from .config import AgentConfig
from .formats import Extract, ParseError, UnsupportedFile, parse_bytes
from .report import SECTION_LABELS, PassCounters, Say
from .state import AgentState


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


class FileReader:
    """Reads and parses the scanned files, counting and reporting each one; ``parts`` collects
    the parsed files by content digest (a file seen twice in one pass is read once)."""

    def __init__(
        self,
        config: AgentConfig,
        state: AgentState,
        parts: dict[str, FilePart],
        count: PassCounters,
        say: Say,
    ) -> None:
        self.config = config
        self.state = state
        self.parts = parts
        self.count = count
        self.say = say

    def read_files(self) -> list[FilePart]:
        """The files whose content has not been sent yet, parsed."""
        found: list[FilePart] = []
        for path in scan(self.config):
            self.count.files += 1
            data = self._load(path)
            if data is None:
                continue
            digest = hashlib.sha256(data).hexdigest()
            if self.state.is_settled(digest) or digest in self.parts:
                self.count.unchanged += 1
                continue
            extract = self._parse(path, data)
            if extract is None:
                continue
            self.count.new += 1
            self._announce(path, extract)
            part = FilePart(path=path, digest=digest, extract=extract)
            self.parts[digest] = part
            found.append(part)
        return found

    def _load(self, path: Path) -> bytes | None:
        """The file's bytes; None when it is too large or cannot be read."""
        try:
            size = path.stat().st_size
            if size > self.config.max_file_bytes:
                self.count.skipped += 1
                self.say(
                    f"  POMINIĘTO {path}: plik ma {size} B, limit to {self.config.max_file_bytes} B"
                )
                return None
            return path.read_bytes()
        except OSError as error:
            self.count.errors += 1
            self.say(f"  BŁĄD      {path}: nie można odczytać pliku ({error})")
            return None

    def _parse(self, path: Path, data: bytes) -> Extract | None:
        """The file's records; None when it is not an export the agent reads."""
        try:
            return parse_bytes(data)
        except ParseError as error:
            self.count.errors += 1
            self.say(f"  BŁĄD      {path}: {error}")
        except UnsupportedFile as error:
            self.count.skipped += 1
            self.say(f"  POMINIĘTO {path}: {error}")
        except Exception as error:  # a parser bug must not hide the file or stop the run
            self.count.errors += 1
            self.say(f"  BŁĄD      {path}: nieoczekiwany błąd ({type(error).__name__}: {error})")
        return None

    def _announce(self, path: Path, extract: Extract) -> None:
        counts = ", ".join(
            f"{SECTION_LABELS[s]} {len(getattr(extract, s))}"
            for s in SECTIONS
            if getattr(extract, s)
        )
        notes = "".join(f"; {note}" for note in extract.notes)
        self.say(f"  CZYTAM    {path}: {extract.format_name} ({counts or 'brak rekordów'}){notes}")
