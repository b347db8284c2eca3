"""Who is acting: the one ``Actor`` type that both the session and the sync API produce."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ActorKind(StrEnum):
    STAFF = "staff"
    CLIENT = "client"
    SYNC = "sync"


class StaffRole(StrEnum):
    ADMIN = "admin"
    EMPLOYEE = "employee"


class ClientRole(StrEnum):
    FIRMA = "firma"
    WSPOLNIK = "wspolnik"


@dataclass(frozen=True)
class Membership:
    """A client user's place in one company."""

    company_id: int
    office_id: int
    role: ClientRole
    can_edit_company: bool = False


@dataclass(frozen=True)
class Actor:
    """The authenticated subject of every service call.

    Staff and sync actors belong to one office. A client user may belong to companies of several
    offices; ``memberships`` lists them and ``company_id`` is the company currently selected.
    ``restricted`` is the office switch "Ogranicz dostęp pracowników do firm"; when it is on, an
    employee sees only ``assigned_company_ids``.
    """

    kind: ActorKind
    user_id: int
    office_id: int | None = None
    role: StaffRole | None = None
    restricted: bool = False
    assigned_company_ids: frozenset[int] = frozenset()
    memberships: tuple[Membership, ...] = ()
    company_id: int | None = None
    name: str = ""
    email: str = ""
    language: str = "pl"

    @property
    def is_staff(self) -> bool:
        return self.kind is ActorKind.STAFF

    @property
    def is_admin(self) -> bool:
        return self.kind is ActorKind.STAFF and self.role is StaffRole.ADMIN

    @property
    def is_client(self) -> bool:
        return self.kind is ActorKind.CLIENT

    def membership(self, company_id: int) -> Membership | None:
        return next((m for m in self.memberships if m.company_id == company_id), None)

    @property
    def current_membership(self) -> Membership | None:
        return None if self.company_id is None else self.membership(self.company_id)


@dataclass(frozen=True)
class CompanyRef:
    """The minimum a policy needs to know about a company."""

    id: int
    office_id: int
    active: bool = True


@dataclass(frozen=True)
class UserSummary:
    """A logged-in user as the session keeps it (ids only, no secrets)."""

    kind: ActorKind
    user_id: int
    email: str
    name: str
    language: str = "pl"
    extra: dict[str, str] = field(default_factory=dict)
