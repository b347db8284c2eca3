"""Files on the local disk behind the ``FileStore`` port (``<data dir>/files/<key>``).

Keys are relative paths such as ``logos/3/ab12cd.png``; anything that could leave the root
(absolute paths, ``..``, backslashes) is refused. Writes go to a temporary file first and are
renamed into place, so a reader never sees half a file.
"""

from __future__ import annotations

import asyncio
import os
import re
import uuid
from pathlib import Path

_KEY = re.compile(r"[A-Za-z0-9_\-]+(/[A-Za-z0-9_\-][A-Za-z0-9_.\-]*)*")


class LocalFileStore:
    def __init__(self, root: Path) -> None:
        self._root = root

    def path_of(self, key: str) -> Path:
        if not _KEY.fullmatch(key) or ".." in key.split("/"):
            raise ValueError(f"Invalid file key: {key!r}")
        return self._root / key

    async def save(self, key: str, data: bytes) -> None:
        await asyncio.to_thread(self._write, self.path_of(key), data)

    async def read(self, key: str) -> bytes | None:
        return await asyncio.to_thread(self._read, self.path_of(key))

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self.path_of(key).unlink, missing_ok=True)

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
        try:
            temporary.write_bytes(data)
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)

    @staticmethod
    def _read(path: Path) -> bytes | None:
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None
