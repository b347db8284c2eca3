"""The arq worker process: ``python main.py worker`` (needs BIURKO_REDIS_URL)."""

from __future__ import annotations

import os
from typing import Any

from arq import cron
from arq.connections import RedisSettings
from arq.worker import Function, Worker, func

from bootstrap import Services, build_services, start_services, stop_services
from settings import Settings
from tasks.arq_queue import RUN_JOB

# tesseract and numpy-style libraries oversubscribe 2 cores with OpenMP threads.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


async def run_job(ctx: dict[str, Any], job_id: int) -> None:
    services: Services = ctx["services"]
    await services.runner.run(job_id)


async def sweep(ctx: dict[str, Any]) -> None:
    services: Services = ctx["services"]
    await services.runner.sweep()


def _periodic_runner(name: str) -> Any:
    """A cron coroutine that runs the named periodic work of the worker's own services."""

    async def run_periodic(ctx: dict[str, Any]) -> None:
        services: Services = ctx["services"]
        periodic = next(p for p in services.periodic if p.name == name)
        await periodic.function()

    run_periodic.__qualname__ = f"periodic_{name}"
    return run_periodic


def worker_options(settings: Settings, services: Services | None = None) -> dict[str, Any]:
    """Keyword arguments for ``arq.Worker``; tests pass their own services and ``burst``."""

    async def startup(ctx: dict[str, Any]) -> None:
        ctx["services"] = services or build_services(settings)
        if services is None:
            await start_services(ctx["services"], prepare_database=False)
            await ctx["services"].runner.resume_pending()

    async def shutdown(ctx: dict[str, Any]) -> None:
        if services is None:
            await stop_services(ctx["services"])

    functions: list[Function] = [func(run_job, name=RUN_JOB, keep_result=0, max_tries=1)]
    cron_jobs = [cron(sweep, second={0, 30}, run_at_startup=False, keep_result=0)]
    # The schedule only: the services the worker really uses are built in startup.
    for periodic in (services or build_services(settings)).periodic:
        cron_jobs.append(
            cron(
                _periodic_runner(periodic.name),
                name=f"periodic:{periodic.name}",
                keep_result=0,
                **periodic.cron,
            )
        )
    return {
        "functions": functions,
        "cron_jobs": cron_jobs,
        "on_startup": startup,
        "on_shutdown": shutdown,
        "redis_settings": RedisSettings.from_dsn(settings.redis_url),
        "max_jobs": settings.job_concurrency,
        "job_timeout": 600,
        "health_check_interval": 60,
        "keep_result": 0,
        "queue_name": f"{settings.redis_namespace}:queue",
    }


def run(settings: Settings) -> None:
    if not settings.redis_url:
        raise SystemExit(
            "The worker needs Redis: set BIURKO_REDIS_URL (e.g. redis://127.0.0.1:6379/0). "
            "Without it, Biurko runs jobs inside the web process and needs no worker."
        )
    Worker(**worker_options(settings)).run()
