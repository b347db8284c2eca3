"""Durable jobs: retries with backoff, pending work resumed after a restart, arq burst mode,
and events crossing processes over Redis."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from arq.worker import Worker

from bootstrap import build_services, start_services, stop_services
from domain.errors import Retryable
from domain.events import CompanyChanged, DomainEvent
from persistence.models import ClientUser, Job, OutboxEmail
from tasks.redis_bus import RedisEventBus
from tasks.worker import worker_options
from tests.support.services import make_settings, running_services


async def test_retryable_job_is_retried_with_backoff_then_gives_up(
    db_url: str, isolated_env: Path
) -> None:
    calls: list[int] = []

    async def flaky(context: Any, value: int) -> None:
        calls.append(context.tries)
        raise Retryable("chwilowy błąd")

    settings = make_settings(isolated_env, db_url, job_max_tries=3, job_retry_base_seconds=0.05)
    async with running_services(settings) as services:
        services.runner._functions = {"flaky": flaky}  # type: ignore[attr-defined]
        job_id = await services.jobs.enqueue("flaky", 1)
        async with asyncio.timeout(10):
            while (await Job.get(id=job_id)).status != "failed":
                await asyncio.sleep(0.05)
    assert calls == [1, 2, 3]


async def test_pending_jobs_are_resumed_after_restart(db_url: str, isolated_env: Path) -> None:
    settings = make_settings(isolated_env, db_url)
    async with running_services(settings):
        # A crash left an e-mail queued and its job "running": both must survive a restart.
        email = await OutboxEmail.create(
            to_address="po-awarii@example.com", subject="Test", text_body="Treść", office_id=None
        )
        await Job.create(
            name="deliver_email",
            args=[email.id],
            status="running",
            tries=1,
            run_after=datetime.now(UTC),
        )
    async with running_services(settings) as services:
        await services.jobs.idle()
        async with asyncio.timeout(10):
            while (await OutboxEmail.get(id=email.id)).status != "sent":
                await asyncio.sleep(0.05)
        assert (await Job.get(name="deliver_email")).status == "done"


async def test_arq_worker_in_burst_mode_delivers_outbox(
    db_url: str, isolated_env: Path, redis_url: str, namespace: str
) -> None:
    settings = make_settings(isolated_env, db_url, redis_url=redis_url, redis_namespace=namespace)
    services = build_services(settings)
    await start_services(services)
    try:
        user = await ClientUser.get(email="klient@demo.biurko.pl")
        await services.auth.request_password_reset(user.email)
        assert (await OutboxEmail.get(to_address=user.email)).status == "pending"
        worker = Worker(
            **worker_options(settings, services), burst=True, handle_signals=False, poll_delay=0.01
        )
        await worker.main()
        assert worker.jobs_complete >= 1 and worker.jobs_failed == 0
        assert (await OutboxEmail.get(to_address=user.email)).status == "sent"
        await worker.close()
    finally:
        await stop_services(services)


async def test_redis_events_reach_every_subscribed_process(redis_url: str, namespace: str) -> None:
    web_one, web_two = (RedisEventBus(redis_url, f"{namespace}:events") for _ in range(2))
    received: dict[str, list[DomainEvent]] = {"one": [], "two": []}
    web_one.subscribe(received["one"].append)
    web_two.subscribe(received["two"].append)
    await web_one.start()
    await web_two.start()
    worker = RedisEventBus(redis_url, f"{namespace}:events")
    try:
        await worker.publish(CompanyChanged(office_id=1, company_id=42))
        async with asyncio.timeout(5):
            while not (received["one"] and received["two"]):
                await asyncio.sleep(0.02)
        assert received["one"] == received["two"] == [CompanyChanged(1, 42)]
    finally:
        await worker.stop()
        await web_one.stop()
        await web_two.stop()


async def test_concurrent_enqueues_with_one_key_make_one_job(
    db_url: str, isolated_env: Path
) -> None:
    from persistence.repositories.infra import JobStore

    async with running_services(make_settings(isolated_env, db_url)):
        store = JobStore()
        now = datetime.now(UTC)
        ids = await asyncio.gather(*(store.add("noop", [1], "same-key", now) for _ in range(5)))
        assert len(set(ids)) == 1
        assert await Job.filter(key="same-key").count() == 1
