"""Events over Redis pub/sub, so an event from a worker reaches every web process."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from redis.asyncio import Redis

from domain.eventbus import LocalEventBus
from domain.events import DomainEvent
from domain.ports import EventHandler

log = logging.getLogger(__name__)
CHANNEL = "biurko:events"


class RedisEventBus:
    def __init__(self, redis_url: str, channel: str = CHANNEL) -> None:
        self._redis: Redis = Redis.from_url(redis_url)
        self._channel = channel
        self._local = LocalEventBus()
        self._listener: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()

    def subscribe(self, handler: EventHandler) -> Callable[[], None]:
        return self._local.subscribe(handler)

    async def publish(self, event: DomainEvent) -> None:
        # Every process, this one included, gets the event back through the channel.
        await self._redis.publish(self._channel, event.to_json())

    async def start(self) -> None:
        self._listener = asyncio.create_task(self._listen(), name="biurko-redis-events")
        await asyncio.wait_for(self._ready.wait(), timeout=10)

    async def stop(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        await self._redis.aclose()

    async def ping(self) -> None:
        await self._redis.ping()

    async def _listen(self) -> None:
        while True:
            try:
                await self._listen_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("event listener lost Redis; reconnecting", exc_info=True)
                await asyncio.sleep(1)

    async def _listen_once(self) -> None:
        async with self._redis.pubsub() as pubsub:
            await pubsub.subscribe(self._channel)
            self._ready.set()
            async for message in pubsub.listen():
                if message.get("type") != "message":
                    continue
                try:
                    event = DomainEvent.from_json(message["data"])
                except (KeyError, TypeError, ValueError):
                    log.warning("ignored a malformed event on %s", self._channel)
                    continue
                await self._local.dispatch(event)
