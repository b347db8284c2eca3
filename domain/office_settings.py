"""Office settings: the profile, the logo and how the office's e-mails are sent.

Everything here is for the office administrator (``Action.MANAGE_OFFICE_SETTINGS``), except the
logo, which is public by design: it appears in the office header, the client portal and e-mails.
The SMTP password is stored encrypted with the ``SecretBox`` and is never returned by any read
method; leaving the password field empty keeps the stored one, but only for the same server and
login (otherwise the stored password could be sent to a server of someone else's choosing).
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from dataclasses import asdict, dataclass, field
from email.utils import parseaddr
from typing import Any, Protocol
from urllib.parse import urlsplit

from domain.actors import Actor
from domain.audit import AuditLog
from domain.errors import NotFound, ValidationError
from domain.events import DomainEvent
from domain.identifiers import normalize_nip
from domain.images import extension, validate_logo
from domain.policies import Action, require
from domain.ports import EventBus, FileStore, SmtpTester
from domain.secrets_box import SecretBox
from domain.smtp import SmtpMode, SmtpSecurity, SmtpServerConfig

SETTINGS_CHANGED = "settings.changed"
HIDDEN_PASSWORD = "(ukryte)"  # noqa: S105 - a placeholder shown in the log
NEW_PASSWORD = "(nowe hasło)"  # noqa: S105 - a placeholder shown in the log
LOGO_CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg"}

_EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+")
_PHONE = re.compile(r"\+?[0-9 ()\-]+")
_HOST = re.compile(r"[A-Za-z0-9.\-\[\]:]+")
_PHONE_MIN_DIGITS = 9
_PHONE_MAX_DIGITS = 15
_MAX_PORT = 65535

NAME_REQUIRED = "Podaj nazwę biura."
NAME_TOO_LONG = "Nazwa biura może mieć najwyżej 200 znaków."
NIP_TAKEN = "Ten NIP ma już inne biuro zarejestrowane w Biurku. Sprawdź cyfry."
EMAIL_INVALID = "Wpisz poprawny adres e-mail, np. biuro@example.pl."
PHONE_INVALID = (
    "Numer telefonu może zawierać tylko cyfry, spacje, nawiasy, myślniki i + na początku "
    "(9 do 15 cyfr)."
)
WEBSITE_INVALID = "Wpisz adres strony, np. https://biuro.pl."
ADDRESS_TOO_LONG = "Adres może mieć najwyżej 300 znaków."
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
class OfficeSettingsChanged(DomainEvent):
    """The office's profile, logo or e-mail settings changed (``part``: which of them)."""

    part: str


@dataclass(frozen=True)
class OfficeProfile:
    name: str
    nip: str
    address: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""


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


class OfficeSettingsRepository(Protocol):
    async def profile(self, office_id: int) -> OfficeProfile | None: ...

    async def save_profile(self, office_id: int, profile: OfficeProfile) -> None: ...

    async def nip_taken(self, nip: str, except_office_id: int) -> bool: ...

    async def logo_key(self, office_id: int) -> str | None:
        """The stored logo's file key ("" without a logo); None when there is no such office."""
        ...

    async def set_logo_key(self, office_id: int, key: str) -> None: ...

    async def smtp(self, office_id: int) -> StoredSmtp | None: ...

    async def save_smtp(self, office_id: int, smtp: StoredSmtp) -> None: ...


