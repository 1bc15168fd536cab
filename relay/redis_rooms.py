"""The matches a node has in memory, each following its stream in Redis.

A match is loaded by subscribing to its channel first and reading its stream second, so
nothing published in between is missed. Pub/sub alone is not trusted: every
``head_check`` seconds one round trip reads the head of every loaded match, which finds
what a lost message (or the last event before a quiet spell) would have hidden and a
Redis emptied since (a new epoch).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets

from redis.exceptions import RedisError

from relay.backends.redis_log import RedisLog
from relay.logbook import replay_log
from relay.metrics import Metrics
from relay.redis_fanout import Fanout
from relay.redis_room import RedisRoom
from relay.room import Room
from relay.rooms import MatchUnavailable, Rooms
from relay.store import StoredEvent

log = logging.getLogger(__name__)


class RedisRooms(Rooms):
    def __init__(
        self,
        redis_log: RedisLog,
        metrics: Metrics,
        *,
        max_idle: int,
        tail_size: int,
        head_check: float = 1.0,
        heartbeat: float = 15.0,
    ) -> None:
        super().__init__(
            redis_log, metrics, max_idle=max_idle, tail_size=tail_size, heartbeat=heartbeat
        )
        self._log = redis_log
        self._head_check = head_check
        self.fanout = Fanout(redis_log, self._entry, self.resync)
        self._timer: asyncio.Task[None] | None = None
        self._closing: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        await super().start()
        await self.fanout.start()
        self._timer = asyncio.get_running_loop().create_task(self._check_heads(), name="heads")

    async def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._timer
        for room in self.loaded():
            if isinstance(room, RedisRoom):
                await room.stop()
        if self._closing:
            await asyncio.gather(*self._closing, return_exceptions=True)
        await self.fanout.close()
        await super().stop()

    def resync(self) -> None:
        """Every loaded match reads its stream: messages may have been lost."""
        for room in self.loaded():
            if isinstance(room, RedisRoom):
                room.request_sync()

    def _entry(self, match_id: str, record: StoredEvent) -> None:
        room = self.get_loaded(match_id)
        if isinstance(room, RedisRoom):
            room.notify(record)

    async def _check_heads(self) -> None:
        while True:
            await asyncio.sleep(self._head_check)
            rooms = [room for room in self.loaded() if isinstance(room, RedisRoom)]
            try:
                heads = await self._log.heads([room.match_id for room in rooms])
            except (RedisError, OSError):
                continue  # logged by the log; checked again next time
            for room, head in zip(rooms, heads, strict=True):
                room.check_head(head)

    async def _load(self, match_id: str) -> Room:
        try:
            return await self._load_from_redis(match_id)
        except (RedisError, OSError) as exc:
            raise MatchUnavailable(
                "The match store (Redis) is unavailable; connect again in a moment."
            ) from exc

    async def _load_from_redis(self, match_id: str) -> Room:
        await self.fanout.subscribe(match_id)
        try:
            head = await self._log.ensure_epoch(match_id, secrets.token_hex(8))
            records: list[StoredEvent] = []
            while True:
                seen, batch = await self._log.read_since(
                    match_id, records[-1].seq if records else 0
                )
                if seen.epoch != head.epoch:
                    raise RuntimeError(f"match {match_id} was reset while loading")
                records += batch
                if not batch or records[-1].seq >= seen.seq:
                    break
        except BaseException:
            await self.fanout.unsubscribe(match_id)
            raise
        assert head.epoch is not None
        state, logged = replay_log(records)
        room = RedisRoom(
            match_id,
            head.epoch,
            self._log,
            self._metrics,
            tail_size=self._tail_size,
            on_failure=self.drop,
            on_idle=self.release,
        )
        room.restore(logged, state)
        room.start()
        log.info("match %s loaded from Redis: %d events", match_id, room.seq)
        return room

    def _forget(self, room: Room) -> None:
        if not isinstance(room, RedisRoom):
            return
        task = asyncio.get_running_loop().create_task(self._close_room(room))
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    async def _close_room(self, room: RedisRoom) -> None:
        await room.stop()
        if self.get_loaded(room.match_id) is None:
            await self.fanout.unsubscribe(room.match_id)
