"""The event store: SQLite in WAL mode, written by one thread in grouped commits.

The event loop never touches the disk. It hands records to :meth:`Store.append` and
gets a future that resolves once the record is committed; the writer thread takes
every record waiting in its queue and commits them in one transaction, so a burst
costs one fsync rather than one per event. Reads go through the same thread, in
order, so a read sees every write queued before it.

``synchronous=FULL``: with WAL, NORMAL already survives a killed process, but FULL
also survives a power cut at the venue, and the grouping keeps its cost small.

When a commit fails because of the disk (full, read-only, the database file deleted),
its writes fail with :class:`StoreUnavailable`, and so does every write queued after
it until the disk takes a test write again (tried every ``retry_seconds``): nobody is
told an event is stored unless it is, and nothing waits for ever. :meth:`Store.health`
says why in words an operator can act on; the relay reports it on ``/healthz`` and
``/metrics``. A failed match's later writes are refused until it is loaded again (it
is rebuilt from what is on disk), so its log never has a gap.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import queue
import shutil
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from relay.durable import make_durable

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
CREATE TABLE IF NOT EXISTS store_checks (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    at INTEGER NOT NULL
);
"""
SQLITE_READONLY = 8
SQLITE_FULL = 13
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
RETRY_SECONDS = 1.0  # while failing, how often the writer tries the disk again
# A commit that has waited on the disk this long is reported: a disk that stopped
# answering raises no error, it just never returns. (SQLite gives up on a lock held by
# another process after 5 s, and that is reported as a failure.)
STALL_SECONDS = 10.0


class StoreError(RuntimeError):
    pass


class StoreClosed(StoreError):
    pass


class StoreUnavailable(StoreError):
    """The store cannot write now; the message says why in words an operator can act on."""


@dataclass(frozen=True)
class StoreHealth:
    ok: bool
    problem: str | None  # why writes are refused, or None
    failing_since: float | None  # time.time() of the first failure, or None
    commits: int
    failed_commits: int
    queued: int  # writes and reads waiting for the writer thread
    busy_seconds: float  # how long the writer has been on its current work


