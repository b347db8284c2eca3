"""Where the office's logo is stored and the public URL it is served under.

The file key ends with a digest of the image, so a new logo gets a new URL (``?v=``) and
browsers and e-mail clients never show a cached old one.
"""

from __future__ import annotations

import hashlib

LOGO_CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg"}


def logo_key(office_id: int, data: bytes, file_extension: str) -> str:
    """The file key of this image for this office."""
    digest = hashlib.sha256(data).hexdigest()[:16]
    return f"logos/{office_id}/{digest}.{file_extension}"


def logo_path(office_id: int, key: str) -> str:
    return f"/logo/{office_id}?v={logo_version(key)}"


def logo_version(key: str) -> str:
    return key.rsplit("/", 1)[-1].split(".", 1)[0]


def logo_content_type(key: str) -> str:
    suffix = key.rsplit(".", 1)[-1]
    return LOGO_CONTENT_TYPES.get(suffix, "application/octet-stream")
