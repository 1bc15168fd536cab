"""The event store: SQLite in WAL mode, written by one thread in grouped commits.

The event loop never touches the disk. It hands records to :meth:`Store.append` and
gets a future that resolves once the record is committed; the writer thread takes
every record waiting in its queue and commits them in one transaction, so a burst
costs one fsync rather than one per event. Reads go through the same thread, in
order, so a read sees every write queued before it.

``synchronous=FULL``: with WAL, NORMAL already survives a killed process, but FULL
also survives a power cut at the venue, and the grouping keeps its cost small.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

SCHEMA = """
CREATE TABLE IF NOT EXISTS matches (
    match_id TEXT PRIMARY KEY,
    epoch TEXT NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0,
    summary TEXT
);
CREATE TABLE IF NOT EXISTS events (
    match_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    client_event_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    event TEXT NOT NULL,
    text TEXT NOT NULL,
    home_score INTEGER,
    away_score INTEGER,
    PRIMARY KEY (match_id, seq),
    UNIQUE (match_id, client_event_id)
);
"""
# Columns added since the first release; a database made before gets them (as NULL).
ADDED_COLUMNS = {"events": ("home_score INTEGER", "away_score INTEGER")}


@dataclass(frozen=True)
class StoredEvent:
    seq: int
    client_event_id: str
    at: int
    event: str  # the event's JSON, with ``at`` and ``by``
    text: str  # the commentary
    # The score after the event; None in rows written before the score was stored, whose
    # text began with it (relay.logbook rebuilds both by replaying the log).
    home_score: int | None = None
    away_score: int | None = None


@dataclass(frozen=True)
class StoredMatch:
    match_id: str
    epoch: str
    last_seq: int
    summary: str | None  # JSON written by the relay with each commit, for listings


@dataclass(frozen=True)
class _Write:
    match_id: str
    epoch: str
    record: StoredEvent
    summary: str
    future: asyncio.Future[None]


@dataclass(frozen=True)
class _Read:
    query: Callable[[sqlite3.Connection], Any]
    future: asyncio.Future[Any]


_Result = tuple[asyncio.Future[Any], Any, BaseException | None]
_STOP = object()


class StoreClosed(RuntimeError):
    pass


class Store:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._queue: queue.SimpleQueue[_Write | _Read | object] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False
        self._db: sqlite3.Connection
        self._broken: set[str] = set()  # touched by the writer thread only
        self.commits = 0  # transactions, for metrics and tests

    async def open(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        ready: asyncio.Future[None] = self._loop.create_future()
        self._thread = threading.Thread(
            target=self._run, args=(ready,), name="kabaddi-store", daemon=True
        )
        self._thread.start()
        await ready

    def append(
        self, match_id: str, epoch: str, record: StoredEvent, summary: str
    ) -> asyncio.Future[None]:
        """Queue a record; the future resolves once it is committed."""
        assert self._loop is not None, "store not open"
        future: asyncio.Future[None] = self._loop.create_future()
        if self._closed:
            future.set_exception(StoreClosed("store is closed"))
        else:
            self._queue.put(_Write(match_id, epoch, record, summary, future))
        return future

    async def load(self, match_id: str) -> tuple[StoredMatch, list[StoredEvent]] | None:
        def query(db: sqlite3.Connection) -> tuple[StoredMatch, list[StoredEvent]] | None:
            self._broken.discard(match_id)  # the caller rebuilds the match from what is here
            row = db.execute(
                "SELECT match_id, epoch, last_seq, summary FROM matches WHERE match_id = ?",
                (match_id,),
            ).fetchone()
            if row is None:
                return None
            return StoredMatch(*row), _events(db, match_id)

        return await self._read(query)

    async def events(self, match_id: str) -> list[StoredEvent]:
        return await self._read(lambda db: _events(db, match_id))

    async def matches(self) -> list[StoredMatch]:
        def query(db: sqlite3.Connection) -> list[StoredMatch]:
            rows = db.execute(
                "SELECT match_id, epoch, last_seq, summary FROM matches ORDER BY match_id"
            ).fetchall()
            return [StoredMatch(*row) for row in rows]

        return await self._read(query)

    async def close(self) -> None:
        """Commit everything queued, then stop the writer thread."""
        if self._closed or self._thread is None:
            self._closed = True
            return
        self._closed = True
        self._queue.put(_STOP)
        await asyncio.to_thread(self._thread.join)

    async def _read(self, query: Callable[[sqlite3.Connection], T]) -> T:
        assert self._loop is not None, "store not open"
        if self._closed:
            raise StoreClosed("store is closed")
        future: asyncio.Future[T] = self._loop.create_future()
        self._queue.put(_Read(query, future))
        return await future

    # --- the writer thread ---------------------------------------------------------

    def _run(self, ready: asyncio.Future[None]) -> None:
        try:
            db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.executescript(SCHEMA)
            _add_missing_columns(db)
            self._db = db
        except Exception as exc:
            self._resolve([(ready, None, exc)])
            return
        self._resolve([(ready, None, None)])
        try:
            stopping = False
            while not stopping:
                items = [self._queue.get()]
                while True:
                    try:
                        items.append(self._queue.get_nowait())
                    except queue.Empty:
                        break
                stopping = _STOP in items
                self._process([item for item in items if item is not _STOP])
        finally:
            db_close(db)
        # Anything queued after the stop marker is refused.
        leftovers: list[_Result] = []
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if isinstance(item, _Write | _Read):
                leftovers.append((item.future, None, StoreClosed("store is closed")))
        self._resolve(leftovers)

    def _process(self, items: list[Any]) -> None:
        db = self._db
        results: list[_Result] = []
        batch: list[_Write] = []
        for item in items:
            if isinstance(item, _Write):
                batch.append(item)
                continue
            results.extend(self._commit(db, batch))
            batch = []
            try:
                results.append((item.future, item.query(db), None))
            except Exception as exc:
                results.append((item.future, None, exc))
        results.extend(self._commit(db, batch))
        self._resolve(results)

    def _commit(self, db: sqlite3.Connection, batch: list[_Write]) -> list[_Result]:
        # After a failed commit, a match's later writes were numbered after events that are
        # not on disk: refuse them until the match is loaded again, so the log has no gap.
        refused: list[_Result] = [
            (w.future, None, StoreClosed(f"match {w.match_id} must be reloaded"))
            for w in batch
            if w.match_id in self._broken
        ]
        batch = [w for w in batch if w.match_id not in self._broken]
        if not batch:
            return refused
        error: BaseException | None = None
        try:
            db.execute("BEGIN IMMEDIATE")
            db.executemany(
                "INSERT INTO events"
                " (match_id, seq, client_event_id, at, event, text, home_score, away_score)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        w.match_id,
                        w.record.seq,
                        w.record.client_event_id,
                        w.record.at,
                        w.record.event,
                        w.record.text,
                        w.record.home_score,
                        w.record.away_score,
                    )
                    for w in batch
                ],
            )
            latest: dict[str, _Write] = {w.match_id: w for w in batch}
            db.executemany(
                "INSERT INTO matches (match_id, epoch, last_seq, summary) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (match_id) DO UPDATE"
                " SET last_seq = excluded.last_seq, summary = excluded.summary",
                [(w.match_id, w.epoch, w.record.seq, w.summary) for w in latest.values()],
            )
            db.execute("COMMIT")
            self.commits += 1
        except Exception as exc:
            log.exception("commit of %d events failed", len(batch))
            error = exc
            self._broken.update(w.match_id for w in batch)
            if db.in_transaction:
                db.execute("ROLLBACK")
        return refused + [(w.future, None, error) for w in batch]

    def _resolve(self, results: list[_Result]) -> None:
        if not results or self._loop is None:
            return
        # RuntimeError: the loop is closed, nobody is waiting any more.
        with contextlib.suppress(RuntimeError):
            self._loop.call_soon_threadsafe(_settle, results)


def db_close(db: sqlite3.Connection) -> None:
    try:
        db.close()
    except sqlite3.Error:
        log.exception("closing the database failed")


def _add_missing_columns(db: sqlite3.Connection) -> None:
    for table, columns in ADDED_COLUMNS.items():
        present = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        for column in columns:
            if column.split()[0] not in present:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {column}")


def _events(db: sqlite3.Connection, match_id: str) -> list[StoredEvent]:
    rows = db.execute(
        "SELECT seq, client_event_id, at, event, text, home_score, away_score"
        " FROM events WHERE match_id = ? ORDER BY seq",
        (match_id,),
    ).fetchall()
    return [StoredEvent(*row) for row in rows]


def _settle(results: list[_Result]) -> None:
    for future, value, error in results:
        if future.done():
            continue
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(value)
