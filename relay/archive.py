"""Read-only queries on the stored matches, off the event loop and off the writer.

The API's reads (a match list, a match's events, a CSV of a whole match) can be
large. They run on a SQLite connection and a thread of their own, so they neither
block the event loop nor queue behind (and delay) the store's writer, which
commits the scorers' events. WAL lets them read while the writer writes; they see
what is committed, which is everything the relay has acknowledged.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from relay.store import StoredEvent, StoredMatch

T = TypeVar("T")


class Archive:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kabaddi-archive")
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []

    async def matches(self, after: str | None, limit: int) -> list[StoredMatch]:
        """Matches in ``match_id`` order, after ``after``; at most ``limit``."""

        def query(db: sqlite3.Connection) -> list[StoredMatch]:
            rows = db.execute(
                "SELECT match_id, epoch, last_seq, summary FROM matches"
                " WHERE match_id > ? ORDER BY match_id LIMIT ?",
                (after or "", limit),
            ).fetchall()
            return [StoredMatch(*row) for row in rows]

        return await self._run(query)

    async def match(self, match_id: str) -> StoredMatch | None:
        def query(db: sqlite3.Connection) -> StoredMatch | None:
            row = db.execute(
                "SELECT match_id, epoch, last_seq, summary FROM matches WHERE match_id = ?",
                (match_id,),
            ).fetchone()
            return StoredMatch(*row) if row else None

        return await self._run(query)

    async def events(self, match_id: str, after: int, limit: int) -> list[StoredEvent]:
        """A match's events with ``seq`` > ``after``, in order; at most ``limit``."""
        return await self._run(lambda db: events_page(db, match_id, after, limit))

    async def run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Any read-only work on the archive's connection and thread."""
        return await self._run(work)

    def close(self) -> None:
        self._executor.shutdown(wait=True)
        for db in self._connections:
            db.close()
        self._connections.clear()

    async def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: work(self._db()))

    def _db(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(f"file:{self._path}?mode=ro", uri=True, check_same_thread=False)
            self._local.db = db
            self._connections.append(db)
        return db


def events_page(db: sqlite3.Connection, match_id: str, after: int, limit: int) -> list[StoredEvent]:
    rows = db.execute(
        "SELECT seq, client_event_id, at, event, text, home_score, away_score FROM events"
        " WHERE match_id = ? AND seq > ? ORDER BY seq LIMIT ?",
        (match_id, after, limit),
    ).fetchall()
    return [StoredEvent(*row) for row in rows]
