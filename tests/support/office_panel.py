"""Offices, actors and SMTP servers for the office-panel tests (settings, billing, audit)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from domain.actors import Actor, ActorKind, ClientRole, Membership, StaffRole
from domain.identifiers import generate_valid_nip
from persistence.models import Company, Office
from tests.support.smtp import Inbox, free_port

SMTP_LOGIN = "biuro@kowalski.test"
SMTP_PASSWORD = "Tajne-Haslo-SMTP-42"


async def make_office(name: str = "Biuro Testowe", seed: int = 1) -> int:
    office = await Office.create(name=name, nip=generate_valid_nip(900 + seed), email="b@t.pl")
    return office.id


async def make_company(office_id: int, name: str, seed: int, **values: Any) -> int:
    company = await Company.create(
        office_id=office_id, name=name, identifier=generate_valid_nip(seed), **values
    )
    return company.id


def admin(office_id: int, user_id: int = 1, email: str = "anna@biuro.test") -> Actor:
    return Actor(
        kind=ActorKind.STAFF,
        user_id=user_id,
        office_id=office_id,
        role=StaffRole.ADMIN,
        name="Anna Administratorska",
        email=email,
    )


def employee(office_id: int, user_id: int = 2) -> Actor:
    return Actor(
        kind=ActorKind.STAFF,
        user_id=user_id,
        office_id=office_id,
        role=StaffRole.EMPLOYEE,
        name="Piotr Pracownik",
        email="piotr@biuro.test",
    )


def client(office_id: int, company_id: int, user_id: int = 3) -> Actor:
    membership = Membership(company_id, office_id, ClientRole.FIRMA, can_edit_company=True)
    return Actor(
        kind=ActorKind.CLIENT,
        user_id=user_id,
        office_id=office_id,
        memberships=(membership,),
        company_id=company_id,
        name="Zofia Klientka",
        email="zofia@firma.test",
    )


class _Authenticator:
    """Accepts only SMTP_LOGIN / SMTP_PASSWORD; answers 535 otherwise."""

    def __call__(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        ok = (
            isinstance(data, LoginPassword)
            and data.login == SMTP_LOGIN.encode()
            and data.password == SMTP_PASSWORD.encode()
        )
        # handled=False: aiosmtpd itself answers 235 or 535.
        return AuthResult(success=ok, handled=False)


@contextmanager
def smtp_server(require_login: bool = False) -> Iterator[tuple[int, Inbox]]:
    """A real aiosmtpd server on a free port; with ``require_login`` it demands AUTH."""
    inbox = Inbox()
    options: dict[str, Any] = {}
    if require_login:
        options = {
            "auth_require_tls": False,
            "auth_required": True,
            "authenticator": _Authenticator(),
        }
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    try:
        yield controller.port, inbox
    finally:
        controller.stop()


class QueryCounter(logging.Handler):
    """Counts the SQL statements tortoise sends (it logs each one at DEBUG)."""

    STATEMENTS = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().lstrip()
        if message.upper().startswith(self.STATEMENTS):
            self.statements.append(message)


@contextmanager
def counting_queries() -> Iterator[QueryCounter]:
    logger = logging.getLogger("tortoise.db_client")
    counter = QueryCounter()
    level = logger.level
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)
