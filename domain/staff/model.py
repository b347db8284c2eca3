"""Staff values: a member of an office's staff as the management page sees them."""

from __future__ import annotations

from dataclasses import dataclass

from domain.actors import StaffRole

ROLE_LABELS = {StaffRole.ADMIN: "Administrator", StaffRole.EMPLOYEE: "Pracownik"}


@dataclass(frozen=True)
class StaffMember:
    """One staff user of an office.

    ``active`` is the administrator's switch (a deactivated member cannot log in);
    ``activated`` says whether the member has set a password from the invitation yet.
    ``assigned_company_count`` counts assignments to companies that are not deleted.
    """

    id: int
    first_name: str
    last_name: str
    email: str
    role: StaffRole
    active: bool
    activated: bool
    assigned_company_count: int = 0

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_admin(self) -> bool:
        return self.role is StaffRole.ADMIN

    @property
    def can_log_in(self) -> bool:
        """Active and activated: what counts for "the last active administrator"."""
        return self.active and self.activated


@dataclass(frozen=True)
class StaffChoice:
    """A staff member in a picker or a list of a company's employees."""

    id: int
    name: str
    active: bool = True


_POLISH_ORDER = "aąbcćdeęfghijklłmnńoóprsśtuvwxyzźż"
_POLISH_RANK = {letter: f"{index:02d}" for index, letter in enumerate(_POLISH_ORDER)}


def polish_sort_key(text: str) -> str:
    """Sort key in Polish alphabetical order (Łukasz after Lucyna, not after Zofia)."""
    return "".join(_POLISH_RANK.get(ch, ch) for ch in text.casefold())
