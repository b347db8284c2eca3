"""An office's own settings: profile, logo key and SMTP columns (password kept encrypted)."""

from __future__ import annotations

from domain.office_settings import OfficeProfile, StoredSmtp
from domain.smtp import SmtpMode, SmtpSecurity
from persistence.models import Office


class OfficeSettingsRepo:
    async def profile(self, office_id: int) -> OfficeProfile | None:
        row = await Office.get_or_none(id=office_id)
        if row is None:
            return None
        return OfficeProfile(
            row.name, row.nip or "", row.address, row.email, row.phone, row.website
        )

    async def save_profile(self, office_id: int, profile: OfficeProfile) -> None:
        await Office.filter(id=office_id).update(
            name=profile.name,
            nip=profile.nip or None,
            address=profile.address,
            email=profile.email,
            phone=profile.phone,
            website=profile.website,
        )

    async def nip_taken(self, nip: str, except_office_id: int) -> bool:
        return await Office.filter(nip=nip).exclude(id=except_office_id).exists()

    async def logo_key(self, office_id: int) -> str | None:
        row = await Office.get_or_none(id=office_id).values("logo_path")
        return None if row is None else str(row["logo_path"])

    async def set_logo_key(self, office_id: int, key: str) -> None:
        await Office.filter(id=office_id).update(logo_path=key)

    async def smtp(self, office_id: int) -> StoredSmtp | None:
        row = await Office.get_or_none(id=office_id)
        if row is None:
            return None
        return StoredSmtp(
            _mode(row.smtp_mode),
            row.smtp_host,
            row.smtp_port,
            _security(row.smtp_security),
            row.smtp_username,
            row.smtp_password_encrypted,
            row.smtp_sender,
        )

    async def save_smtp(self, office_id: int, smtp: StoredSmtp) -> None:
        await Office.filter(id=office_id).update(
            smtp_mode=smtp.mode.value,
            smtp_host=smtp.host,
            smtp_port=smtp.port,
            smtp_security=smtp.security.value,
            smtp_username=smtp.username,
            smtp_password_encrypted=smtp.password_encrypted,
            smtp_sender=smtp.sender,
        )


def _mode(value: str) -> SmtpMode:
    return SmtpMode(value) if value in SmtpMode._value2member_map_ else SmtpMode.PLATFORM


def _security(value: str) -> SmtpSecurity:
    return (
        SmtpSecurity(value) if value in SmtpSecurity._value2member_map_ else SmtpSecurity.STARTTLS
    )
