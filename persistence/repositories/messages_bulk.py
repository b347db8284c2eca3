"""Messages, bulk side: the audience's companies and people in one query each, and the
recipient rows written in bulk (``COPY`` on PostgreSQL through the transaction's asyncpg
connection, as the ingestion unit does; ``execute_many`` in chunks elsewhere), never one query
per row: a message to 5,000 companies has 10,000 rows (``bench/bulk_message.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import asyncpg
from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError

from domain.channels import Recipient, encode_channels
from domain.messages.model import Audience, AudienceKind
from domain.messages.ports import AudienceCompany, NewRecipient, Person
from persistence.models import MessageRecipient

CHUNK = 2000  # ids per IN list and rows per execute_many call (SQLite)
COPY_CHUNK = 20_000
RECIPIENT_COLUMNS = (
    "message_id",
    "office_id",
    "company_id",
    "user_kind",
    "user_id",
    "channels",
    "created_at",
)
INSERT_RECIPIENTS_SQL = (
    "INSERT INTO message_recipients (message_id, office_id, company_id, user_kind, user_id,"
    " channels, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
)
# Clauses are built here from fixed text; values are always bound parameters.
AUDIENCE_SQL = "SELECT c.id, c.name, c.active FROM companies c WHERE {where} ORDER BY c.name, c.id"
PEOPLE_SQL = (
    "SELECT m.company_id, m.client_user_id, m.use_email, c.active AS company_active,"
    " u.first_name, u.last_name, u.email, u.phone, u.sms_consent_at"
    " FROM memberships m JOIN client_users u ON u.id = m.client_user_id"
    " JOIN companies c ON c.id = m.company_id"
    " WHERE {where} AND m.active AND u.active ORDER BY m.company_id, m.id"
)


def chunks(ids: Sequence[int]) -> list[list[int]]:
    return [list(ids[start : start + CHUNK]) for start in range(0, len(ids), CHUNK)]


async def audience_companies(
    office_id: int, audience: Audience, only: frozenset[int] | None
) -> list[AudienceCompany]:
    """One query; id lists go in as one array parameter on PostgreSQL."""
    connection = Tortoise.get_connection("default")
    postgres = connection.capabilities.dialect == "postgres"
    clauses = ["c.office_id = ?", "c.deleted_at IS NULL"]
    params: list[Any] = [office_id]

    def ids_clause(ids: Sequence[int]) -> None:
        if postgres:
            clauses.append("c.id = ANY(?::int[])")
            params.append(list(ids))
        else:
            clauses.append(f"c.id IN ({', '.join('?' * len(ids)) or 'NULL'})")
            params.extend(ids)

    if audience.kind in (AudienceKind.ONE, AudienceKind.SELECTED):
        ids_clause(sorted(set(audience.company_ids)))
    elif audience.kind is AudienceKind.ALL_ACTIVE:
        clauses.append("c.active = ?")
        params.append(True)
    elif audience.filter is not None:
        chosen = audience.filter
        for column, value in (
            ("c.tax_form", chosen.tax_form),
            ("c.vat_period", chosen.vat_period),
            ("c.active", chosen.active),
        ):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if chosen.staff_id is not None:
            clauses.append(
                "c.id IN (SELECT company_id FROM staff_assignments WHERE staff_user_id = ?)"
            )
            params.append(chosen.staff_id)
    if only is not None:
        ids_clause(sorted(only))
    sql = AUDIENCE_SQL.format(where=" AND ".join(clauses))
    if postgres:
        parts = sql.split("?")
        sql = "".join(f"{part}${i}" for i, part in enumerate(parts[:-1], 1)) + parts[-1]
    rows = await connection.execute_query_dict(sql, params)
    return [AudienceCompany(int(r["id"]), str(r["name"]), bool(r["active"])) for r in rows]


async def people(company_ids: Sequence[int]) -> list[Person]:
    """One query (a join, ``= ANY`` on PostgreSQL) per 2,000 companies: a message to
    thousands of companies must not cost an ORM object per person."""
    connection = Tortoise.get_connection("default")
    postgres = connection.capabilities.dialect == "postgres"
    people: list[Person] = []
    for part in [list(company_ids)] if postgres else chunks(list(company_ids)):
        params: list[Any]
        if postgres:
            sql, params = PEOPLE_SQL.format(where="m.company_id = ANY($1::int[])"), [part]
        else:
            where = f"m.company_id IN ({', '.join('?' * len(part))})"
            sql, params = PEOPLE_SQL.format(where=where), list(part)
        rows = await connection.execute_query_dict(sql, params)
        people += [_person(row) for row in rows]
    return people


def _person(row: dict[str, Any]) -> Person:
    first, last = row["first_name"], row["last_name"]
    return Person(
        Recipient(
            client_user_id=row["client_user_id"],
            company_id=row["company_id"],
            email=row["email"],
            phone=row["phone"] or "",
            use_email=bool(row["use_email"]),
            sms_consent=row["sms_consent_at"] is not None,
            company_active=bool(row["company_active"]),
        ),
        f"{first} {last}".strip(),
        first,
    )


async def insert_recipients(
    connection: BaseDBAsyncClient,
    message_id: int,
    office_id: int,
    rows: list[NewRecipient],
    at: datetime,
) -> None:
    if not rows:
        return
    now = MessageRecipient._meta.fields_map["created_at"].to_db_value(at, MessageRecipient)
    records = [
        (
            message_id,
            office_id,
            r.company_id,
            r.user_kind,
            r.user_id,
            encode_channels(r.channels),
            now,
        )
        for r in rows
    ]
    # The transaction's own asyncpg connection (a pool proxy, not an ``asyncpg.Connection``).
    if connection.capabilities.dialect == "postgres":
        async with connection.acquire_connection() as pg:
            for start in range(0, len(records), COPY_CHUNK):
                try:
                    await pg.copy_records_to_table(
                        "message_recipients",
                        records=records[start : start + COPY_CHUNK],
                        columns=RECIPIENT_COLUMNS,
                    )
                except asyncpg.IntegrityConstraintViolationError as error:
                    raise IntegrityError(error) from error
        return
    sql = INSERT_RECIPIENTS_SQL
    for start in range(0, len(records), CHUNK):
        await connection.execute_many(sql, [list(r) for r in records[start : start + CHUNK]])
