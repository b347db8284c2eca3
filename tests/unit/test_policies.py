"""Authorization matrix for domain.policies: every actor x every action, written out by hand.

The expected values below are a literal table, not recomputed from the rules, so a change to
``domain/policies.py`` that alters who may do what makes a test fail here.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.actors import Actor, ActorKind, ClientRole, CompanyRef, Membership, StaffRole
from domain.errors import NotFound, PermissionDenied
from domain.messages.ports import StoredMessage
from domain.policies import (
    Action,
    ClientMessageAccess,
    CompanyAction,
    can,
    can_on_company,
    can_see_company,
    client_message_access,
    require,
    require_on_company,
    sees_own_items_only,
    staff_may_see_message,
    staff_sees_company,
)

OFFICE_A = 1
OFFICE_B = 2

# --- Companies -----------------------------------------------------------------------------

COMPANIES = {
    "A1": CompanyRef(id=11, office_id=OFFICE_A),
    "A2": CompanyRef(id=12, office_id=OFFICE_A),
    "B1": CompanyRef(id=21, office_id=OFFICE_B),
    # The same company as A1, after the office deactivated it.
    "A1off": CompanyRef(id=11, office_id=OFFICE_A, active=False),
}
A1, A2, B1 = COMPANIES["A1"], COMPANIES["A2"], COMPANIES["B1"]

# --- Actors --------------------------------------------------------------------------------

ACTORS = {
    # Office A has "Ogranicz dostęp pracowników do firm" switched on, which an admin ignores.
    "a_admin": Actor(
        kind=ActorKind.STAFF,
        user_id=1,
        office_id=OFFICE_A,
        role=StaffRole.ADMIN,
        restricted=True,
    ),
    "a_emp": Actor(kind=ActorKind.STAFF, user_id=2, office_id=OFFICE_A, role=StaffRole.EMPLOYEE),
    "a_emp_restricted": Actor(
        kind=ActorKind.STAFF,
        user_id=3,
        office_id=OFFICE_A,
        role=StaffRole.EMPLOYEE,
        restricted=True,
        assigned_company_ids=frozenset({A1.id}),
    ),
    "a1_firma": Actor(
        kind=ActorKind.CLIENT,
        user_id=4,
        memberships=(Membership(A1.id, OFFICE_A, ClientRole.FIRMA, can_edit_company=True),),
        company_id=A1.id,
    ),
    "a1_wspolnik": Actor(
        kind=ActorKind.CLIENT,
        user_id=5,
        memberships=(Membership(A1.id, OFFICE_A, ClientRole.WSPOLNIK, can_edit_company=False),),
        company_id=A1.id,
    ),
    "b1_client": Actor(
        kind=ActorKind.CLIENT,
        user_id=6,
        memberships=(Membership(B1.id, OFFICE_B, ClientRole.FIRMA, can_edit_company=True),),
        company_id=B1.id,
    ),
    "b_admin": Actor(kind=ActorKind.STAFF, user_id=7, office_id=OFFICE_B, role=StaffRole.ADMIN),
    "a_sync": Actor(kind=ActorKind.SYNC, user_id=8, office_id=OFFICE_A),
}

# --- Office-wide actions: x = allowed ------------------------------------------------------

ACTION_COLUMNS = {
    "dash": Action.VIEW_OFFICE_DASHBOARD,
    "sett": Action.MANAGE_OFFICE_SETTINGS,
    "staf": Action.MANAGE_STAFF,
    "bill": Action.VIEW_BILLING,
    "audi": Action.VIEW_AUDIT_LOG,
    "mail": Action.VIEW_SENT_EMAILS,
    "tokn": Action.MANAGE_SYNC_TOKENS,
    "crea": Action.CREATE_COMPANY,
    "list": Action.LIST_COMPANIES,
    "port": Action.USE_CLIENT_PORTAL,
    "push": Action.PUSH_SYNC_DATA,
    "msgs": Action.SEND_MESSAGES,
}

ACTION_TABLE = """
actor             dash sett staf bill audi mail tokn crea list port push msgs
a_admin            x    x    x    x    x    x    x    x    x    .    .    x
a_emp              x    .    .    .    .    .    .    x    x    .    .    x
a_emp_restricted   x    .    .    .    .    .    .    x    x    .    .    x
a1_firma           .    .    .    .    .    .    .    .    .    x    .    .
a1_wspolnik        .    .    .    .    .    .    .    .    .    x    .    .
b1_client          .    .    .    .    .    .    .    .    .    x    .    .
b_admin            x    x    x    x    x    x    x    x    x    .    .    x
a_sync             .    .    .    .    .    .    .    .    .    .    x    .
"""

# --- Company actions: see = can_see_company, then x = can_on_company ----------------------

COMPANY_COLUMNS = {
    "view": CompanyAction.VIEW,
    "edit": CompanyAction.EDIT,
    "stat": CompanyAction.CHANGE_STATUS,
    "dele": CompanyAction.DELETE,
    "usrs": CompanyAction.MANAGE_USERS,
    "entr": CompanyAction.MANAGE_ENTRIES,
    "vcli": CompanyAction.VIEW_AS_CLIENT,
    "ecli": CompanyAction.EDIT_AS_CLIENT,
    "bank": CompanyAction.MANAGE_BANK_ACCOUNTS,
}

COMPANY_TABLE = """
actor             company  see  view edit stat dele usrs entr vcli ecli bank
a_admin           A1        x    x    x    x    x    x    x    .    .    .
a_admin           A2        x    x    x    x    x    x    x    .    .    .
a_admin           B1        .    .    .    .    .    .    .    .    .    .
a_admin           A1off     x    x    x    x    x    x    x    .    .    .
a_emp             A1        x    x    x    x    x    x    x    .    .    .
a_emp             A2        x    x    x    x    x    x    x    .    .    .
a_emp             B1        .    .    .    .    .    .    .    .    .    .
a_emp             A1off     x    x    x    x    x    x    x    .    .    .
a_emp_restricted  A1        x    x    x    x    x    x    x    .    .    .
a_emp_restricted  A2        .    .    .    .    .    .    .    .    .    .
a_emp_restricted  B1        .    .    .    .    .    .    .    .    .    .
a_emp_restricted  A1off     x    x    x    x    x    x    x    .    .    .
a1_firma          A1        x    .    .    .    .    .    .    x    x    x
a1_firma          A2        .    .    .    .    .    .    .    .    .    .
a1_firma          B1        .    .    .    .    .    .    .    .    .    .
a1_firma          A1off     .    .    .    .    .    .    .    .    .    .
a1_wspolnik       A1        x    .    .    .    .    .    .    x    .    .
a1_wspolnik       A2        .    .    .    .    .    .    .    .    .    .
a1_wspolnik       B1        .    .    .    .    .    .    .    .    .    .
a1_wspolnik       A1off     .    .    .    .    .    .    .    .    .    .
b1_client         A1        .    .    .    .    .    .    .    .    .    .
b1_client         A2        .    .    .    .    .    .    .    .    .    .
b1_client         B1        x    .    .    .    .    .    .    x    x    x
b1_client         A1off     .    .    .    .    .    .    .    .    .    .
b_admin           A1        .    .    .    .    .    .    .    .    .    .
b_admin           A2        .    .    .    .    .    .    .    .    .    .
b_admin           B1        x    x    x    x    x    x    x    .    .    .
b_admin           A1off     .    .    .    .    .    .    .    .    .    .
a_sync            A1        x    .    .    .    .    .    x    .    .    .
a_sync            A2        x    .    .    .    .    .    x    .    .    .
a_sync            B1        .    .    .    .    .    .    .    .    .    .
a_sync            A1off     x    .    .    .    .    .    x    .    .    .
"""


def _cell(value: str) -> bool:
    assert value in {"x", "."}, f"bad table cell {value!r}"
    return value == "x"


def _parse_actions() -> dict[tuple[str, Action], bool]:
    header, *rows = ACTION_TABLE.strip().splitlines()
    columns = header.split()[1:]
    assert set(columns) == set(ACTION_COLUMNS)
    table = {}
    for row in rows:
        actor, *cells = row.split()
        assert len(cells) == len(columns), row
        for column, cell in zip(columns, cells, strict=True):
            table[actor, ACTION_COLUMNS[column]] = _cell(cell)
    return table


def _parse_company() -> dict[tuple[str, str], tuple[bool, dict[CompanyAction, bool]]]:
    header, *rows = COMPANY_TABLE.strip().splitlines()
    columns = header.split()[3:]
    assert set(columns) == set(COMPANY_COLUMNS)
    table = {}
    for row in rows:
        actor, company, see, *cells = row.split()
        assert len(cells) == len(columns), row
        allowed = {
            COMPANY_COLUMNS[column]: _cell(cell)
            for column, cell in zip(columns, cells, strict=True)
        }
        table[actor, company] = (_cell(see), allowed)
    return table


EXPECTED_ACTIONS = _parse_actions()
EXPECTED_COMPANY = _parse_company()


def test_tables_cover_every_actor_action_and_company() -> None:
    # A new Action / CompanyAction / actor must be added to the tables explicitly.
    assert set(ACTION_COLUMNS.values()) == set(Action)
    assert set(COMPANY_COLUMNS.values()) == set(CompanyAction)
    assert set(EXPECTED_ACTIONS) == {(a, act) for a in ACTORS for act in Action}
    assert set(EXPECTED_COMPANY) == {(a, c) for a in ACTORS for c in COMPANIES}


@pytest.mark.parametrize(("actor_name", "action"), sorted(EXPECTED_ACTIONS))
def test_can(actor_name: str, action: Action) -> None:
    expected = EXPECTED_ACTIONS[actor_name, action]
    assert can(ACTORS[actor_name], action) is expected
    if expected:
        require(ACTORS[actor_name], action)
    else:
        with pytest.raises(PermissionDenied):
            require(ACTORS[actor_name], action)


@pytest.mark.parametrize(("actor_name", "company_name"), sorted(EXPECTED_COMPANY))
def test_can_see_company(actor_name: str, company_name: str) -> None:
    see, _ = EXPECTED_COMPANY[actor_name, company_name]
    assert can_see_company(ACTORS[actor_name], COMPANIES[company_name]) is see


@pytest.mark.parametrize(
    ("actor_name", "company_name", "action"),
    [(a, c, act) for (a, c) in sorted(EXPECTED_COMPANY) for act in CompanyAction],
)
def test_can_on_company(actor_name: str, company_name: str, action: CompanyAction) -> None:
    _, allowed = EXPECTED_COMPANY[actor_name, company_name]
    assert can_on_company(ACTORS[actor_name], action, COMPANIES[company_name]) is allowed[action]


@pytest.mark.parametrize(
    ("actor_name", "company_name", "action"),
    [(a, c, act) for (a, c) in sorted(EXPECTED_COMPANY) for act in CompanyAction],
)
def test_require_on_company(actor_name: str, company_name: str, action: CompanyAction) -> None:
    see, allowed = EXPECTED_COMPANY[actor_name, company_name]
    actor, company = ACTORS[actor_name], COMPANIES[company_name]
    if not see:
        with pytest.raises(NotFound):
            require_on_company(actor, action, company)
    elif not allowed[action]:
        with pytest.raises(PermissionDenied):
            require_on_company(actor, action, company)
    else:
        require_on_company(actor, action, company)


def test_nothing_is_allowed_on_a_company_that_cannot_be_seen() -> None:
    # A consistency check on the hand-written table itself.
    for (actor_name, company_name), (see, allowed) in EXPECTED_COMPANY.items():
        if not see:
            assert not any(allowed.values()), (actor_name, company_name)


# --- The headline cases, spelled out -------------------------------------------------------


def test_restricted_employee_cannot_see_unassigned_company() -> None:
    actor = ACTORS["a_emp_restricted"]
    assert not staff_sees_company(actor, A2)
    with pytest.raises(NotFound):
        require_on_company(actor, CompanyAction.VIEW, A2)
    require_on_company(actor, CompanyAction.VIEW, A1)


def test_admin_of_other_office_cannot_see_company() -> None:
    with pytest.raises(NotFound):
        require_on_company(ACTORS["b_admin"], CompanyAction.VIEW, A1)


def test_staff_may_not_act_as_client() -> None:
    with pytest.raises(PermissionDenied):
        require_on_company(ACTORS["a_admin"], CompanyAction.VIEW_AS_CLIENT, A1)


@pytest.mark.parametrize("action", list(CompanyAction))
def test_client_of_inactive_company_sees_nothing(action: CompanyAction) -> None:
    actor = ACTORS["a1_firma"]
    inactive = COMPANIES["A1off"]
    assert not can_see_company(actor, inactive)
    assert not can_on_company(actor, action, inactive)
    with pytest.raises(NotFound):
        require_on_company(actor, action, inactive)


@pytest.mark.parametrize(
    "action", [CompanyAction.MANAGE_BANK_ACCOUNTS, CompanyAction.EDIT_AS_CLIENT]
)
def test_wspolnik_may_not_edit_but_firma_with_edit_right_may(action: CompanyAction) -> None:
    with pytest.raises(PermissionDenied):
        require_on_company(ACTORS["a1_wspolnik"], action, A1)
    require_on_company(ACTORS["a1_firma"], action, A1)


def _client(role: ClientRole, can_edit: bool) -> Actor:
    return Actor(
        kind=ActorKind.CLIENT,
        user_id=50,
        memberships=(Membership(A1.id, OFFICE_A, role, can_edit_company=can_edit),),
        company_id=A1.id,
    )


@pytest.mark.parametrize(
    ("role", "can_edit", "view", "edit", "bank"),
    [
        (ClientRole.FIRMA, True, True, True, True),
        (ClientRole.FIRMA, False, True, False, False),
        # Bank accounts belong to the company: an editing Wspólnik still may not manage them.
        (ClientRole.WSPOLNIK, True, True, True, False),
        (ClientRole.WSPOLNIK, False, True, False, False),
    ],
)
def test_client_membership_flags(
    role: ClientRole, can_edit: bool, view: bool, edit: bool, bank: bool
) -> None:
    actor = _client(role, can_edit)
    assert can_on_company(actor, CompanyAction.VIEW_AS_CLIENT, A1) is view
    assert can_on_company(actor, CompanyAction.EDIT_AS_CLIENT, A1) is edit
    assert can_on_company(actor, CompanyAction.MANAGE_BANK_ACCOUNTS, A1) is bank
    for staff_action in (CompanyAction.VIEW, CompanyAction.EDIT, CompanyAction.MANAGE_ENTRIES):
        assert not can_on_company(actor, staff_action, A1)


def test_client_with_companies_in_two_offices_sees_both() -> None:
    actor = Actor(
        kind=ActorKind.CLIENT,
        user_id=60,
        memberships=(
            Membership(A1.id, OFFICE_A, ClientRole.WSPOLNIK),
            Membership(B1.id, OFFICE_B, ClientRole.FIRMA, can_edit_company=True),
        ),
        company_id=A1.id,
    )
    assert can_see_company(actor, A1)
    assert can_see_company(actor, B1)
    assert not can_see_company(actor, A2)
    assert not can_on_company(actor, CompanyAction.MANAGE_BANK_ACCOUNTS, A1)
    assert can_on_company(actor, CompanyAction.MANAGE_BANK_ACCOUNTS, B1)


def test_client_membership_office_must_match_company_office() -> None:
    # A membership that names the right company id but another office grants nothing.
    actor = Actor(
        kind=ActorKind.CLIENT,
        user_id=61,
        memberships=(Membership(B1.id, OFFICE_A, ClientRole.FIRMA, can_edit_company=True),),
        company_id=B1.id,
    )
    assert not can_see_company(actor, B1)
    with pytest.raises(NotFound):
        require_on_company(actor, CompanyAction.VIEW_AS_CLIENT, B1)


def test_client_without_selected_company_may_not_use_portal() -> None:
    actor = Actor(
        kind=ActorKind.CLIENT,
        user_id=62,
        memberships=(Membership(A1.id, OFFICE_A, ClientRole.FIRMA),),
        company_id=None,
    )
    assert not can(actor, Action.USE_CLIENT_PORTAL)


def test_restricted_employee_without_assignments_sees_no_company() -> None:
    actor = Actor(
        kind=ActorKind.STAFF,
        user_id=63,
        office_id=OFFICE_A,
        role=StaffRole.EMPLOYEE,
        restricted=True,
    )
    assert not can_see_company(actor, A1)
    assert not can_see_company(actor, A2)
    # Office-wide actions do not depend on assignments.
    assert can(actor, Action.LIST_COMPANIES)


# --- sees_own_items_only --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor_name", "company_id", "expected"),
    [
        ("a1_wspolnik", A1.id, True),
        ("a1_wspolnik", A2.id, False),
        ("a1_firma", A1.id, False),
        ("b1_client", B1.id, False),
        ("a_admin", A1.id, False),
        ("a_emp_restricted", A1.id, False),
        ("a_sync", A1.id, False),
    ],
)
def test_sees_own_items_only(actor_name: str, company_id: int, expected: bool) -> None:
    assert sees_own_items_only(ACTORS[actor_name], company_id) is expected


def test_sees_own_items_only_follows_the_role_in_that_company() -> None:
    actor = Actor(
        kind=ActorKind.CLIENT,
        user_id=64,
        memberships=(
            Membership(A1.id, OFFICE_A, ClientRole.WSPOLNIK),
            Membership(A2.id, OFFICE_A, ClientRole.FIRMA),
        ),
        company_id=A2.id,
    )
    assert sees_own_items_only(actor, A1.id)
    assert not sees_own_items_only(actor, A2.id)


def test_scope_office_follows_the_actor_kind() -> None:
    from domain.actors import Actor, ActorKind, ClientRole, Membership, StaffRole
    from domain.policies import scope_office

    staff = Actor(ActorKind.STAFF, 1, office_id=10, role=StaffRole.EMPLOYEE)
    client = Actor(
        ActorKind.CLIENT,
        2,
        office_id=10,
        company_id=5,
        memberships=(Membership(5, 10, ClientRole.FIRMA), Membership(6, 20, ClientRole.WSPOLNIK)),
    )
    assert scope_office(staff, 99) == 10
    assert scope_office(client, 6) == 20  # the membership's office, not the current one
    assert scope_office(client, 7) is None  # not a member: nothing to query


# --- Messages: who sees which message ------------------------------------------------------


def message(
    office_id: int,
    company_id: int | None,
    *,
    kind: str = "reply",
    author_kind: str = "client",
    author_id: int = 40,
) -> StoredMessage:
    return StoredMessage(
        id=500,
        office_id=office_id,
        thread_id=None,
        company_id=company_id,
        kind=kind,
        author_kind=author_kind,
        author_id=author_id,
        author_name="Autor",
        subject="Temat",
        body="Treść",
        status="sent",
        recipients_total=0,
        recipients_done=0,
        created_at=datetime(2025, 1, 2, tzinfo=UTC),
    )


MESSAGES = {
    "A1_post": message(OFFICE_A, A1.id),
    "A2_post": message(OFFICE_A, A2.id),
    # Office messages without a company, written by a_emp_restricted (user 3) and a_admin.
    "A_by_emp3": message(OFFICE_A, None, kind="broadcast", author_kind="staff", author_id=3),
    "A_by_admin": message(OFFICE_A, None, kind="broadcast", author_kind="staff", author_id=1),
    # A client user who happens to have the same id as a_emp_restricted.
    "A_by_client3": message(OFFICE_A, None, kind="thread", author_kind="client", author_id=3),
    "A1_broadcast": message(OFFICE_A, A1.id, kind="broadcast", author_kind="staff"),
    "B1_post": message(OFFICE_B, B1.id),
    "B_by_admin": message(OFFICE_B, None, kind="broadcast", author_kind="staff", author_id=7),
}

STAFF_MESSAGE_TABLE = """
actor             A1_post A2_post A_by_emp3 A_by_admin A_by_client3 B1_post B_by_admin
a_admin              x       x        x         x           x          .        .
a_emp                x       x        x         x           x          .        .
a_emp_restricted     x       .        x         .           .          .        .
b_admin              .       .        .         .           .          x        x
"""


def staff_message_cases() -> list[tuple[str, str, bool]]:
    header, *rows = STAFF_MESSAGE_TABLE.strip().splitlines()
    columns = header.split()[1:]
    return [
        (actor_name, column, mark == "x")
        for actor_name, *marks in (row.split() for row in rows)
        for column, mark in zip(columns, marks, strict=True)
    ]


@pytest.mark.parametrize(("actor_name", "message_name", "expected"), staff_message_cases())
def test_staff_may_see_message(actor_name: str, message_name: str, expected: bool) -> None:
    assert staff_may_see_message(ACTORS[actor_name], MESSAGES[message_name]) is expected


VISIBLE = ClientMessageAccess.VISIBLE
HIDDEN = ClientMessageAccess.HIDDEN
RECIPIENTS_ONLY = ClientMessageAccess.RECIPIENTS_ONLY


@pytest.mark.parametrize(
    ("client_company", "message_name", "expected"),
    [
        # A client of company A1 (office A).
        (A1, "A1_post", VISIBLE),
        (A1, "A1_broadcast", VISIBLE),
        (A1, "A2_post", HIDDEN),
        (A1, "A_by_admin", RECIPIENTS_ONLY),
        (A1, "A_by_client3", HIDDEN),
        (A1, "B1_post", HIDDEN),
        (A1, "B_by_admin", HIDDEN),
        # A client of company B1 (office B) sees nothing of office A.
        (B1, "A1_post", HIDDEN),
        (B1, "A_by_admin", HIDDEN),
        (B1, "B1_post", VISIBLE),
        (B1, "B_by_admin", RECIPIENTS_ONLY),
    ],
)
def test_client_message_access(
    client_company: CompanyRef, message_name: str, expected: ClientMessageAccess
) -> None:
    access = client_message_access(
        MESSAGES[message_name], office_id=client_company.office_id, company_id=client_company.id
    )
    assert access is expected