class OfficeSettingsService:
    def __init__(
        self,
        *,
        repo: OfficeSettingsRepository,
        files: FileStore,
        smtp_tester: SmtpTester,
        secret_box: SecretBox,
        audit: AuditLog,
        events: EventBus,
        base_url: str,
    ) -> None:
        self._repo = repo
        self._files = files
        self._tester = smtp_tester
        self._box = secret_box
        self._audit = audit
        self._events = events
        self._base_url = base_url.rstrip("/")

    # --- profile ------------------------------------------------------------------------

    async def profile(self, actor: Actor) -> OfficeProfile:
        office_id = _admin_office(actor)
        found = await self._repo.profile(office_id)
        if found is None:
            raise NotFound()
        return found

    async def update_profile(self, actor: Actor, profile: OfficeProfile) -> OfficeProfile:
        """Validate and save; every wrong field is reported at once."""
        office_id = _admin_office(actor)
        before = await self._repo.profile(office_id)
        if before is None:
            raise NotFound()
        after = _clean_profile(profile)
        if after.nip and await self._repo.nip_taken(after.nip, office_id):
            raise ValidationError.single("nip", NIP_TAKEN)
        changes = _changes(asdict(before), asdict(after))
        if not changes[0]:
            return after
        await self._repo.save_profile(office_id, after)
        await self._changed(actor, "Zmieniono dane biura", changes, "profile")
        return after

    # --- logo ---------------------------------------------------------------------------

    async def upload_logo(self, actor: Actor, data: bytes) -> str:
        """Check the image by its content, store it, return its URL. Nothing is stored when
        the check fails."""
        office_id = _admin_office(actor)
        image_format, width, height = await asyncio.to_thread(validate_logo, data)
        old_key = await self._repo.logo_key(office_id)
        if old_key is None:
            raise NotFound()
        digest = hashlib.sha256(data).hexdigest()[:16]
        key = f"logos/{office_id}/{digest}.{extension(image_format)}"
        if key == old_key:
            return _logo_path(office_id, key)  # the very same image again: nothing changes
        await self._files.save(key, data)
        await self._repo.set_logo_key(office_id, key)
        if old_key:
            await self._files.delete(old_key)
        after = f"{image_format} {width} × {height} px"
        changes = ({"logo": "poprzednie logo" if old_key else "brak"}, {"logo": after})
        await self._changed(actor, "Zmieniono logo biura", changes, "logo")
        return _logo_path(office_id, key)

    async def remove_logo(self, actor: Actor) -> None:
        office_id = _admin_office(actor)
        old_key = await self._repo.logo_key(office_id)
        if not old_key:
            return
        await self._repo.set_logo_key(office_id, "")
        await self._files.delete(old_key)
        changes = ({"logo": "poprzednie logo"}, {"logo": "brak"})
        await self._changed(actor, "Usunięto logo biura", changes, "logo")

    async def logo_url(self, actor: Actor) -> str | None:
        """The logo of the actor's office (staff, or a client's current company's office)."""
        if actor.office_id is None:
            return None
        key = await self._repo.logo_key(actor.office_id)
        return _logo_path(actor.office_id, key) if key else None

    async def email_logo_url(self, office_id: int) -> str | None:
        """Absolute URL of an office's logo for e-mail templates (None without a logo)."""
        key = await self._repo.logo_key(office_id)
        return f"{self._base_url}{_logo_path(office_id, key)}" if key else None

    async def public_logo(self, office_id: int) -> tuple[bytes, str, str] | None:
        """``(bytes, content type, version)`` for the public ``/logo/{office_id}`` route."""
        key = await self._repo.logo_key(office_id)
        if not key:
            return None
        data = await self._files.read(key)
        if data is None:
            return None
        suffix = key.rsplit(".", 1)[-1]
        return data, LOGO_CONTENT_TYPES.get(suffix, "application/octet-stream"), _version(key)

    # --- e-mail sending -----------------------------------------------------------------

    async def smtp_settings(self, actor: Actor) -> SmtpSettingsView:
        office_id = _admin_office(actor)
        stored = await self._repo.smtp(office_id)
        if stored is None:
            raise NotFound()
        return _view(stored)

    async def update_smtp(self, actor: Actor, form: SmtpSettingsForm) -> SmtpSettingsView:
        office_id = _admin_office(actor)
        stored = await self._repo.smtp(office_id)
        if stored is None:
            raise NotFound()
        if form.mode is SmtpMode.PLATFORM:
            new = StoredSmtp(
                SmtpMode.PLATFORM,
                stored.host,
                stored.port,
                stored.security,
                stored.username,
                stored.password_encrypted,
                stored.sender,
            )
        else:
            clean = _clean_smtp(form)
            password = _password_for(clean, stored)
            encrypted = (
                stored.password_encrypted
                if password is None
                else (self._box.encrypt(password) if password else "")
            )
            new = StoredSmtp(
                SmtpMode.OWN,
                clean.host,
                clean.port,
                clean.security,
                clean.username,
                encrypted,
                clean.sender,
            )
        before, after = _changes(_audit_view(stored), _audit_view(new))
        if new.password_encrypted != stored.password_encrypted:
            before["smtp_password"], after["smtp_password"] = HIDDEN_PASSWORD, NEW_PASSWORD
        await self._repo.save_smtp(office_id, new)
        if after:
            await self._changed(actor, "Zmieniono wysyłkę e-maili", (before, after), "smtp")
        return _view(new)

    async def send_test_email(self, actor: Actor, form: SmtpSettingsForm) -> str:
        """Send a test message to the administrator through the form's server (not saved).

        Returns the recipient; raises ``DomainError`` with a plain Polish message on failure.
        """
        office_id = _admin_office(actor)
        if form.mode is not SmtpMode.OWN:
            raise ValidationError.single("mode", TEST_NEEDS_OWN_SERVER)
        if not actor.email:
            raise ValidationError.single("mode", NO_ADMIN_EMAIL)
        stored = await self._repo.smtp(office_id)
        if stored is None:
            raise NotFound()
        clean = _clean_smtp(form)
        password = _password_for(clean, stored)
        if password is None:
            password = self._box.decrypt(stored.password_encrypted)
        server = SmtpServerConfig(
            clean.host, clean.port, clean.security, clean.username, password, clean.sender
        )
        await self._tester.send_test(
            server, actor.email, TEST_SUBJECT, TEST_TEXT.format(host=clean.host)
        )
        return actor.email

    async def _changed(
        self,
        actor: Actor,
        summary: str,
        changes: tuple[dict[str, Any], dict[str, Any]],
        part: str,
    ) -> None:
        before, after = changes
        await self._audit.record(
            actor, SETTINGS_CHANGED, summary, details={"before": before, "after": after}
        )
        await self._events.publish(OfficeSettingsChanged(actor.office_id, part))


