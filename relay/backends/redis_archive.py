"""The API's reads of matches kept in Redis, in the pages the read model asks for."""

from __future__ import annotations

from relay.backends.redis_log import RedisLog
from relay.store import StoredEvent, StoredMatch


class RedisArchive:
    def __init__(self, redis_log: RedisLog) -> None:
        self._log = redis_log

    async def matches(self, after: str | None, limit: int) -> list[StoredMatch]:
        """Matches in ``match_id`` order, after ``after``; at most ``limit``."""
        listed = await self._log.matches()  # a league's worth: a few hundred ids
        return [match for match in listed if after is None or match.match_id > after][:limit]

    async def match(self, match_id: str) -> StoredMatch | None:
        return await self._log.match(match_id)

    async def events(self, match_id: str, after: int, limit: int) -> list[StoredEvent]:
        return await self._log.events_page(match_id, after, limit)

    def close(self) -> None:
        pass  # the connections are the log's, closed with it
