"""Attachment checks: type by content (``filetype``), never by the name; size limits.

An attachment must be one of the allowed kinds (PDF, JPEG, PNG, HEIC, WebP, Word, Excel,
OpenDocument text and spreadsheet) by its bytes, and its name's extension must agree with what
the bytes are: a text file named ``faktura.pdf`` is refused ("nie jest tym, za co się podaje").
The stored content type is the detected one. Old Office files (DOC, XLS) share one container
format, so either extension is accepted for either detected type.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype

from domain.errors import ValidationError
from domain.messages.model import MAX_ATTACHMENT_BYTES, MAX_TOTAL_BYTES, NewAttachment

OLE = frozenset({"application/msword", "application/vnd.ms-excel"})
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
# extension -> the detected content types it may carry
EXTENSIONS: dict[str, frozenset[str]] = {
    "pdf": frozenset({"application/pdf"}),
    "jpg": frozenset({"image/jpeg"}),
    "jpeg": frozenset({"image/jpeg"}),
    "png": frozenset({"image/png"}),
    "heic": frozenset({"image/heic"}),
    "heif": frozenset({"image/heic"}),
    "webp": frozenset({"image/webp"}),
    "doc": OLE,
    "xls": OLE,
    "docx": frozenset({DOCX}),
    "xlsx": frozenset({XLSX}),
    "odt": frozenset({ODT}),
    "ods": frozenset({ODS}),
}
ALLOWED_TYPES = frozenset().union(*EXTENSIONS.values())
MAX_FILES = 20
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


@dataclass(frozen=True)
class CheckedAttachment:
    filename: str
    content_type: str
    data: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def clean_filename(name: str) -> str:
    """The last path part, without control or path characters, at most 200 characters."""
    base = PurePosixPath(name.replace("\\", "/")).name
    cleaned = _UNSAFE.sub("_", base).strip(" .") or "plik"
    if len(cleaned) > 200:
        stem, dot, extension = cleaned.rpartition(".")
        cleaned = (stem[: 199 - len(extension)] + dot + extension) if dot else cleaned[:200]
    return cleaned


def check_one(attachment: NewAttachment) -> CheckedAttachment:
    name = clean_filename(attachment.filename)
    if not attachment.data:
        raise ValidationError.single("attachments", f"Plik {name} jest pusty.")
    if len(attachment.data) > MAX_ATTACHMENT_BYTES:
        raise ValidationError.single(
            "attachments", f"Plik {name} jest za duży (najwięcej 10 MB na plik)."
        )
    kind = filetype.guess(attachment.data)
    detected = kind.mime if kind is not None else None
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    claimed = EXTENSIONS.get(extension)
    if claimed is not None and detected not in claimed:
        raise ValidationError.single("attachments", f"Plik {name} nie jest tym, za co się podaje.")
    if detected not in ALLOWED_TYPES:
        raise ValidationError.single(
            "attachments",
            f"Plik {name} ma niedozwolony typ. Dozwolone: PDF, zdjęcia (JPEG, PNG, HEIC, WebP), "
            "dokumenty Word, Excel i OpenDocument.",
        )
    assert detected is not None
    digest = hashlib.sha256(attachment.data).hexdigest()
    return CheckedAttachment(name, detected, attachment.data, digest)


def check_attachments(attachments: tuple[NewAttachment, ...]) -> list[CheckedAttachment]:
    """Every attachment checked; raises ``ValidationError({"attachments": ...})``."""
    if len(attachments) > MAX_FILES:
        raise ValidationError.single("attachments", f"Najwięcej {MAX_FILES} załączników.")
    checked = [check_one(a) for a in attachments]
    if sum(a.size for a in checked) > MAX_TOTAL_BYTES:
        raise ValidationError.single(
            "attachments", "Załączniki razem są za duże (najwięcej 25 MB)."
        )
    return checked