class Store:
    def __init__(
        self,
        path: Path,
        *,
        retry_seconds: float = RETRY_SECONDS,
        stall_seconds: float = STALL_SECONDS,
    ) -> None:
        self.path = path
        self._retry_seconds = retry_seconds
        self._stall_seconds = stall_seconds
        self._queue: queue.SimpleQueue[_Write | _Read | object] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False
        # Touched by the writer thread only:
        self._db: sqlite3.Connection | None = None
        self._identity: tuple[int, int] | None = None  # (st_dev, st_ino) of the file opened
        self._broken: set[str] = set()
        self._retry_at = 0.0
        # Written by the writer thread, read by anyone (each a single assignment):
        self._problem: str | None = None
        self._failing_since: float | None = None
        self._busy_since: float | None = None  # time.monotonic() the current work began
        self.commits = 0  # transactions, for metrics and tests
        self.failed_commits = 0

    async def open(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        ready: asyncio.Future[None] = self._loop.create_future()
        self._thread = threading.Thread(
            target=self._run, args=(ready,), name="kabaddi-store", daemon=True
        )
        self._thread.start()
        await ready

    @property
    def problem(self) -> str | None:
        """Why the store refuses writes now, or None when it takes them."""
        if self._thread is not None and not self._thread.is_alive() and not self._closed:
            return "the store's writer thread has stopped; restart the relay"
        busy = self.busy_seconds
        if busy > self._stall_seconds:
            return (
                f"a write has waited {busy:.0f} s for the disk holding {self.path.parent};"
                " check that disk"
            )
        return self._problem

    @property
    def busy_seconds(self) -> float:
        """How long the writer thread has been on its current work (0 when idle)."""
        since = self._busy_since
        return 0.0 if since is None else max(0.0, time.monotonic() - since)

    def health(self) -> StoreHealth:
        problem = self.problem
        return StoreHealth(
            ok=problem is None and not self._closed,
            problem=problem if not self._closed else "the store is closed",
            failing_since=self._failing_since,
            commits=self.commits,
            failed_commits=self.failed_commits,
            queued=self._queue.qsize(),
            busy_seconds=self.busy_seconds,
        )

    def append(
        self, match_id: str, epoch: str, record: StoredEvent, summary: str
    ) -> asyncio.Future[None]:
        """Queue a record; the future resolves once it is committed.

        It fails with :class:`StoreUnavailable` when the commit fails, and so does every
        write queued while the store is failing; the writer keeps trying the disk and
        takes writes again once a test write succeeds.
        """
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

    async def setups_since(self, since_ms: int) -> list[int]:
        """When each match set up at ``since_ms`` or later was set up (its first event)."""

        def query(db: sqlite3.Connection) -> list[int]:
            rows = db.execute("SELECT at FROM events WHERE seq = 1 AND at >= ?", (since_ms,))
            return [at for (at,) in rows]

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
            self._db = self._connect(create=True)
        except Exception as exc:
            self._resolve([(ready, None, exc)])
            return
        self._resolve([(ready, None, None)])
        try:
            stopping = False
            while not stopping:
                items = self._next_items()
                stopping = _STOP in items
                self._busy_since = time.monotonic()
                self._work([item for item in items if item is not _STOP])
        finally:
            self._close_db()
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

    def _work(self, work: list[Any]) -> None:
        try:
            if self._problem is not None and time.monotonic() >= self._retry_at:
                self._retry()
            try:
                results = self._process(work)
            except Exception as exc:
                # A fault of the store's own: nothing may be left waiting for ever.
                log.exception("the store failed on %d requests", len(work))
                results = [(i.future, None, exc) for i in work if isinstance(i, _Write | _Read)]
        finally:
            self._busy_since = None  # idle before anyone hears the answers
        self._resolve(results)

    def _next_items(self) -> list[object]:
        """Everything queued, waiting for the first; [] when it is time to retry the disk."""
        if self._problem is None:
            items = [self._queue.get()]
        else:
            try:
                items = [self._queue.get(timeout=max(0.0, self._retry_at - time.monotonic()))]
            except queue.Empty:
                return []
        while True:
            try:
                items.append(self._queue.get_nowait())
            except queue.Empty:
                return items

    def _connect(self, *, create: bool) -> sqlite3.Connection:
        """Open the database; after a failure, only the very file opened first."""
        if create:
            db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        else:
            uri = self.path.absolute().as_uri() + "?mode=rw"
            db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        try:
            make_durable(db)  # WAL, synchronous=FULL, and F_FULLFSYNC on macOS
            if create:
                db.executescript(SCHEMA)
                _add_missing_columns(db)
            identity = _identity(self.path)
            if self._identity is not None and identity != self._identity:
                raise StoreUnavailable(_replaced(self.path))
        except BaseException:
            db_close(db)
            raise
        self._identity = identity
        return db

    def _database(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = self._connect(create=False)
        return self._db

    def _close_db(self) -> None:
        db, self._db = self._db, None
        if db is not None:
            db_close(db)

    def _process(self, items: list[Any]) -> list[_Result]:
        results: list[_Result] = []
        batch: list[_Write] = []
        for item in items:
            if isinstance(item, _Write):
                batch.append(item)
                continue
            results.extend(self._commit(batch))
            batch = []
            try:
                results.append((item.future, item.query(self._database()), None))
            except Exception as exc:
                results.append((item.future, None, exc))
        results.extend(self._commit(batch))
        return results

    def _commit(self, batch: list[_Write]) -> list[_Result]:
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
        if self._problem is not None:
            self._broken.update(w.match_id for w in batch)
            error = StoreUnavailable(self._problem)
            return refused + [(w.future, None, error) for w in batch]
        failure: BaseException | None = None
        try:
            db = self._database()
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
            self._check_identity()
            db.execute("COMMIT")
            self.commits += 1
            return refused + [(w.future, None, None) for w in batch]
        except sqlite3.IntegrityError as exc:
            # This match's log disagrees with what is on disk; the store itself is fine.
            log.exception("commit of %d events failed", len(batch))
            failure = exc
            self._rollback()
        except Exception as exc:
            log.exception("commit of %d events failed", len(batch))
            self._rollback()
            failure = StoreUnavailable(self._fail(exc))
        self.failed_commits += 1
        self._broken.update(w.match_id for w in batch)
        return refused + [(w.future, None, failure) for w in batch]

    def _check_identity(self) -> None:
        """SQLite writes on into a database file that was deleted: that would be lost."""
        if _identity(self.path) != self._identity:
            raise StoreUnavailable(_replaced(self.path))

    def _rollback(self) -> None:
        db = self._db
        try:
            if db is not None and db.in_transaction:
                db.execute("ROLLBACK")
        except Exception:
            log.exception("rollback failed; the database will be opened again")
            self._close_db()

    def _fail(self, exc: BaseException) -> str:
        """Refuse writes from now on, saying why; the writer tries the disk again later."""
        problem = describe_failure(self.path, exc)
        if problem != self._problem:
            log.error("the store refuses writes: %s", problem)
        self._problem = problem
        if self._failing_since is None:
            self._failing_since = time.time()
        self._retry_at = time.monotonic() + self._retry_seconds
        return problem

    def _retry(self) -> None:
        """Write a test row; the store takes writes again once that commits."""
        try:
            db = self._database()
            db.execute("BEGIN IMMEDIATE")
            db.execute(
                "INSERT INTO store_checks (id, at) VALUES (1, ?)"
                " ON CONFLICT (id) DO UPDATE SET at = excluded.at",
                (time.time_ns() // 1_000_000,),
            )
            self._check_identity()
            db.execute("COMMIT")
        except Exception as exc:
            self._rollback()
            self._close_db()  # a fresh connection for the next try
            self._fail(exc)
            return
        log.warning("the store takes writes again (it failed: %s)", self._problem)
        self._problem = None
        self._failing_since = None

    def _resolve(self, results: list[_Result]) -> None:
        if not results or self._loop is None:
            return
        # RuntimeError: the loop is closed, nobody is waiting any more.
        with contextlib.suppress(RuntimeError):
            self._loop.call_soon_threadsafe(_settle, results)


def describe_failure(path: Path, exc: BaseException) -> str:
    """What went wrong with the disk under ``path``, in words an operator can act on."""
    if isinstance(exc, StoreUnavailable):
        return str(exc)
    folder = path.parent
    if not folder.is_dir():
        return f"the data directory {folder} is gone; restore it, or restart the relay"
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        free = -1
    if code == SQLITE_FULL or free == 0:
        left = f" ({free // 1024} KiB free)" if free >= 0 else ""
        return f"the disk holding {folder} is full{left}; free some space"
    if code == SQLITE_READONLY or _create_fails(folder) == errno.EROFS:
        return (
            f"the data directory {folder} is read-only; make it writable again (if the disk"
            " had errors, check it and restart the relay)"
        )
    return f"writing to {path} failed: {exc}"


def _create_fails(folder: Path) -> int | None:
    """The errno of creating a file in ``folder`` (a read-only disk says so), or None."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            return None
    except OSError as exc:
        return exc.errno


def _identity(path: Path) -> tuple[int, int]:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        raise StoreUnavailable(_replaced(path)) from None
    return stat.st_dev, stat.st_ino


def _replaced(path: Path) -> str:
    return (
        f"the database {path} was deleted or replaced while the relay ran; restore it, or"
        " restart the relay to carry on from what is at that path"
    )


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
