"""The sync API v1 over HTTP: a FastAPI application mounted at ``/api`` by main.py.

``POST /api/sync/v1/batches`` stores a batch and answers 202 (a job processes it);
``GET /api/sync/v1/batches/{batch_id}`` reports its status; two read endpoints let an agent
reconcile. Authentication is a bearer token (``Authorization: Bearer <token>``), hashed and
looked up by ``domain.sync.tokens``. The OpenAPI description is served at ``/api/docs``.
"""

from __future__ import annotations

import zlib
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Path, Query, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError

from domain.actors import Actor
from domain.errors import Conflict, NotFound
from domain.services import ServicesLike
from domain.sync.batches import SubmittedBatch
from domain.sync.ingest import paused_gc
from domain.sync.ports import BatchRecord
from sync.api_models import (
    API_DESCRIPTION,
    BatchAccepted,
    BatchStatusOut,
    CompaniesOut,
    EntriesOut,
    ErrorOut,
    batch_status,
    companies_out,
    entries_out,
)
from sync.schemas import SECTIONS_OF_BATCH, Batch

MAX_BODY_BYTES = 20 * 1024 * 1024
# A gzip body may expand; beyond this it is refused rather than exhausting memory.
MAX_INFLATED_BYTES = 200 * 1024 * 1024
PREFIX = "/sync/v1"


class ApiError(Exception):
    def __init__(self, status: int, detail: Any, headers: dict[str, str] | None = None) -> None:
        self.status = status
        self.detail = detail
        self.headers = headers or {}


# Declared for OpenAPI (the "Authorize" button of /api/docs); 401s are ours, not FastAPI's.
bearer = HTTPBearer(auto_error=False, description="A sync token of the office")


async def sync_actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Actor:
    """The bearer token's actor; 401 without a valid (unrevoked) token."""
    services: ServicesLike = request.app.state.services
    actor = None
    if credentials is not None and credentials.scheme.lower() == "bearer":
        actor = await services.sync_tokens.authenticate(credentials.credentials.strip())
    if actor is None:
        raise ApiError(401, "Brak ważnego tokenu synchronizacji.", {"WWW-Authenticate": "Bearer"})
    return actor


SyncActor = Annotated[Actor, Depends(sync_actor)]


def build_sync_api(services: ServicesLike) -> FastAPI:
    api = FastAPI(
        title="Biurko sync API",
        version="1",
        description=API_DESCRIPTION,
        docs_url="/docs",
        redoc_url=None,
        openapi_url="/openapi.json",
    )

    api.state.services = services

    @api.exception_handler(ApiError)
    async def api_error(_: Request, error: ApiError) -> JSONResponse:
        return JSONResponse({"detail": error.detail}, error.status, headers=error.headers)

    errors: dict[int | str, dict[str, Any]] = {
        401: {"model": ErrorOut, "description": "Missing, unknown or revoked token"}
    }

    @api.post(
        f"{PREFIX}/batches",
        status_code=202,
        response_model=BatchAccepted,
        responses={
            **errors,
            200: {"model": BatchAccepted, "description": "The same batch again: its status"},
            409: {"model": ErrorOut, "description": "batch_id reused with different content"},
            413: {"model": ErrorOut, "description": "Body over 20 MB"},
            422: {"description": "Body does not match the schema; nothing stored"},
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Batch"}}},
                "description": "A batch; may be sent with Content-Encoding: gzip",
            }
        },
        summary="Push a batch of companies, ZUS, taxes and statements",
    )
    async def push_batch(request: Request, actor: SyncActor) -> JSONResponse:
        body = await _read_body(request)
        submitted = _parse(body)
        try:
            record, created = await services.sync_batches.submit(actor, submitted)
        except Conflict as error:
            raise ApiError(409, str(error)) from error
        answer = _accepted(request, record)
        return JSONResponse(answer, 202 if created else 200)

    @api.get(
        f"{PREFIX}/batches/{{batch_id}}",
        response_model=BatchStatusOut,
        responses={**errors, 404: {"model": ErrorOut}},
        summary="The status of a batch",
    )
    async def get_batch(
        actor: SyncActor, batch_id: Annotated[str, Path(max_length=64)]
    ) -> dict[str, Any]:
        try:
            record = await services.sync_batches.status(actor, batch_id)
        except NotFound as error:
            raise ApiError(404, str(error)) from error
        return batch_status(record)

    @api.get(
        f"{PREFIX}/companies",
        response_model=CompaniesOut,
        responses=errors,
        summary="The office's companies",
    )
    async def list_companies(actor: SyncActor) -> dict[str, Any]:
        return companies_out(await services.sync_read.companies(actor))

    @api.get(
        f"{PREFIX}/companies/{{nip}}/entries",
        response_model=EntriesOut,
        responses={**errors, 404: {"model": ErrorOut}},
        summary="One company's entries of a year, with their approval state",
    )
    async def company_entries(
        actor: SyncActor,
        nip: Annotated[str, Path(max_length=13)],
        year: Annotated[int, Query(ge=2000, le=2099)],
    ) -> dict[str, Any]:
        try:
            company, states = await services.sync_read.entries(actor, nip, year)
        except NotFound as error:
            raise ApiError(404, str(error)) from error
        return entries_out(company, year, states)

    # The Batch schema is documented even though the handler reads the raw body itself.
    _register_schema(api)
    return api


