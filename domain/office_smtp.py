"""How the office's e-mails are sent: the SMTP form, its checks, what is stored and shown, and
the lookup the mailer uses.

The password is stored encrypted and never shown; an empty password field keeps the stored one,
but only for the same server and login (otherwise the stored password could be sent to a
server of someone else's choosing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from email.utils import parseaddr
from typing import Any, Protocol

from domain.errors import ValidationError
from domain.office_profile import EMAIL_ADDRESS
from domain.secrets_box import SecretBox
from domain.smtp import SmtpMode, SmtpSecurity, SmtpServerConfig

HIDDEN_PASSWORD = "(ukryte)"  # noqa: S105 - a placeholder shown in the log
NEW_PASSWORD = "(nowe hasło)"  # noqa: S105 - a placeholder shown in the log

_HOST = re.compile(r"[A-Za-z0-9.\-\[\]:]+")
_MAX_PORT = 65535

HOST_REQUIRED = "Podaj adres serwera SMTP, np. smtp.example.pl."
HOST_INVALID = "Adres serwera może zawierać tylko litery, cyfry, kropki i myślniki."
PORT_INVALID = "Port musi być liczbą od 1 do 65535 (zwykle 587 dla STARTTLS, 465 dla SSL)."
SENDER_INVALID = "Podaj adres nadawcy, np. Biuro Kowalski <biuro@kowalski.pl>."
USERNAME_TOO_LONG = "Login może mieć najwyżej 200 znaków."
PASSWORD_REQUIRED = "Podaj hasło do serwera SMTP."  # noqa: S105 - a message
PASSWORD_AGAIN = "Zmieniono serwer lub login: wpisz hasło ponownie."  # noqa: S105
TEST_NEEDS_OWN_SERVER = "Testowy e-mail sprawdza własny serwer SMTP. Wybierz „Własny serwer SMTP”."
NO_ADMIN_EMAIL = "Twoje konto nie ma adresu e-mail, na który można wysłać test."
TEST_SUBJECT = "Biurko: testowy e-mail"
TEST_TEXT = (
    "To jest testowa wiadomość z Biurka.\n\n"
    "Skoro ją czytasz, wysyłka e-maili biura przez serwer {host} działa.\n"
)


@dataclass(frozen=True)
class SmtpSettingsForm:
    """What the administrator typed; an empty ``password`` keeps the stored one."""

    mode: SmtpMode
    host: str = ""
    port: int = 587
    security: SmtpSecurity = SmtpSecurity.STARTTLS
    username: str = ""
    password: str = field(default="", repr=False)
    sender: str = ""


@dataclass(frozen=True)
class SmtpSettingsView:
    """What the settings page shows: never the password, only whether one is saved."""

    mode: SmtpMode
    host: str
    port: int
    security: SmtpSecurity
    username: str
    sender: str
    password_saved: bool


@dataclass(frozen=True)
class StoredSmtp:
    """The office's SMTP columns as stored (the password encrypted)."""

    mode: SmtpMode
    host: str
    port: int
    security: SmtpSecurity
    username: str
    password_encrypted: str = field(repr=False)
    sender: str


def clean_smtp(form: SmtpSettingsForm) -> SmtpSettingsForm:
    """The form of an own server normalized, or ``ValidationError`` naming every wrong field."""
    errors: dict[str, str] = {}
    host = form.host.strip()
    if not host:
        errors["host"] = HOST_REQUIRED
    elif len(host) > 200 or not _HOST.fullmatch(host):
        errors["host"] = HOST_INVALID
    if not 1 <= form.port <= _MAX_PORT:
        errors["port"] = PORT_INVALID
    username = form.username.strip()
    if len(username) > 200:
        errors["username"] = USERNAME_TOO_LONG
    sender = " ".join(form.sender.split())
    _, address = parseaddr(sender)
    if not sender or len(sender) > 254 or not EMAIL_ADDRESS.fullmatch(address):
        errors["sender"] = SENDER_INVALID
    if errors:
        raise ValidationError(errors)
    return SmtpSettingsForm(
        SmtpMode.OWN, host, form.port, SmtpSecurity(form.security), username, form.password, sender
    )


def password_for(form: SmtpSettingsForm, stored: StoredSmtp) -> str | None:
    """The password to use: the typed one, "" (no login), or None to keep the stored one."""
    if not form.username:
        return ""
    if form.password:
        return form.password
    same_login = (
        bool(stored.password_encrypted)
        and stored.host.lower() == form.host.lower()
        and stored.username == form.username
    )
    if same_login:
        return None
    if stored.password_encrypted:
        raise ValidationError.single("password", PASSWORD_AGAIN)
    raise ValidationError.single("password", PASSWORD_REQUIRED)


def platform_smtp(stored: StoredSmtp) -> StoredSmtp:
    """Sending through the platform; the own server's values are kept for switching back."""
    return replace(stored, mode=SmtpMode.PLATFORM)


def own_smtp(clean: SmtpSettingsForm, password_encrypted: str) -> StoredSmtp:
    """Sending through the office's own server, from a cleaned form."""
    return StoredSmtp(
        SmtpMode.OWN,
        clean.host,
        clean.port,
        clean.security,
        clean.username,
        password_encrypted,
        clean.sender,
    )


def smtp_view(stored: StoredSmtp) -> SmtpSettingsView:
    return SmtpSettingsView(
        stored.mode,
        stored.host,
        stored.port,
        stored.security,
        stored.username,
        stored.sender,
        bool(stored.password_encrypted),
    )


def smtp_audit_values(stored: StoredSmtp) -> dict[str, Any]:
    """The stored values the audit log may show (never the password)."""
    return {
        "smtp_mode": stored.mode.value,
        "smtp_host": stored.host,
        "smtp_port": stored.port,
        "smtp_security": stored.security.value,
        "smtp_username": stored.username,
        "smtp_sender": stored.sender,
    }


class StoredSmtpSource(Protocol):
    """Where the lookup reads an office's stored SMTP settings (the settings repository)."""

    async def smtp(self, office_id: int) -> StoredSmtp | None: ...


class OfficeSmtpLookup:
    """For the mailer: an office's own SMTP server with the password decrypted, or None when
    the office sends through the platform. A password that cannot be decrypted (the secret key
    changed) raises ``DomainError``: the message fails instead of going out another way."""

    def __init__(self, repo: StoredSmtpSource, secret_box: SecretBox) -> None:
        self._repo = repo
        self._box = secret_box

    async def __call__(self, office_id: int) -> SmtpServerConfig | None:
        stored = await self._repo.smtp(office_id)
        if stored is None or stored.mode is not SmtpMode.OWN or not stored.host:
            return None
        password = self._box.decrypt(stored.password_encrypted) if stored.password_encrypted else ""
        return SmtpServerConfig(
            stored.host, stored.port, stored.security, stored.username, password, stored.sender
        )
