"""Where a client user is: the companies they may switch between and their office's card.

Two small reads for the portal's frame and dashboard. A client may belong to companies of
several offices; the card is the office of the company currently selected, so clients see
their accountant's name and contacts, not a software vendor's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from domain.actors import Actor, ClientRole
from domain.companies.model import CompanyHead
from domain.office_settings import OfficeProfile
from domain.policies import Action, require


class CompanyHeads(Protocol):
    async def head(
        self, office_id: int, company_id: int, include_deleted: bool = False
    ) -> CompanyHead | None: ...


class OfficeProfiles(Protocol):
    async def profile(self, office_id: int) -> OfficeProfile | None: ...


@dataclass(frozen=True)
class CompanyChoice:
    """One company of the switcher."""

    id: int
    name: str
    role: ClientRole


@dataclass(frozen=True)
class OfficeCard:
    """The office's contacts as the client sees them."""

    name: str
    email: str
    phone: str
    website: str
    address: str


class PortalDirectory:
    def __init__(self, companies: CompanyHeads, offices: OfficeProfiles) -> None:
        self._companies = companies
        self._offices = offices

    async def companies(self, actor: Actor) -> list[CompanyChoice]:
        """The client's active companies, by name (the current one included)."""
        require(actor, Action.USE_CLIENT_PORTAL)
        choices = []
        for membership in actor.memberships:
            head = await self._companies.head(membership.office_id, membership.company_id)
            if head is not None and head.active:
                choices.append(CompanyChoice(head.id, head.name, membership.role))
        return sorted(choices, key=lambda choice: (choice.name.casefold(), choice.id))

    async def office_card(self, actor: Actor) -> OfficeCard | None:
        """The contacts of the current company's office; None when it has none stored."""
        require(actor, Action.USE_CLIENT_PORTAL)
        membership = actor.current_membership
        if membership is None:
            return None
        profile = await self._offices.profile(membership.office_id)
        if profile is None:
            return None
        return OfficeCard(
            profile.name, profile.email, profile.phone, profile.website, profile.address
        )