async def _read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise ApiError(413, "Paczka jest większa niż 20 MB: podziel ją na mniejsze.")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise ApiError(413, "Paczka jest większa niż 20 MB: podziel ją na mniejsze.")
        chunks.append(chunk)
    body = b"".join(chunks)
    if request.headers.get("content-encoding", "").lower() == "gzip":
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            body = inflater.decompress(body, MAX_INFLATED_BYTES)
        except zlib.error as error:
            raise ApiError(422, _detail(["body"], "Nieprawidłowe dane gzip.")) from error
        if inflater.unconsumed_tail:
            raise ApiError(413, "Paczka po rozpakowaniu jest za duża.")
    return body


def _parse(body: bytes) -> SubmittedBatch:
    """The body validated against the schema, as the canonical JSON that gets stored."""
    # A batch of tens of thousands of records is as many models: they live only in here, with
    # the cyclic GC held back (see domain.sync.ingest.paused_gc) until they are freed again.
    with paused_gc():
        try:
            batch = Batch.model_validate_json(body)
        except ValidationError as error:
            raise ApiError(422, _pydantic_detail(error)) from error
        submitted = SubmittedBatch(
            batch_id=batch.batch_id,
            content=batch.model_dump_json(exclude_none=True),
            program=batch.source.program,
            agent=batch.source.agent,
            records=sum(len(getattr(batch, name)) for name in SECTIONS_OF_BATCH),
        )
        del batch
    return submitted


def _detail(loc: list[str | int], message: str) -> list[dict[str, Any]]:
    return [
        {"loc": loc, "path": ".".join(str(p) for p in loc), "msg": message, "type": "value_error"}
    ]


def _pydantic_detail(error: ValidationError) -> list[dict[str, Any]]:
    detail = []
    for item in error.errors(include_url=False, include_input=False):
        loc = ["body", *item["loc"]]
        detail.append(
            {
                "loc": loc,
                "path": ".".join(str(part) for part in item["loc"]),
                "msg": item["msg"],
                "type": item["type"],
            }
        )
    return detail


def _accepted(request: Request, record: BatchRecord) -> dict[str, Any]:
    root = request.scope.get("root_path", "")
    return {
        "batch_id": record.batch_id,
        "status": record.status.value,
        "status_url": str(request.base_url).rstrip("/")
        + f"{root}{PREFIX}/batches/{record.batch_id}",
    }


def _register_schema(api: FastAPI) -> None:
    original = api.openapi

    def openapi() -> dict[str, Any]:
        if api.openapi_schema:
            return api.openapi_schema
        schema = original()
        definitions = Batch.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(definitions.pop("$defs", {}))
        components["Batch"] = definitions
        api.openapi_schema = schema
        return schema

    api.openapi = openapi  # type: ignore[method-assign]
