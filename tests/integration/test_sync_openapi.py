"""The sync API's published description: /openapi.json documents the batch schema, every
enumeration and every endpoint with its status codes, /docs serves Swagger UI, and
docs/sync-api.md names the same endpoints and values."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import httpx
import pytest

from bootstrap import Services
from sync.schemas import TaxForm, TaxKind, TaxSettlement, VatPeriod, ZusPayer, ZusSettlement
from tests.support.services import make_settings, running_services
from tests.support.sync import api_client

DOC = Path(__file__).resolve().parents[2] / "docs" / "sync-api.md"

# What docs/sync-api.md documents. A change here is a change of the published API: update the
# document (and tell the agents' authors) in the same commit.
ENUMERATIONS: dict[str, tuple[type[Enum], list[Any]]] = {
    "TaxKind": (
        TaxKind,
        ["vat", "pit_skala", "pit_liniowy", "ryczalt", "cit", "pit_4r", "karta", "inny"],
    ),
    "TaxSettlement": (TaxSettlement, ["D", "K", "Z", "P", "I"]),
    "ZusSettlement": (ZusSettlement, ["D", "K"]),
    "TaxForm": (TaxForm, ["skala", "liniowy", "ryczalt", "karta", "cit"]),
    "VatPeriod": (VatPeriod, ["monthly", "quarterly", "none"]),
    "ZusPayer": (ZusPayer, [5, 15, 20]),
}
ENDPOINTS = {
    ("post", "/sync/v1/batches"): {"200", "202", "401", "409", "413", "422"},
    ("get", "/sync/v1/batches/{batch_id}"): {"200", "401", "404", "422"},
    ("get", "/sync/v1/companies"): {"200", "401"},
    ("get", "/sync/v1/companies/{nip}/entries"): {"200", "401", "404", "422"},
}
RECORDS = {
    "Batch": {"batch_id", "source", "companies", "zus", "taxes", "statements"},
    "Source": {"program", "agent"},
    "CompanyRef": {"external_id", "nip"},
    "CompanyRecord": {
        "external_id",
        "name",
        "nip",
        "pesel",
        "regon",
        "vat_ue",
        "email",
        "phone",
        "address",
        "tax_form",
        "vat_period",
        "zus_payer",
    },
    "ZusRecord": {
        "company",
        "period",
        "settlement",
        "person",
        "pesel",
        "social",
        "pension",
        "disability",
        "sickness",
        "accident",
        "health",
        "labour_fund",
        "fgsp",
        "total",
        "due_date",
    },
    "TaxRecord": {"company", "kind", "period", "settlement", "amount", "due_date"},
    "StatementRecord": {"company", "period", "revenue", "costs", "comment"},
}
REQUIRED = {
    "Batch": {"batch_id", "source"},
    "CompanyRecord": {"name"},
    "ZusRecord": {"company", "period", "social", "health", "labour_fund", "total"},
    "TaxRecord": {"company", "kind", "period", "amount"},
    "StatementRecord": {"company", "period", "revenue", "costs"},
}


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


@pytest.fixture
async def services(db_url: str, isolated_env: Path) -> AsyncIterator[Services]:
    async with running_services(make_settings(isolated_env, db_url, demo_data=False)) as running:
        yield running


@pytest.fixture
async def client(services: Services) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(services) as http:
        yield http


@pytest.fixture
async def openapi(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    document: dict[str, Any] = response.json()
    return document


async def test_the_batch_schema_and_its_records_are_published(openapi: dict[str, Any]) -> None:
    schemas = openapi["components"]["schemas"]
    for name, fields in RECORDS.items():
        assert name in schemas, name
        assert set(schemas[name]["properties"]) == fields, name
        assert schemas[name].get("additionalProperties") is False, f"{name} allows extra keys"
    for name, fields in REQUIRED.items():
        assert set(schemas[name].get("required", [])) == fields, name
    batch = schemas["Batch"]["properties"]
    for section, record in [
        ("companies", "CompanyRecord"),
        ("zus", "ZusRecord"),
        ("taxes", "TaxRecord"),
        ("statements", "StatementRecord"),
    ]:
        assert batch[section]["type"] == "array"
        assert batch[section]["items"]["$ref"] == f"#/components/schemas/{record}"
    assert batch["batch_id"]["pattern"] == "^[A-Za-z0-9_-]+$"
    assert (batch["batch_id"]["minLength"], batch["batch_id"]["maxLength"]) == (8, 64)
    # Every reference in the document resolves.
    for ref in _refs(openapi):
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.rsplit("/", 1)[1] in schemas, f"dangling $ref {ref}"


async def test_every_enumeration_is_published_with_its_values(openapi: dict[str, Any]) -> None:
    schemas = openapi["components"]["schemas"]
    for name, (enum, values) in ENUMERATIONS.items():
        assert [member.value for member in enum] == values, f"{name} changed: update the docs"
        assert schemas[name]["enum"] == values, name


async def test_every_endpoint_is_published_with_its_status_codes(
    openapi: dict[str, Any],
) -> None:
    published = {
        (method, path): set(operation["responses"])
        for path, operations in openapi["paths"].items()
        for method, operation in operations.items()
    }
    assert published == ENDPOINTS
    push = openapi["paths"]["/sync/v1/batches"]["post"]
    body = push["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/Batch"}
    assert push["requestBody"]["required"] is True
    assert openapi["servers"] == [{"url": "/api"}]
    assert openapi["info"]["title"] == "Biurko sync API" and openapi["info"]["version"] == "1"


async def test_docs_answer_with_swagger_ui(client: httpx.AsyncClient) -> None:
    response = await client.get("/docs")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "swagger-ui" in response.text
    assert "/api/openapi.json" in response.text


async def test_the_markdown_reference_names_every_endpoint_and_value(
    openapi: dict[str, Any],
) -> None:
    doc = DOC.read_text(encoding="utf-8")
    for _, path in ENDPOINTS:
        assert f"/api{path}".split("{")[0] in doc, path
    for code in {code for codes in ENDPOINTS.values() for code in codes}:
        assert f"**{code}**" in doc or f"`{code}`" in doc, code
    for name, fields in RECORDS.items():
        for field in fields:
            assert f"`{field}`" in doc, f"{name}.{field} is not in docs/sync-api.md"
    for _, values in ENUMERATIONS.values():
        for value in values:
            assert f"`{value}`" in doc, f"{value} is not in docs/sync-api.md"
    assert "/api/docs" in doc


async def test_the_bearer_scheme_is_declared_for_every_endpoint(openapi: dict[str, Any]) -> None:
    schemes = openapi["components"]["securitySchemes"]
    assert schemes["HTTPBearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A sync token of the office",
    }
    for path, methods in openapi["paths"].items():
        for operation in methods.values():
            assert operation["security"] == [{"HTTPBearer": []}], path
