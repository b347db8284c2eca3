"""Migrations from empty and the account repositories, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tortoise import Tortoise

from domain.accounts.tokens import TokenPurpose, hash_token, new_token
from domain.actors import ActorKind, ClientRole, StaffRole
from persistence import db
from persistence.demo import load_demo_data
from persistence.models import Company, Entry
from persistence.repositories.accounts import AccountRepo, SessionRepo, TokenRepo

EXPECTED_TABLES = {
    "offices",
    "companies",
    "staff_users",
    "client_users",
    "memberships",
    "one_time_tokens",
    "user_sessions",
    "login_attempts",
    "outbox_emails",
    "jobs",
    "notifications",
    "audit_events",
    "entries",
    "sync_tokens",
    "sync_batches",
    "approval_rules",
}


async def table_names() -> set[str]:
    connection = Tortoise.get_connection("default")
    if connection.capabilities.dialect == "sqlite":
        rows = await connection.execute_query_dict(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
        )
        return {r["name"] for r in rows}
    rows = await connection.execute_query_dict(
        "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"
    )
    return {r["name"] for r in rows}


async def test_migrations_from_empty_create_every_table_and_are_idempotent(db_url: str) -> None:
    await db.migrate(db_url)
    await db.migrate(db_url)  # a second run applies nothing and must not fail
    await db.open_database(db_url)
    try:
        assert await table_names() >= EXPECTED_TABLES
    finally:
        await db.close_database()


async def test_demo_data_is_loaded_once_with_valid_accounts(db_url: str) -> None:
    await db.migrate(db_url)
    await db.open_database(db_url)
    try:
        assert await load_demo_data() is True
        assert await load_demo_data() is False
        assert await Company.all().count() == 25
        assert await Company.filter(active=False).count() == 1
        repo = AccountRepo()
        admin = await repo.find_by_email("admin@demo.biurko.pl")
        client = await repo.find_by_email("klient@demo.biurko.pl")
        assert admin is not None and admin.role is StaffRole.ADMIN
        assert admin.office_name == "Biuro Rachunkowe Demo"
        assert client is not None and client.kind is ActorKind.CLIENT
        roles = {m.role for m in client.memberships}
        assert roles == {ClientRole.FIRMA, ClientRole.WSPOLNIK}
        assert client.active_company_ids == {m.company_id for m in client.memberships}
        employee = await repo.find_by_email("pracownik@demo.biurko.pl")
        assert employee is not None and employee.office_restricts
        assert 0 < len(employee.assigned_company_ids) < 25
        # Half a year of entries for active companies; the last month waits for approval.
        assert await Entry.filter(waiting=True).count() > 0
        assert await Entry.filter(waiting=False, sent_at__isnull=False).count() > 0
        inactive = await Company.get(active=False)
        assert not await Entry.filter(company_id=inactive.id).exists()
    finally:
        await db.close_database()


async def test_token_is_consumed_once_and_not_after_expiry(db_url: str) -> None:
    await db.migrate(db_url)
    await db.open_database(db_url)
    try:
        repo = TokenRepo()
        now = datetime.now(UTC)
        token, token_hash = new_token()
        await repo.add(
            token_hash, TokenPurpose.SET_PASSWORD, ActorKind.CLIENT, 7, now + timedelta(hours=72)
        )
        assert await repo.consume(token_hash, TokenPurpose.SET_PASSWORD, now) is True
        assert await repo.consume(token_hash, TokenPurpose.SET_PASSWORD, now) is False
        found = await repo.find(hash_token(token))
        assert found is not None and found[0].used_at is not None

        _, old_hash = new_token()
        await repo.add(
            old_hash, TokenPurpose.RESET_PASSWORD, ActorKind.CLIENT, 7, now + timedelta(hours=2)
        )
        later = now + timedelta(hours=2, seconds=1)
        assert await repo.consume(old_hash, TokenPurpose.RESET_PASSWORD, later) is False
        assert await repo.consume(old_hash, TokenPurpose.SET_PASSWORD, now) is False
    finally:
        await db.close_database()


async def test_sessions_are_dropped_per_user(db_url: str, tmp_path: Path) -> None:
    await db.migrate(db_url)
    await db.open_database(db_url)
    try:
        sessions = SessionRepo()
        await sessions.create("a" * 64, ActorKind.STAFF, 1, None)
        await sessions.create("b" * 64, ActorKind.STAFF, 1, None)
        await sessions.create("c" * 64, ActorKind.CLIENT, 1, 5)
        await sessions.delete_for_user(ActorKind.STAFF, 1)
        assert await sessions.get("a" * 64) is None
        assert await sessions.get("b" * 64) is None
        kept = await sessions.get("c" * 64)
        assert kept is not None and kept.company_id == 5
    finally:
        await db.close_database()
