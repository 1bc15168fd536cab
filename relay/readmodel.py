"""What the HTTP routes read: health, the match list, a match's state and its events.

Nothing here changes a match or loads one into the relay's memory: a match that is
not in memory is read from the archive (:class:`~relay.archive.Archive` on SQLite,
:class:`~relay.backends.redis_archive.RedisArchive` on Redis) and, for its state,
replayed in a worker thread, so a request can neither block the event loop nor push
a live match out of memory. Lists come in pages; a page of events and the CSV of a
match are written in a worker thread, a few at a time, and kept for the next
download until the match moves.

A match exists once a scorer has set it up (it is stored) or while a scorer is
connected to it; a viewer alone waiting on an id makes nothing exist. A match in
play is live while a scorer is connected or for :data:`IDLE_LIVE_MS` after its last
event: a match its scorers left long ago is listed as not live.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from prometheus_client.registry import Collector

from relay.admission import Admission
from relay.authguard import AuthGuard
from relay.backends import ArchiveReader, EventStore
from relay.csvcell import safe_row
from relay.logbook import logged_events, replay_log, stored_score
from relay.metrics import Metrics, RelayCollector, exposition, relay_registry
from relay.penalty import PenaltyBox
from relay.room import now_ms
from relay.rooms import Rooms
from relay.store import StoredEvent, StoredMatch
from relay.wire import LoggedEvent

# Work that replays or exports a whole match, at once: more requests wait their turn.
HEAVY_AT_ONCE = 2
CACHED = 8
UPDATED_CACHED = 2048  # the time of each listed match's last event, by (match, seq)
IDLE_LIVE_MS = 10 * 60 * 1000  # no scorer and no event for this long: not live any more
NOT_LIVE_PHASES = ("scheduled", "finished")


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    next_after: str | None  # the cursor of the next page, None on the last one


class ReadModel:
    def __init__(
        self,
        *,
        store: EventStore,
        archive: ArchiveReader,
        rooms: Rooms,
        metrics: Metrics,
        admission: Admission,
        guard: AuthGuard,
        penalties: PenaltyBox,
        max_events: int,
        backend_health: Callable[[], dict[str, Any]] = dict,
        backend_collector: Collector | None = None,
        clock: Callable[[], int] = now_ms,
    ) -> None:
        self._store = store
        self._archive = archive
        self._rooms = rooms
        self._metrics = metrics
        self._admission = admission
        self._guard = guard
        self._penalties = penalties
        self._max_events = max_events
        self._backend_health = backend_health
        self._clock = clock
        self._started = time.time()
        self._registry = relay_registry(RelayCollector(metrics, lambda: len(rooms), store.health))
        if backend_collector is not None:
            self._registry.register(backend_collector)
        self._heavy = asyncio.Semaphore(HEAVY_AT_ONCE)
        self._states: OrderedDict[tuple[str, int], dict[str, Any]] = OrderedDict()
        self._csvs: OrderedDict[tuple[str, int], bytes] = OrderedDict()
        self._pages: OrderedDict[tuple[str, int, int, int], tuple[bytes, int | None]] = (
            OrderedDict()
        )
        self._updated: OrderedDict[tuple[str, int], int | None] = OrderedDict()

    async def health(self) -> dict[str, Any]:
        """The body of /healthz; ``ok`` false makes it a 503, with the reasons."""
        store = self._store.health()
        problems = [] if store.problem is None else [f"events are not stored: {store.problem}"]
        return {
            "ok": not problems,
            "problems": problems,
            **self._backend_health(),
            "pid": os.getpid(),  # which worker answered, behind --workers
            "uptimeSeconds": round(time.time() - self._started, 1),
            "connections": self._admission.count("viewer") + self._admission.count("scorer"),
            "pendingConnections": self._admission.count("pending"),
            "lockedOutAddresses": self._guard.locked_out,
            "refusedAddresses": self._penalties.refused_addresses,
            "matchesInMemory": len(self._rooms),
            "commits": store.commits,
            "store": {
                "ok": store.ok,
                "problem": store.problem,
                "failingForSeconds": (
                    None
                    if store.failing_since is None
                    else round(time.time() - store.failing_since, 1)
                ),
                "failedCommits": store.failed_commits,
                "queued": store.queued,
                "busySeconds": round(store.busy_seconds, 1),
            },
        }

    def metrics_text(self) -> str:
        return exposition(self._registry)

    async def match_list(self, after: str | None, limit: int) -> Page:
        """Matches a scorer has set up (stored ones), in ``matchId`` order."""
        stored = await self._archive.matches(after, limit + 1)
        now = self._clock()
        listed = [await self._entry(match, now) for match in stored[:limit]]
        more = len(stored) > limit
        return Page(listed, listed[-1]["matchId"] if more and listed else None)

    async def match_summary(self, match_id: str) -> dict[str, Any] | None:
        """One match as the list shows it, or None when there is no such match.

        A match a scorer has opened but not set up yet is there, with ``setUp`` false.
        """
        stored = await self._archive.match(match_id)
        if stored is not None:
            return await self._entry(stored, self._clock())
        room = self._rooms.get_loaded(match_id)
        presence = room.presence() if room is not None else None
        if presence is None or not presence.scorers:
            return None
        return {
            "matchId": match_id,
            "setUp": False,
            "phase": None,
            "lastSeq": 0,
            "updatedAt": None,
            "live": False,
            "viewers": presence.viewers,
            "scorers": len(presence.scorers),
            "home": None,
            "away": None,
        }

    async def _entry(self, match: StoredMatch, now: int) -> dict[str, Any]:
        summary = json.loads(match.summary) if match.summary else {}
        phase = summary.get("phase")
        updated = await self._updated_at(match)
        viewers = scorers = 0
        room = self._rooms.get_loaded(match.match_id)
        if room is not None:
            presence = room.presence()
            viewers, scorers = presence.viewers, len(presence.scorers)
        recent = updated is not None and now - updated < IDLE_LIVE_MS
        return {
            "matchId": match.match_id,
            "setUp": True,
            "phase": phase,
            "lastSeq": match.last_seq,
            "updatedAt": updated,
            "live": phase not in NOT_LIVE_PHASES and (scorers > 0 or recent),
            "viewers": viewers,
            "scorers": scorers,
            "home": summary.get("home"),
            "away": summary.get("away"),
        }

    async def _updated_at(self, match: StoredMatch) -> int | None:
        """When the match's last event was accepted (relay time, ms), or None without events."""
        key = (match.match_id, match.last_seq)
        if key in self._updated:
            self._updated.move_to_end(key)
            return self._updated[key]
        last = await self._archive.events(match.match_id, match.last_seq - 1, 1)
        at = last[0].at if last else None
        self._updated[key] = at
        while len(self._updated) > UPDATED_CACHED:
            self._updated.popitem(last=False)
        return at

    async def match_state(self, match_id: str) -> dict[str, Any] | None:
        """The state JSON of a match; {} -> set up not yet (null), None -> no such match."""
        room = self._rooms.get_loaded(match_id)
        if room is not None:
            if room.state is None:
                return {}
            result: dict[str, Any] = room.state.model_dump(mode="json", by_alias=True)
            return result
        match = await self._archive.match(match_id)
        if match is None:
            return None
        key = (match_id, match.last_seq)
        cached = self._states.get(key)
        if cached is None:
            async with self._heavy:
                cached = await self._replay(match_id)
            self._remember(self._states, key, cached)
        return cached

    async def match_events(
        self, match_id: str, after: int, limit: int
    ) -> tuple[bytes, int | None] | None:
        """A page of a stored match's events as JSON, and the cursor of the next, or None."""
        match = await self._archive.match(match_id)
        if match is None:
            return None
        key = (match_id, match.last_seq, after, limit)
        cached = self._pages.get(key)
        if cached is None:
            async with self._heavy:
                cached = await self._page(match_id, after, limit)
            self._remember(self._pages, key, cached)
        return cached

    async def events_csv(self, match_id: str) -> bytes | None:
        match = await self._archive.match(match_id)
        if match is None:
            return None
        key = (match_id, match.last_seq)
        cached = self._csvs.get(key)
        if cached is None:
            async with self._heavy:
                cached = await self._csv(match_id)
            self._remember(self._csvs, key, cached)
        return cached

    async def _page(self, match_id: str, after: int, limit: int) -> tuple[bytes, int | None]:
        records = await self._logged(match_id, after, limit + 1)
        return await asyncio.to_thread(_page_json, records, limit)

    async def _logged(self, match_id: str, after: int, limit: int) -> list[LoggedEvent]:
        """A page of the log as logged events (a log stored without scores is replayed)."""
        records = await self._archive.events(match_id, after, limit)
        if all(stored_score(record) is not None for record in records):
            return await asyncio.to_thread(logged_events, records)
        whole = await self._archive.events(match_id, 0, self._max_events)
        logged = (await asyncio.to_thread(replay_log, whole))[1]
        return [item for item in logged if item.seq > after][:limit]

    async def _replay(self, match_id: str) -> dict[str, Any]:
        records = await self._archive.events(match_id, 0, self._max_events)
        return await asyncio.to_thread(_state_json, records)

    async def _csv(self, match_id: str) -> bytes:
        pages: list[list[LoggedEvent]] = []
        after = 0
        while True:
            page = await self._logged(match_id, after, 500)
            pages.append(page)
            if len(page) < 500:
                break
            after = page[-1].seq
        return await asyncio.to_thread(_csv_bytes, pages)

    @staticmethod
    def _remember(cache: OrderedDict[Any, Any], key: Any, value: Any) -> None:
        cache[key] = value
        cache.move_to_end(key)
        while len(cache) > CACHED:
            cache.popitem(last=False)


def _page_json(records: list[LoggedEvent], limit: int) -> tuple[bytes, int | None]:
    page = [record.model_dump(mode="json") for record in records[:limit]]
    more = len(records) > limit
    body = json.dumps(page, separators=(",", ":")).encode()
    return body, page[-1]["seq"] if more and page else None


def _state_json(records: list[StoredEvent]) -> dict[str, Any]:
    state, _ = replay_log(records)
    if state is None:
        return {}
    result: dict[str, Any] = state.model_dump(mode="json", by_alias=True)
    return result


def _csv_bytes(pages: list[list[LoggedEvent]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["seq", "at", "by", "type", "home", "away", "text", "event"])
    for page in pages:
        for logged in page:
            event = logged.event
            score = logged.score
            writer.writerow(
                safe_row(
                    [
                        logged.seq,
                        event.at,
                        event.by,
                        event.type,
                        score.home if score else None,
                        score.away if score else None,
                        logged.text,
                        event.model_dump_json(),
                    ]
                )
            )
    return out.getvalue().encode()
