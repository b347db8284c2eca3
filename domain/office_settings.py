"""Office settings: the profile, the logo and how the office's e-mails are sent.

Everything here is for the office administrator (``Action.MANAGE_OFFICE_SETTINGS``), except the
logo, which is public by design: it appears in the office header, the client portal and e-mails.
The SMTP password is stored encrypted with the ``SecretBox`` and is never returned by any read
method; leaving the password field empty keeps the stored one, but only for the same server and
login (otherwise the stored password could be sent to a server of someone else's choosing).

This module is the service facade; each settings area's values and checks live in its own
module (``office_profile``, ``office_logo``, ``office_smtp``), the storage port in
``office_settings_repository``; their names are re-exported here.
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass
from typing import Any

from domain.actors import Actor
from domain.audit import AuditLog
from domain.errors import NotFound, ValidationError
from domain.events import DomainEvent
from domain.images import extension, validate_logo
from domain.office_logo import (
    LOGO_CONTENT_TYPES,
    logo_content_type,
    logo_key,
    logo_path,
    logo_version,
)
from domain.office_profile import (
    ADDRESS_TOO_LONG,
    EMAIL_INVALID,
    NAME_REQUIRED,
    NAME_TOO_LONG,
    NIP_TAKEN,
    PHONE_INVALID,
    WEBSITE_INVALID,
    OfficeProfile,
    clean_profile,
)
from domain.office_settings_repository import OfficeSettingsRepository
from domain.office_smtp import (
    HIDDEN_PASSWORD,
    HOST_INVALID,
    HOST_REQUIRED,
    NEW_PASSWORD,
    NO_ADMIN_EMAIL,
    PASSWORD_AGAIN,
    PASSWORD_REQUIRED,
    PORT_INVALID,
    SENDER_INVALID,
    TEST_NEEDS_OWN_SERVER,
    TEST_SUBJECT,
    TEST_TEXT,
    USERNAME_TOO_LONG,
    OfficeSmtpLookup,
    SmtpSettingsForm,
    SmtpSettingsView,
    StoredSmtp,
    clean_smtp,
    own_smtp,
    password_for,
    platform_smtp,
    smtp_audit_values,
    smtp_view,
)
from domain.policies import Action, require
from domain.ports import EventBus, FileStore, SmtpTester
from domain.secrets_box import SecretBox
from domain.smtp import SmtpMode, SmtpServerConfig

__all__ = [
    "ADDRESS_TOO_LONG",
    "EMAIL_INVALID",
    "HIDDEN_PASSWORD",
    "HOST_INVALID",
    "HOST_REQUIRED",
    "LOGO_CONTENT_TYPES",
    "NAME_REQUIRED",
    "NAME_TOO_LONG",
    "NEW_PASSWORD",
    "NIP_TAKEN",
    "NO_ADMIN_EMAIL",
    "PASSWORD_AGAIN",
    "PASSWORD_REQUIRED",
    "PHONE_INVALID",
    "PORT_INVALID",
    "SENDER_INVALID",
    "SETTINGS_CHANGED",
    "TEST_NEEDS_OWN_SERVER",
    "TEST_SUBJECT",
    "TEST_TEXT",
    "USERNAME_TOO_LONG",
    "WEBSITE_INVALID",
    "OfficeProfile",
    "OfficeSettingsChanged",
    "OfficeSettingsRepository",
    "OfficeSettingsService",
    "OfficeSmtpLookup",
    "SmtpSettingsForm",
    "SmtpSettingsView",
    "StoredSmtp",
]

SETTINGS_CHANGED = "settings.changed"


@dataclass(frozen=True)
class OfficeSettingsChanged(DomainEvent):
    """The office's profile, logo or e-mail settings changed (``part``: which of them)."""

    part: str


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
        after = clean_profile(profile)
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
        key = logo_key(office_id, data, extension(image_format))
        if key == old_key:
            return logo_path(office_id, key)  # the very same image again: nothing changes
        await self._files.save(key, data)
        await self._repo.set_logo_key(office_id, key)
        if old_key:
            await self._files.delete(old_key)
        after = f"{image_format} {width} × {height} px"
        changes = ({"logo": "poprzednie logo" if old_key else "brak"}, {"logo": after})
        await self._changed(actor, "Zmieniono logo biura", changes, "logo")
        return logo_path(office_id, key)

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
        return logo_path(actor.office_id, key) if key else None

    async def email_logo_url(self, office_id: int) -> str | None:
        """Absolute URL of an office's logo for e-mail templates (None without a logo)."""
        key = await self._repo.logo_key(office_id)
        return f"{self._base_url}{logo_path(office_id, key)}" if key else None

    async def public_logo(self, office_id: int) -> tuple[bytes, str, str] | None:
        """``(bytes, content type, version)`` for the public ``/logo/{office_id}`` route."""
        key = await self._repo.logo_key(office_id)
        if not key:
            return None
        data = await self._files.read(key)
        if data is None:
            return None
        return data, logo_content_type(key), logo_version(key)

    # --- e-mail sending -----------------------------------------------------------------

    async def smtp_settings(self, actor: Actor) -> SmtpSettingsView:
        return smtp_view(await self._stored_smtp(_admin_office(actor)))

    async def update_smtp(self, actor: Actor, form: SmtpSettingsForm) -> SmtpSettingsView:
        office_id = _admin_office(actor)
        stored = await self._stored_smtp(office_id)
        if form.mode is SmtpMode.PLATFORM:
            new = platform_smtp(stored)
        else:
            clean = clean_smtp(form)
            new = own_smtp(clean, self._encrypted(password_for(clean, stored), stored))
        before, after = _changes(smtp_audit_values(stored), smtp_audit_values(new))
        if new.password_encrypted != stored.password_encrypted:
            before["smtp_password"], after["smtp_password"] = HIDDEN_PASSWORD, NEW_PASSWORD
        await self._repo.save_smtp(office_id, new)
        if after:
            await self._changed(actor, "Zmieniono wysyłkę e-maili", (before, after), "smtp")
        return smtp_view(new)

    async def send_test_email(self, actor: Actor, form: SmtpSettingsForm) -> str:
        """Send a test message to the administrator through the form's server (not saved).

        Returns the recipient; raises ``DomainError`` with a plain Polish message on failure.
        """
        office_id = _admin_office(actor)
        if form.mode is not SmtpMode.OWN:
            raise ValidationError.single("mode", TEST_NEEDS_OWN_SERVER)
        if not actor.email:
            raise ValidationError.single("mode", NO_ADMIN_EMAIL)
        stored = await self._stored_smtp(office_id)
        clean = clean_smtp(form)
        password = password_for(clean, stored)
        if password is None:
            password = self._box.decrypt(stored.password_encrypted)
        server = SmtpServerConfig(
            clean.host, clean.port, clean.security, clean.username, password, clean.sender
        )
        await self._tester.send_test(
            server, actor.email, TEST_SUBJECT, TEST_TEXT.format(host=clean.host)
        )
        return actor.email

    async def _stored_smtp(self, office_id: int) -> StoredSmtp:
        stored = await self._repo.smtp(office_id)
        if stored is None:
            raise NotFound()
        return stored

    def _encrypted(self, password: str | None, stored: StoredSmtp) -> str:
        """The password to store: None keeps the stored one, "" stores none."""
        if password is None:
            return stored.password_encrypted
        return self._box.encrypt(password) if password else ""

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


def _admin_office(actor: Actor) -> int:
    require(actor, Action.MANAGE_OFFICE_SETTINGS)
    if actor.office_id is None:
        raise NotFound()
    return actor.office_id


def _changes(
    before: dict[str, Any], after: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that changed, as (before, after)."""
    changed = [name for name in after if before.get(name) != after[name]]
    return {n: before.get(n) for n in changed}, {n: after[n] for n in changed}
