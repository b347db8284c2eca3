"""Driving the sync API in tests: the real FastAPI app over httpx's ASGI transport."""

from __future__ import annotations

import gzip
import json
import uuid
from typing import Any

import httpx
from fastapi import FastAPI

from bootstrap import Services
from sync.api import build_sync_api


def api_client(services: Services) -> httpx.AsyncClient:
    """The API mounted at /api as main.py mounts it, reached without a socket."""
    root = FastAPI()
    root.mount("/api", build_sync_api(services))
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=root), base_url="http://biurko.test/api"
    )


def batch(**sections: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "batch_id": sections.pop("batch_id", None) or uuid.uuid4().hex,
        "source": {"program": "Test", "agent": "pytest/1"},
    }
    body.update(sections)
    return body


def zus(nip: str, period: str = "2026-10", **values: Any) -> dict[str, Any]:
    record = {
        "company": {"nip": nip},
        "period": period,
        "settlement": "D",
        "social": "1000.00",
        "health": "400.00",
        "labour_fund": "100.00",
        "total": "1500.00",
    }
    record.update(values)
    return record


def tax(nip: str, kind: str = "vat", period: str = "2026-10", amount: str = "2300.00") -> dict:
    return {
        "company": {"nip": nip},
        "kind": kind,
        "period": period,
        "settlement": "D",
        "amount": amount,
    }


def statement(
    nip: str, period: str = "2026-10", revenue: str = "10000.00", costs: str = "4000.00"
) -> dict:
    return {"company": {"nip": nip}, "period": period, "revenue": revenue, "costs": costs}


async def push(
    client: httpx.AsyncClient, token: str, body: dict[str, Any], compress: bool = False
) -> httpx.Response:
    raw = json.dumps(body).encode()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    if compress:
        raw = gzip.compress(raw)
        headers["Content-Encoding"] = "gzip"
    return await client.post("/sync/v1/batches", content=raw, headers=headers)


async def status(client: httpx.AsyncClient, token: str, batch_id: str) -> dict[str, Any]:
    response = await client.get(
        f"/sync/v1/batches/{batch_id}", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.text
    return response.json()
