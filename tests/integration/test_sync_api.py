"""The sync API v1 through HTTP (the real FastAPI app) on a real database and job queue."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bootstrap import Services
from domain.clock import FixedClock
from domain.companies.model import CompanyQuery
from persistence.models import Company, Entry, Job, SyncBatch
from persistence.repositories.sync import IngestUnitRepo
from tests.support.companies import NIP_A1, NIP_A2, NIP_B1, World, make_world
from tests.support.services import make_settings, running_services
from tests.support.sync import api_client, batch, push, statement, status, tax, zus

NEW_NIP = "7740001454"


@pytest.fixture
async def services(db_url: str, isolated_env: Path) -> AsyncIterator[Services]:
    settings = make_settings(isolated_env, db_url, job_max_tries=2, demo_data=False)
    async with running_services(settings, FixedClock()) as running:
        yield running


@pytest.fixture
async def world(services: Services) -> World:
    return await make_world(services)


@pytest.fixture
async def token(services: Services, world: World) -> str:
    return (await services.sync_tokens.create(world.admin, "Optima w biurze")).token


@pytest.fixture
async def client(services: Services) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(services) as http:
        yield http


async def push_and_wait(
    services: Services, client: httpx.AsyncClient, token: str, body: dict[str, Any]
) -> dict[str, Any]:
    response = await push(client, token, body)
    assert response.status_code in (200, 202), response.text
    await services.jobs.idle()
    return await status(client, token, body["batch_id"])


# --- authentication -------------------------------------------------------------------------


@pytest.mark.parametrize("header", [None, "Bearer nie-ma-takiego", "Basic abc", "Bearer "])
async def test_without_a_valid_token_401_and_nothing_stored(
    client: httpx.AsyncClient, world: World, header: str | None
) -> None:
    headers = {"Authorization": header} if header else {}
    response = await client.post("/sync/v1/batches", json=batch(), headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert await SyncBatch.all().count() == 0
    assert (await client.get("/sync/v1/companies", headers=headers)).status_code == 401


async def test_a_revoked_token_stops_working_at_once(
    services: Services, client: httpx.AsyncClient, world: World, token: str
) -> None:
    assert (await push(client, token, batch())).status_code == 202
    [info] = await services.sync_tokens.tokens(world.admin)
    assert info.last_used_at is not None and info.hint == token[:10]
    await services.sync_tokens.revoke(world.admin, info.id)
    assert (await push(client, token, batch())).status_code == 401


# --- accepting and processing ---------------------------------------------------------------


async def test_batch_is_accepted_then_processed_with_summary(
    services: Services, client: httpx.AsyncClient, world: World, token: str
) -> None:
    body = batch(
        zus=[zus(NIP_A1), zus(NIP_A1, person="Anna Wspólniczka", settlement="D")],
        taxes=[tax(NIP_A1), tax(NIP_A1, "pit_liniowy", "2026-Q3", "512.00")],
        statements=[statement(NIP_A1, costs="12000.00")],
    )
    response = await push(client, token, body)
    assert response.status_code == 202
    answer = response.json()
    assert answer["batch_id"] == body["batch_id"]
    assert answer["status"] == "queued"
    assert answer["status_url"].endswith(f"/api/sync/v1/batches/{body['batch_id']}")
    await services.jobs.idle()
    done = await status(client, token, body["batch_id"])
    assert done["status"] == "done" and done["finished_at"] and done["received_at"]
    assert done["summary"]["zus"] == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 0}
    assert done["summary"]["taxes"]["created"] == 2
    assert done["summary"]["statements"]["created"] == 1
    assert done["errors"] == []
    stored = await Entry.filter(company_id=world.a1).order_by("id")
    assert [e.source for e in stored] == ["sync"] * 5
    assert all(e.waiting and e.sent_json is None for e in stored)
    assert {e.batch_ref for e in stored} == {body["batch_id"]}
    # A negative result is allowed for statements: costs above revenue.
    table = await services.entries.table(world.admin, world.a1, _type("statements"), 2026)
    assert table.totals is not None and str(table.totals.result) == "-2000.00"


async def test_gzip_body_is_accepted(
    services: Services, client: httpx.AsyncClient, world: World, token: str
) -> None:
    body = batch(taxes=[tax(NIP_A2)])
    response = await push(client, token, body, compress=True)
    assert response.status_code == 202
    await services.jobs.idle()
    assert (await status(client, token, body["batch_id"]))["summary"]["taxes"]["created"] == 1


async def test_schema_errors_422_with_field_paths_and_nothing_stored(
    client: httpx.AsyncClient, world: World, token: str
) -> None:
    body = batch(
        zus=[zus(NIP_A1, social=1000.5), zus(NIP_A1, period="2026-13")],
        taxes=[tax(NIP_A1, amount="12.345"), {**tax(NIP_A1), "kind": "podatek"}],
    )
    response = await push(client, token, body)
    assert response.status_code == 422
    paths = {item["path"] for item in response.json()["detail"]}
    assert {"zus.0.social", "zus.1.period", "taxes.0.amount", "taxes.1.kind"} <= paths
    assert all(item["loc"][0] == "body" and item["msg"] for item in response.json()["detail"])
    assert await SyncBatch.all().count() == 0
    assert await Entry.all().count() == 0


async def test_not_json_is_422(client: httpx.AsyncClient, world: World, token: str) -> None:
    response = await client.post(
        "/sync/v1/batches", content=b"{nie json", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 422


async def test_body_over_20_mb_is_413(client: httpx.AsyncClient, world: World, token: str) -> None:
    big = batch(source={"program": "x" * 10, "agent": "y"}, padding="z" * (21 * 1024 * 1024))
    response = await client.post(
        "/sync/v1/batches",
        content=json.dumps(big).encode(),
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 413
    assert await SyncBatch.all().count() == 0


async def test_same_batch_again_returns_first_status_and_changes_nothing(
    services: Services, client: httpx.AsyncClient, world: World, token: str
) -> None:
    body = batch(zus=[zus(NIP_A1)])
    first = await push_and_wait(services, client, token, body)
    jobs_before = await Job.all().count()
    again = await push(client, token, body)
    assert again.status_code == 200
    assert again.json()["status"] == "done"
    assert await status(client, token, body["batch_id"]) == first
    assert await Job.all().count() == jobs_before
    assert await Entry.all().count() == 1


async def test_same_id_with_different_content_is_409(
    services: Services, client: httpx.AsyncClient, world: World, token: str
) -> None:
    body = batch(zus=[zus(NIP_A1)])
    await push_and_wait(services, client, token, body)
    changed = {**body, "zus": [zus(NIP_A1, total="1600.00")]}
    response = await push(client, token, changed)
    assert response.status_code == 409
    assert "batch_id" in response.json()["detail"]
    [entry] = await Entry.all()
    assert json.loads(entry.values_json)["total"] == "1500.00"


async def test_same_data_under_a_new_id_counts_as_unchanged(
    services: Services, client: httpx.AsyncClient, world: World, token: str
) -> None:
    records = {"zus": [zus(NIP_A1)], "taxes": [tax(NIP_A1)], "statements": [statement(NIP_A1)]}
    await push_and_wait(services, client, token, batch(**records))
    before = [(e.id, e.updated_at) for e in await Entry.all().order_by("id")]
    second = await push_and_wait(services, client, token, batch(**records))
    for section in ("zus", "taxes", "statements"):
        assert second["summary"][section] == {
            "created": 0,
            "updated": 0,
            "unchanged": 1,
            "rejected": 0,
        }
    assert [(e.id, e.updated_at) for e in await Entry.all().order_by("id")] == before


async def test_partial_batch_rejects_bad_records_and_applies_the_rest(
    services: Services, client: httpx.AsyncClient, world: World, token: str
) -> None:
    body = batch(
        zus=[
            zus(NIP_A1),
            zus(NEW_NIP),  # unknown company
            zus(NIP_A1, period="2026-09", total="10.00"),  # total below its parts
            zus(NIP_A1),  # the same record twice in one batch
        ],
        taxes=[tax(NIP_A1, "inny", "2026-10"), tax(NIP_A1, "pit_4r", "2026-Q1")],
    )
    done = await push_and_wait(services, client, token, body)
    assert done["status"] == "done"
    assert done["summary"]["zus"] == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 3}
    assert done["summary"]["taxes"]["rejected"] == 2
    errors = {(e["section"], e["index"], e["field"]) for e in done["errors"]}
    assert {
        ("zus", 1, "company"),
        ("zus", 2, "total"),
        ("zus", 3, ""),
        ("taxes", 0, "due_date"),
        ("taxes", 1, "period"),
    } <= errors
    assert all(e["message"] for e in done["errors"])
    assert await Entry.all().count() == 1


async def test_processing_is_one_transaction(
    services: Services,
    client: httpx.AsyncClient,
    world: World,
    token: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def broken(
        self: IngestUnitRepo, data_type: Any, rows: list[Any], sent: bool, batch_ref: str, at: Any
    ) -> None:
        written.append(data_type.value)
        if rows and data_type.value == "taxes":
            raise RuntimeError("disk full")
        await original(self, data_type, rows, sent, batch_ref, at)

    written: list[str] = []

    original = IngestUnitRepo.insert_entries
    monkeypatch.setattr(IngestUnitRepo, "insert_entries", broken)
    body = batch(
        companies=[{"name": "Nowa Firma", "nip": NEW_NIP}],
        zus=[zus(NIP_A1)],
        taxes=[tax(NIP_A1)],
    )
    assert (await push(client, token, body)).status_code == 202
    for _ in range(200):
        await services.jobs.idle()
        if (await status(client, token, body["batch_id"]))["status"] == "failed":
            break
        await _sleep()
    failed = await status(client, token, body["batch_id"])
    assert failed["status"] == "failed"
    assert failed["errors"][0]["message"].startswith("Paczki nie udało się przetworzyć")
    assert written == ["zus", "taxes"]  # ZUS was written before taxes failed ...
    assert await Entry.all().count() == 0  # ... and rolled back with the rest
    assert not await Company.filter(identifier=NEW_NIP).exists()


# --- companies ------------------------------------------------------------------------------


async def test_companies_section_creates_unknown_and_fills_known(
    services: Services, client: httpx.AsyncClient, world: World, token: str
) -> None:
    body = batch(
        companies=[
            {"external_id": "K-7", "name": "Nowa Firma", "nip": NEW_NIP, "tax_form": "ryczalt"},
            {"name": "Alfa (z programu)", "nip": NIP_A1, "email": "alfa@example.com"},
            {"name": "Bez identyfikatora", "nip": "1234567890"},
        ],
        zus=[{**zus(NIP_A1), "company": {"external_id": "K-7"}}],
    )
    done = await push_and_wait(services, client, token, body)
    assert done["summary"]["companies"] == {
        "created": 1,
        "updated": 1,
        "unchanged": 0,
        "rejected": 1,
    }
    assert done["errors"][0]["section"] == "companies" and done["errors"][0]["index"] == 2
    new = await Company.get(identifier=NEW_NIP)
    assert (new.name, new.external_id, new.tax_form, new.active) == (
        "Nowa Firma",
        "K-7",
        "ryczalt",
        True,
    )
    assert await Entry.filter(company_id=new.id).count() == 1
    alfa = await Company.get(id=world.a1)
    assert alfa.name == "Alfa Sp. z o.o." and alfa.email == "alfa@example.com"
    page = await services.companies.list_companies(world.admin, CompanyQuery(search="Nowa"))
    assert [row.waiting for row in page.rows] == [1]


# --- offices stay apart ---------------------------------------------------------------------


async def test_a_token_of_office_a_cannot_touch_office_b(
    services: Services, client: httpx.AsyncClient, world: World, token: str
) -> None:
    token_b = (await services.sync_tokens.create(world.admin_b, "B")).token
    body_b = batch(zus=[zus(NIP_B1)])
    await push_and_wait(services, client, token_b, body_b)
    done = await push_and_wait(
        services, client, token, batch(zus=[zus(NIP_B1, total="9999.00")], taxes=[tax(NIP_B1)])
    )
    assert done["summary"]["zus"]["rejected"] == 1 and done["summary"]["taxes"]["rejected"] == 1
    [entry_b] = await Entry.filter(company_id=world.b1)
    assert json.loads(entry_b.values_json)["total"] == "1500.00"
    headers = {"Authorization": f"Bearer {token}"}
    names = [
        c["name"]
        for c in (await client.get("/sync/v1/companies", headers=headers)).json()["companies"]
    ]
    assert "Gamma B" not in names and "Alfa Sp. z o.o." in names
    entries_b = await client.get(f"/sync/v1/companies/{NIP_B1}/entries?year=2026", headers=headers)
    assert entries_b.status_code == 404
    status_b = await client.get(f"/sync/v1/batches/{body_b['batch_id']}", headers=headers)
    assert status_b.status_code == 404


# --- reconciliation -------------------------------------------------------------------------


async def test_entries_endpoint_shows_values_and_approval_state(
    services: Services, client: httpx.AsyncClient, world: World, token: str
) -> None:
    await push_and_wait(services, client, token, batch(zus=[zus(NIP_A1)], taxes=[tax(NIP_A1)]))
    [zus_entry] = await Entry.filter(data_type="zus")
    await services.approval.send(world.admin, [zus_entry.id])
    headers = {"Authorization": f"Bearer {token}"}
    response = await client.get(f"/sync/v1/companies/{NIP_A1}/entries?year=2026", headers=headers)
    assert response.status_code == 200
    data = response.json()
    assert data["company"]["nip"] == NIP_A1 and data["year"] == 2026
    by_type = {e["type"]: e for e in data["entries"]}
    assert by_type["zus"]["status"] == "sent" and by_type["zus"]["sent_at"]
    assert by_type["zus"]["sent_values"]["total"] == "1500.00"
    assert by_type["taxes"]["status"] == "waiting" and by_type["taxes"]["sent_values"] is None
    assert by_type["taxes"]["values"] == {
        "amount": "2300.00",
        "kind": "vat",
        "period": "2026-10",
        "settlement": "D",
    }
    other_year = await client.get(f"/sync/v1/companies/{NIP_A1}/entries?year=2025", headers=headers)
    assert other_year.json()["entries"] == []
    bad_year = await client.get(f"/sync/v1/companies/{NIP_A1}/entries?year=1999", headers=headers)
    assert bad_year.status_code == 422


def _type(name: str) -> Any:
    from domain.entries.approval import DataType

    return DataType(name)


async def _sleep() -> None:
    import asyncio

    await asyncio.sleep(0.05)


async def test_a_deleted_company_is_rejected_and_the_rest_applied(
    services: Services, client: httpx.AsyncClient, world: World, token: str
) -> None:
    await services.companies.delete(world.admin, world.a2, "Beta Usługi")
    body = batch(
        companies=[{"name": "Beta Usługi", "nip": NIP_A2}],
        taxes=[tax(NIP_A2), tax(NIP_A1)],
    )
    done = await push_and_wait(services, client, token, body)
    assert done["status"] == "done"
    assert done["summary"]["companies"]["rejected"] == 1
    assert done["summary"]["taxes"] == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 1}
    assert not await Entry.filter(company_id=world.a2).exists()
    assert await Company.filter(id=world.a2, deleted_at__isnull=False).exists()
