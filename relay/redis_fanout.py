"""Events appended on other nodes, as they are published on their match's channel.

One subscriber connection per node, subscribed to the channels of the matches this node
has in memory. Redis pub/sub delivers at most once and says nothing about what it
dropped while a connection was down, so this subscriber never reconnects behind
anyone's back: when its connection fails it waits, subscribes again on a fresh one and
then calls ``on_resync`` so every match reads what it missed from its stream. A
message is never trusted to be the next one either: rooms compare its ``seq`` with
their own and fill any gap from the stream.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from redis.asyncio.client import PubSub
from redis.exceptions import RedisError

from relay.backends.redis_log import RedisLog, live_channel, payload_entry
from relay.store import StoredEvent

log = logging.getLogger(__name__)

# Subscribed while no match is, so the connection (and its failures) exist all along.
NODES_CHANNEL = "kabaddi:nodes"


class Fanout:
    def __init__(
        self,
        redis_log: RedisLog,
        on_entry: Callable[[str, StoredEvent], None],
        on_resync: Callable[[], None],
        *,
        retry_delay: float = 0.5,
    ) -> None:
        self._log = redis_log
        self._client = redis_log.connect(socket_timeout=None)
        self._on_entry = on_entry
        self._on_resync = on_resync
        self._retry_delay = retry_delay
        self._channels: dict[str, str] = {}  # channel -> match id
        self._pubsub: PubSub | None = None
        self._task: asyncio.Task[None] | None = None
        self.connected = False
        self.reconnects = 0
        self._tried = asyncio.Event()  # the first attempt to subscribe is over

    async def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="redis-fanout")
        await self._tried.wait()

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._client.aclose()

    async def subscribe(self, match_id: str) -> None:
        channel = live_channel(match_id)
        self._channels[channel] = match_id
        pubsub = self._pubsub
        if pubsub is not None:
            try:
                await pubsub.subscribe(channel)
            except (RedisError, OSError) as exc:
                # The run loop subscribes to every channel again once it is back.
                log.warning("subscribing to %s failed: %s", channel, exc)

    async def unsubscribe(self, match_id: str) -> None:
        channel = live_channel(match_id)
        self._channels.pop(channel, None)
        pubsub = self._pubsub
        if pubsub is not None:
            with contextlib.suppress(RedisError, OSError):
                await pubsub.unsubscribe(channel)

    async def _run(self) -> None:
        first = True
        while True:
            pubsub = self._client.pubsub()
            try:
                await pubsub.subscribe(NODES_CHANNEL, *self._channels)
                self._pubsub = pubsub
                self.connected = self._log.subscribed = True
                self._tried.set()
                if not first:
                    self.reconnects += 1
                    log.warning("Redis subscription back: reading what was missed")
                first = False
                # Anything published while no subscription was there is read from streams.
                self._on_resync()
                while True:
                    message = await pubsub.get_message(timeout=None)
                    if message is not None and message["type"] == "message":
                        self._deliver(message["channel"], message["data"])
            except (RedisError, OSError) as exc:
                if self.connected or not self._tried.is_set():
                    log.error("Redis subscription lost: %s", exc)
                self._tried.set()
            finally:
                self._pubsub = None
                self.connected = self._log.subscribed = False
                with contextlib.suppress(RedisError, OSError):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]
            await asyncio.sleep(self._retry_delay)

    def _deliver(self, channel: str, data: str) -> None:
        match_id = self._channels.get(channel)
        if match_id is None:
            return
        try:
            record = payload_entry(data)
        except (ValueError, KeyError, TypeError):
            log.exception("unreadable message on %s", channel)
            self._on_resync()
            return
        self._on_entry(match_id, record)
