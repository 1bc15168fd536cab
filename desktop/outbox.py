"""The durable queue of events entered but not yet answered by the relay.

An event is written here (and committed) before it is ever sent, and leaves only
when the relay acknowledges or refuses it. Quitting or crashing loses nothing: the
next start finds the events and sends them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter

from relay.durable import make_durable
from relay.rules.events import Event

_EVENT: TypeAdapter[Event] = TypeAdapter(Event)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    relay_url TEXT NOT NULL,
    match_id TEXT NOT NULL,
    client_event_id TEXT NOT NULL UNIQUE,
    frame TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class QueuedMatch:
    relay_url: str
    match_id: str
    count: int


class Outbox:
    """One SQLite file; every call commits before it returns."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None)
        make_durable(self._db)  # WAL, synchronous=FULL, and F_FULLFSYNC on macOS
        self._db.execute(_SCHEMA)

    def add(self, relay_url: str, match_id: str, event: Event) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO outbox (relay_url, match_id, client_event_id, frame)"
            " VALUES (?, ?, ?, ?)",
            (relay_url, match_id, event.client_event_id, event.model_dump_json()),
        )

    def remove(self, client_event_id: str) -> bool:
        cursor = self._db.execute(
            "DELETE FROM outbox WHERE client_event_id = ?", (client_event_id,)
        )
        return cursor.rowcount > 0

    def pending(self, relay_url: str, match_id: str) -> list[Event]:
        rows = self._db.execute(
            "SELECT frame FROM outbox WHERE relay_url = ? AND match_id = ? ORDER BY position",
            (relay_url, match_id),
        ).fetchall()
        return [_EVENT.validate_json(frame) for (frame,) in rows]

    def queued_matches(self) -> list[QueuedMatch]:
        rows = self._db.execute(
            "SELECT relay_url, match_id, COUNT(*) FROM outbox"
            " GROUP BY relay_url, match_id ORDER BY MIN(position)"
        ).fetchall()
        return [QueuedMatch(url, match, count) for url, match, count in rows]

    def move(self, old_url: str, match_id: str, new_url: str) -> None:
        """Re-address a match's queued events (a hosted relay came back on another port)."""
        self._db.execute(
            "UPDATE outbox SET relay_url = ? WHERE relay_url = ? AND match_id = ?",
            (new_url, old_url, match_id),
        )

    def discard(self, relay_url: str, match_id: str) -> None:
        self._db.execute(
            "DELETE FROM outbox WHERE relay_url = ? AND match_id = ?", (relay_url, match_id)
        )

    def close(self) -> None:
        self._db.close()
