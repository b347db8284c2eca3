"""Client users of a company: the form, the validated values, rows and the result of adding."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.actors import ClientRole


@dataclass(frozen=True)
class ClientUserForm:
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    role: str = ClientRole.FIRMA.value
    can_edit_company: bool = False
    use_email: bool = True
    send_activation: bool = True


@dataclass(frozen=True)
class ClientUserData:
    """Validated values of a new member."""

    first_name: str
    last_name: str
    email: str
    phone: str
    role: ClientRole
    can_edit_company: bool
    use_email: bool


@dataclass(frozen=True)
class ExistingClientUser:
    id: int
    full_name: str
    activated_at: datetime | None


@dataclass(frozen=True)
class ClientUserRow:
    """A client user as a member of one company."""

    user_id: int
    first_name: str
    last_name: str
    email: str
    phone: str
    role: ClientRole
    can_edit_company: bool
    use_email: bool
    active: bool
    activated_at: datetime | None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def activated(self) -> bool:
        return self.activated_at is not None


@dataclass(frozen=True)
class AddUserResult:
    user_id: int
    existing_account: bool
    activation_sent: bool
