"""Who may log in, where they land afterwards, and the actor a logged-in account acts as."""

from __future__ import annotations

from domain.accounts.model import Account
from domain.actors import Actor, ActorKind

NOT_ACTIVATED = (
    "Twoje konto nie jest jeszcze aktywne. Ustaw hasło linkiem z e-maila aktywacyjnego "
    "albo poproś biuro o nowy link."
)
DEACTIVATED = "Twoje konto zostało wyłączone. Skontaktuj się z administratorem biura."
COMPANY_INACTIVE = (
    "Firma, do której należy Twoje konto, jest nieaktywna. Skontaktuj się ze swoim biurem."
)
LANDING = {ActorKind.STAFF: "/biuro", ActorKind.CLIENT: "/klient"}


def normalize_email(email: str) -> str:
    return email.strip().lower()


def safe_next(path: str) -> str:
    """Only same-site absolute paths may be used as a redirect target after login."""
    if path.startswith("/") and not path.startswith("//") and "\\" not in path:
        return path
    return ""


def landing_for(kind: ActorKind, next_path: str) -> str:
    landing = LANDING[kind]
    return next_path if next_path.startswith(landing) else landing


def login_blocker(account: Account) -> str:
    """Why this account may not log in now ("" when it may)."""
    if account.password_hash is None or account.activated_at is None:
        return NOT_ACTIVATED
    if not account.active:
        return DEACTIVATED
    if account.kind is ActorKind.CLIENT and not account.active_company_ids:
        return COMPANY_INACTIVE
    return ""


def actor_from(account: Account, company_id: int | None) -> Actor:
    memberships = tuple(
        m for m in account.memberships if m.company_id in account.active_company_ids
    )
    if account.kind is ActorKind.CLIENT and company_id not in account.active_company_ids:
        company_id = min(account.active_company_ids) if account.active_company_ids else None
    office_id = account.office_id
    if account.kind is ActorKind.CLIENT:
        current = next((m for m in memberships if m.company_id == company_id), None)
        office_id = current.office_id if current else None
    return Actor(
        kind=account.kind,
        user_id=account.id,
        office_id=office_id,
        role=account.role,
        restricted=account.office_restricts,
        assigned_company_ids=account.assigned_company_ids,
        memberships=memberships,
        company_id=company_id if account.kind is ActorKind.CLIENT else None,
        name=account.full_name,
        email=account.email,
        language=account.language,
    )
