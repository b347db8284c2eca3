"""An SMTP server to send through: the platform's, or an office's own (see office_settings)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class SmtpSecurity(StrEnum):
    NONE = "none"
    STARTTLS = "starttls"
    SSL = "ssl"


class SmtpMode(StrEnum):
    """How an office's e-mails leave: the platform's server or the office's own."""

    PLATFORM = "platform"
    OWN = "own"


@dataclass(frozen=True)
class SmtpServerConfig:
    """Everything needed to send through one server; the password never appears in repr."""

    host: str
    port: int
    security: SmtpSecurity
    username: str
    password: str = field(repr=False)
    sender: str
