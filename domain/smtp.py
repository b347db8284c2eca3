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


@dataclass(frozen=True)
class SmtpPreset:
    """A common provider's outgoing server: picking it fills host, port and security."""

    key: str
    name: str
    host: str
    port: int
    security: SmtpSecurity


# DOMAIN.md lists no SMTP presets, so these are the values, checked on 2026-11-28:
# Gmail against Google's published settings (smtp.gmail.com, 587 STARTTLS or 465 SSL; an app
# password since plain passwords were retired, as summarised in developer.nylas.com's "Gmail
# SMTP settings"); Interia, Onet, WP and o2 against the host/port pairs used in public mail
# configurations (poczta.interia.pl 465 SSL, also 587; smtp.poczta.onet.pl 465;
# smtp.wp.pl 465; poczta.o2.pl 465). o2 is run by WP, hence the same port and security.
SMTP_PRESETS: tuple[SmtpPreset, ...] = (
    SmtpPreset("gmail", "Gmail", "smtp.gmail.com", 587, SmtpSecurity.STARTTLS),
    SmtpPreset("interia", "Interia", "poczta.interia.pl", 465, SmtpSecurity.SSL),
    SmtpPreset("onet", "Onet", "smtp.poczta.onet.pl", 465, SmtpSecurity.SSL),
    SmtpPreset("wp", "WP", "smtp.wp.pl", 465, SmtpSecurity.SSL),
    SmtpPreset("o2", "o2", "poczta.o2.pl", 465, SmtpSecurity.SSL),
)


def find_preset(key: str) -> SmtpPreset | None:
    return next((preset for preset in SMTP_PRESETS if preset.key == key), None)


def preset_for_host(host: str) -> SmtpPreset | None:
    """The preset a saved server matches, so the select shows it again."""
    wanted = host.strip().lower()
    return next((preset for preset in SMTP_PRESETS if preset.host == wanted), None)


def is_gmail(host: str) -> bool:
    host = host.strip().lower()
    return host in {"smtp.gmail.com", "smtp.googlemail.com"} or host.endswith(".gmail.com")
