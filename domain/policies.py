"""Who may do what: pure functions over an ``Actor`` and domain values.

Every service asks here first; nothing else in the code base decides authorization. The rules
are a matrix of role x action x whose data, unit-tested as such in ``tests/unit/test_policies``.
"""

from __future__ import annotations

from enum import StrEnum

from domain.actors import Actor, ActorKind, ClientRole, CompanyRef
from domain.errors import NotFound, PermissionDenied
from domain.messages.model import MessageKind, UserKind
from domain.messages.ports import StoredMessage


class Action(StrEnum):
    """Actions that do not depend on a particular company."""

    VIEW_OFFICE_DASHBOARD = "view_office_dashboard"
    MANAGE_OFFICE_SETTINGS = "manage_office_settings"
    MANAGE_STAFF = "manage_staff"
    VIEW_BILLING = "view_billing"
    VIEW_AUDIT_LOG = "view_audit_log"
    VIEW_SENT_EMAILS = "view_sent_emails"
    MANAGE_SYNC_TOKENS = "manage_sync_tokens"
    CREATE_COMPANY = "create_company"
    LIST_COMPANIES = "list_companies"
    USE_CLIENT_PORTAL = "use_client_portal"
    PUSH_SYNC_DATA = "push_sync_data"
    SEND_MESSAGES = "send_messages"


class CompanyAction(StrEnum):
    """Actions on one company's data."""

    VIEW = "view"
    EDIT = "edit"
    CHANGE_STATUS = "change_status"
    DELETE = "delete"
    MANAGE_USERS = "manage_users"
    MANAGE_ENTRIES = "manage_entries"
    VIEW_AS_CLIENT = "view_as_client"
    EDIT_AS_CLIENT = "edit_as_client"
    MANAGE_BANK_ACCOUNTS = "manage_bank_accounts"


_ADMIN_ONLY = frozenset(
    {
        Action.MANAGE_OFFICE_SETTINGS,
        Action.MANAGE_STAFF,
        Action.VIEW_BILLING,
        Action.VIEW_AUDIT_LOG,
        Action.VIEW_SENT_EMAILS,
        Action.MANAGE_SYNC_TOKENS,
    }
)
_ANY_STAFF = frozenset(
    {
        Action.VIEW_OFFICE_DASHBOARD,
        Action.CREATE_COMPANY,
        Action.LIST_COMPANIES,
        Action.SEND_MESSAGES,
    }
)
_STAFF_COMPANY_ACTIONS = frozenset(
    {
        CompanyAction.VIEW,
        CompanyAction.EDIT,
        CompanyAction.CHANGE_STATUS,
        CompanyAction.DELETE,
        CompanyAction.MANAGE_USERS,
        CompanyAction.MANAGE_ENTRIES,
    }
)


def can(actor: Actor, action: Action) -> bool:
    """May the actor perform an office-wide action (within its own office)?"""
    if actor.kind is ActorKind.STAFF:
        return action in _ANY_STAFF or (action in _ADMIN_ONLY and actor.is_admin)
    if actor.kind is ActorKind.CLIENT:
        return action is Action.USE_CLIENT_PORTAL and actor.company_id is not None
    return action is Action.PUSH_SYNC_DATA


def require(actor: Actor, action: Action) -> None:
    if not can(actor, action):
        raise PermissionDenied()


def staff_visible_company_ids(actor: Actor) -> frozenset[int] | None:
    """The companies a restricted employee sees; None when the actor sees the whole office
    (an administrator, or the office has the restriction switch off)."""
    if actor.is_admin or not actor.restricted:
        return None
    return actor.assigned_company_ids


def staff_sees_company(actor: Actor, company: CompanyRef) -> bool:
    """Office scope plus the assignment restriction for employees."""
    if actor.kind is not ActorKind.STAFF or actor.office_id != company.office_id:
        return False
    visible = staff_visible_company_ids(actor)
    return visible is None or company.id in visible


def can_on_company(actor: Actor, action: CompanyAction, company: CompanyRef) -> bool:
    """May the actor perform ``action`` on ``company``'s data?"""
    if actor.kind is ActorKind.STAFF:
        return action in _STAFF_COMPANY_ACTIONS and staff_sees_company(actor, company)
    if actor.kind is ActorKind.SYNC:
        return actor.office_id == company.office_id and action is CompanyAction.MANAGE_ENTRIES
    return _client_can(actor, action, company)


def _client_can(actor: Actor, action: CompanyAction, company: CompanyRef) -> bool:
    membership = actor.membership(company.id)
    if membership is None or membership.office_id != company.office_id or not company.active:
        return False
    if action is CompanyAction.VIEW_AS_CLIENT:
        return True
    if action is CompanyAction.EDIT_AS_CLIENT:
        return membership.can_edit_company
    if action is CompanyAction.MANAGE_BANK_ACCOUNTS:
        return membership.can_edit_company and membership.role is ClientRole.FIRMA
    return False


def require_on_company(actor: Actor, action: CompanyAction, company: CompanyRef) -> None:
    """Raise NotFound when the actor may not even see the company (reveal nothing), else
    PermissionDenied when it may see it but not do this."""
    if not can_see_company(actor, company):
        raise NotFound()
    if not can_on_company(actor, action, company):
        raise PermissionDenied()


def can_see_company(actor: Actor, company: CompanyRef) -> bool:
    if actor.kind is ActorKind.CLIENT:
        return _client_can(actor, CompanyAction.VIEW_AS_CLIENT, company)
    if actor.kind is ActorKind.SYNC:
        return actor.office_id == company.office_id
    return staff_sees_company(actor, company)


def sees_own_items_only(actor: Actor, company_id: int) -> bool:
    """A Wspólnik sees only their own ZUS entries; Firma and staff see everything."""
    membership = actor.membership(company_id)
    return membership is not None and membership.role is ClientRole.WSPOLNIK


def scope_office(actor: Actor, company_id: int) -> int | None:
    """The office a query for ``company_id`` must be limited to, for this actor: their own
    office for staff and sync, the office of their membership for a client user."""
    if actor.kind is ActorKind.CLIENT:
        membership = actor.membership(company_id)
        return membership.office_id if membership else None
    return actor.office_id


# --- Messages ------------------------------------------------------------------------------


def staff_may_see_message(actor: Actor, message: StoredMessage) -> bool:
    """Staff see their office's messages; a restricted employee only the posts of assigned
    companies and the office messages (no company) they wrote themselves."""
    if message.office_id != actor.office_id:
        return False
    visible = staff_visible_company_ids(actor)
    if visible is None:
        return True
    if message.company_id is None:
        return message.author_kind == UserKind.STAFF and message.author_id == actor.user_id
    return message.company_id in visible


class ClientMessageAccess(StrEnum):
    """Whether a client user sees a message; one case depends on the recipient list."""

    VISIBLE = "visible"
    HIDDEN = "hidden"
    RECIPIENTS_ONLY = "recipients_only"


def client_message_access(
    message: StoredMessage, *, office_id: int, company_id: int
) -> ClientMessageAccess:
    """What a client user of ``company_id`` (a company of ``office_id``) may see: the posts of
    their company's threads, and the root of an office broadcast only as one of its recipients
    (which the caller looks up). Messages of another office or company are hidden."""
    if message.office_id != office_id:
        return ClientMessageAccess.HIDDEN
    if message.company_id == company_id:
        return ClientMessageAccess.VISIBLE
    if message.kind == MessageKind.BROADCAST and message.company_id is None:
        return ClientMessageAccess.RECIPIENTS_ONLY
    return ClientMessageAccess.HIDDEN