class OfficeSmtpLookup:
    """For the mailer: an office's own SMTP server with the password decrypted, or None when
    the office sends through the platform. A password that cannot be decrypted (the secret key
    changed) raises ``DomainError``: the message fails instead of going out another way."""

    def __init__(self, repo: OfficeSettingsRepository, secret_box: SecretBox) -> None:
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


def _admin_office(actor: Actor) -> int:
    require(actor, Action.MANAGE_OFFICE_SETTINGS)
    if actor.office_id is None:
        raise NotFound()
    return actor.office_id


def _logo_path(office_id: int, key: str) -> str:
    return f"/logo/{office_id}?v={_version(key)}"


def _version(key: str) -> str:
    return key.rsplit("/", 1)[-1].split(".", 1)[0]


def _changes(
    before: dict[str, Any], after: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that changed, as (before, after)."""
    changed = [name for name in after if before.get(name) != after[name]]
    return {n: before.get(n) for n in changed}, {n: after[n] for n in changed}


def _clean_profile(profile: OfficeProfile) -> OfficeProfile:
    errors: dict[str, str] = {}
    name = " ".join(profile.name.split())
    if not name:
        errors["name"] = NAME_REQUIRED
    elif len(name) > 200:
        errors["name"] = NAME_TOO_LONG
    nip = ""
    try:
        nip = normalize_nip(profile.nip)
    except ValidationError as error:
        errors.update(error.errors)
    address = " ".join(profile.address.split())
    if len(address) > 300:
        errors["address"] = ADDRESS_TOO_LONG
    email = profile.email.strip()
    if email and (len(email) > 254 or not _EMAIL.fullmatch(email)):
        errors["email"] = EMAIL_INVALID
    phone = " ".join(profile.phone.split())
    if phone and not _valid_phone(phone):
        errors["phone"] = PHONE_INVALID
    website = _clean_website(profile.website)
    if website is None:
        errors["website"] = WEBSITE_INVALID
    if errors:
        raise ValidationError(errors)
    return OfficeProfile(name, nip, address, email, phone, website or "")


def _valid_phone(phone: str) -> bool:
    digits = sum(character.isdigit() for character in phone)
    return (
        len(phone) <= 20
        and _PHONE.fullmatch(phone) is not None
        and "+" not in phone[1:]
        and _PHONE_MIN_DIGITS <= digits <= _PHONE_MAX_DIGITS
    )


def _clean_website(value: str) -> str | None:
    """``biuro.pl`` -> ``https://biuro.pl``; "" stays ""; None when it is not a web address."""
    website = value.strip()
    if not website:
        return ""
    if "://" not in website:
        website = "https://" + website
    parts = urlsplit(website)
    host = parts.hostname or ""
    if (
        parts.scheme not in {"http", "https"}
        or "." not in host
        or any(character.isspace() for character in website)
        or len(website) > 200
    ):
        return None
    return website


def _clean_smtp(form: SmtpSettingsForm) -> SmtpSettingsForm:
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
    if not sender or len(sender) > 254 or not _EMAIL.fullmatch(address):
        errors["sender"] = SENDER_INVALID
    if errors:
        raise ValidationError(errors)
    return SmtpSettingsForm(
        SmtpMode.OWN, host, form.port, SmtpSecurity(form.security), username, form.password, sender
    )


def _password_for(form: SmtpSettingsForm, stored: StoredSmtp) -> str | None:
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


def _view(stored: StoredSmtp) -> SmtpSettingsView:
    return SmtpSettingsView(
        stored.mode,
        stored.host,
        stored.port,
        stored.security,
        stored.username,
        stored.sender,
        bool(stored.password_encrypted),
    )


def _audit_view(stored: StoredSmtp) -> dict[str, Any]:
    return {
        "smtp_mode": stored.mode.value,
        "smtp_host": stored.host,
        "smtp_port": stored.port,
        "smtp_security": stored.security.value,
        "smtp_username": stored.username,
        "smtp_sender": stored.sender,
    }
