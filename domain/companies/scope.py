"""Which companies a staff actor's lists may contain: the office, and for a restricted
employee only the assigned companies."""

from __future__ import annotations

from domain.actors import Actor
from domain.companies.company_list import CompanyScope
from domain.errors import NotFound


def company_scope(actor: Actor) -> CompanyScope:
    """The companies a staff actor's lists may contain."""
    if actor.office_id is None:
        # require(...) lets only staff through, and staff always belong to an office.
        raise NotFound()
    if actor.is_admin or not actor.restricted:
        return CompanyScope(actor.office_id)
    return CompanyScope(actor.office_id, frozenset(actor.assigned_company_ids))


def page_office(actor: Actor) -> int:
    return company_scope(actor).office_id
