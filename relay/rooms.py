"""The matches in memory: loaded lazily from disk, evicted when idle for too long.

A match is loaded on the first ``hello`` that names it, by replaying its stored log
in a worker thread: a long match takes a second to replay, and the event loop must
keep answering everyone else meanwhile.
Matches nobody is connected to are kept in least-recently-used order, at most
``max_idle`` of them; older ones are dropped and reload from disk when needed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections import OrderedDict

from relay.backends import EventStore
from relay.logbook import replay_log
from relay.metrics import Metrics
from relay.room import Room
from relay.store import Store, StoredEvent

log = logging.getLogger(__name__)


class MatchUnavailable(Exception):
    """A match cannot be loaded now (its store is unreachable); the message says why."""


class Rooms:
    def __init__(
        self,
        store: EventStore,
        metrics: Metrics,
        *,
        max_idle: int,
        tail_size: int,
        heartbeat: float = 15.0,
    ) -> None:
        self._store = store
        self._heartbeat = heartbeat
        self._beating: asyncio.Task[None] | None = None
        self._metrics = metrics
        self._max_idle = max_idle
        self._tail_size = tail_size
        self._rooms: dict[str, Room] = {}
        self._idle: OrderedDict[str, None] = OrderedDict()
        self._loading: dict[str, asyncio.Future[Room]] = {}

    def __len__(self) -> int:
        return len(self._rooms)

    def loaded(self) -> list[Room]:
        return list(self._rooms.values())

    def get_loaded(self, match_id: str) -> Room | None:
        return self._rooms.get(match_id)

    async def get(self, match_id: str) -> Room:
        """The match's room, loading it from disk (or creating it) on first use."""
        room = self._rooms.get(match_id)
        if room is not None:
            self._idle.pop(match_id, None)
            return room
        loading = self._loading.get(match_id)
        if loading is None:
            loading = asyncio.get_running_loop().create_future()
            self._loading[match_id] = loading
            try:
                room = await self._load(match_id)
            except BaseException as exc:
                loading.set_exception(exc)
                loading.exception()  # retrieved here; waiters get it too
                raise
            finally:
                del self._loading[match_id]
            self._rooms[match_id] = room
            loading.set_result(room)
            return room
        room = await asyncio.shield(loading)
        self._idle.pop(match_id, None)
        return room

    def release(self, room: Room) -> None:
        """Called when a connection leaves: an idle room joins the eviction order."""
        if not room.idle or self._rooms.get(room.match_id) is not room:
            return
        self._idle[room.match_id] = None
        self._idle.move_to_end(room.match_id)
        while len(self._idle) > self._max_idle:
            match_id, _ = self._idle.popitem(last=False)
            candidate = self._rooms.get(match_id)
            if candidate is not None and candidate.idle:
                del self._rooms[match_id]
                self._forget(candidate)

    def drop(self, room: Room) -> None:
        """Forget a room after a failed write: its clients reconnect and it reloads from disk."""
        for member in list(room.members.values()):
            member.close(1011, "the match could not be stored")
        if self._rooms.get(room.match_id) is room:
            del self._rooms[room.match_id]
            self._forget(room)
        self._idle.pop(room.match_id, None)

    def _forget(self, room: Room) -> None:
        """A room has left memory (shared backends stop following its match)."""

    async def start(self) -> None:
        """Start the heartbeat (see :meth:`Room.heartbeat`)."""
        self._beating = asyncio.get_running_loop().create_task(self._beat(), name="heartbeat")

    async def stop(self) -> None:
        if self._beating is not None:
            self._beating.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._beating
            self._beating = None

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(self._heartbeat)
            for room in self.loaded():
                try:
                    room.heartbeat()
                except Exception:  # one room's fault must not stop every other's heartbeat
                    log.exception("match %s: heartbeat failed", room.match_id)

    async def _load(self, match_id: str) -> Room:
        stored = await self._store.load(match_id)
        if stored is None:
            return self._new_room(match_id, secrets.token_hex(8))
        match, records = stored
        room = await asyncio.to_thread(self._rebuild, match_id, match.epoch, records)
        log.info("match %s loaded: %d events", match_id, room.seq)
        return room

    def _rebuild(self, match_id: str, epoch: str, records: list[StoredEvent]) -> Room:
        """A room holding a stored log (in a worker thread: the room is not shared yet)."""
        state, logged = replay_log(records)
        room = self._new_room(match_id, epoch)
        room.restore(logged, state)
        return room

    def _new_room(self, match_id: str, epoch: str) -> Room:
        store = self._store
        assert isinstance(store, Store), "shared backends make their own rooms"
        return Room(
            match_id,
            epoch,
            store,
            self._metrics,
            tail_size=self._tail_size,
            on_failure=self.drop,
            on_idle=self.release,
        )
