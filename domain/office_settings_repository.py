"""What the office settings service needs from storage: the profile, the logo key and SMTP."""

from __future__ import annotations

from typing import Protocol

from domain.office_profile import OfficeProfile
from domain.office_smtp import StoredSmtp


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
