"""Where matches live: SQLite in the data directory (one process), or Redis (many nodes).

Both backends keep the same records (:class:`relay.store.StoredEvent`,
:class:`relay.store.StoredMatch`) and answer the same reads (:class:`EventStore`), so
the HTTP routes and the read model do not care which one runs. They differ in how a
room appends: the SQLite store numbers events in memory and commits them in groups;
the Redis log numbers them in Redis, where nodes agree on one order per match.
"""

from __future__ import annotations

import asyncio
from typing import Protocol

from relay.store import StoredEvent, StoredMatch, StoreHealth


class EventStore(Protocol):
    """The reads and lifecycle every backend offers."""

    commits: int

    async def open(self) -> None: ...

    async def close(self) -> None: ...

    async def load(self, match_id: str) -> tuple[StoredMatch, list[StoredEvent]] | None: ...

    async def events(self, match_id: str) -> list[StoredEvent]: ...

    async def matches(self) -> list[StoredMatch]: ...

    def health(self) -> StoreHealth:
        """Whether events are stored now, and if not why (for /healthz and /metrics)."""
        ...


class ArchiveReader(Protocol):
    """The API's reads of stored matches, in pages, away from the writes."""

    async def matches(self, after: str | None, limit: int) -> list[StoredMatch]: ...

    async def match(self, match_id: str) -> StoredMatch | None: ...

    async def events(self, match_id: str, after: int, limit: int) -> list[StoredEvent]: ...

    def close(self) -> None: ...


class Appender(Protocol):
    """How a room of the embedded relay hands a numbered record to the store."""

    def append(
        self, match_id: str, epoch: str, record: StoredEvent, summary: str
    ) -> asyncio.Future[None]: ...

    @property
    def problem(self) -> str | None:
        """Why writes are refused now, or None."""
        ...
