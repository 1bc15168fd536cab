"""Matches in Redis: one stream per match, appended by one atomic function.

Keys (``{id}`` is a hash tag, so a match's keys live together):

- ``kabaddi:match:{id}`` hash: ``epoch``, ``head`` (the last seq) and ``summary``;
- ``kabaddi:match:{id}:log`` stream: one entry per event, with the ID ``<seq>-0``;
- ``kabaddi:match:{id}:ids`` hash: ``clientEventId`` -> ``seq`` (the exactly-once map);
- ``kabaddi:matches`` set: the matches with at least one event, for the match list;
- ``kabaddi:token``: the scorer token every node shares, unless one is given;
- ``kabaddi:setups:<YYYY-MM-DD>``: matches set up that day (UTC), by every node; it
  expires at the end of the day.

``kabaddi_append`` does every check before its first write, because a Lua error does
not undo the writes before it: the epoch, then the ``clientEventId`` (a duplicate is
answered with its original seq), then the head the node validated against (a
conflict), then, for an event that sets up a new match, the day's setups (``quota``:
the limit is reached). Only then does it add the entry, move the head, update the
summary, count the setup and publish the entry on the match's channel; a setup that
is refused for any reason therefore takes no place. A node acknowledges after the
call returns, and Redis runs the call after ``appendfsync always`` wrote it, so an ack
is durable.

A node refuses to start on a Redis that would lose acknowledged events (no append-only
file, an fsync less often than every write, or eviction) unless told otherwise.
"""

from __future__ import annotations

import datetime
import json
import logging
import secrets
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError, ResponseError

from relay.store import StoredEvent, StoredMatch, StoreHealth

log = logging.getLogger(__name__)

PREFIX = "kabaddi"
MATCHES_KEY = f"{PREFIX}:matches"
TOKEN_KEY = f"{PREFIX}:token"
READ_BATCH = 1000
# Each required setting, the value it needs, and what goes wrong without it.
REQUIRED = (
    ("appendonly", "yes", "without an append-only file a restart loses every match"),
    ("appendfsync", "always", "otherwise a power cut loses events that were acknowledged"),
    ("maxmemory-policy", "noeviction", "otherwise Redis may evict a match's log when full"),
)

LIBRARY = """#!lua name=kabaddi
local function append(keys, args)
  -- keys: match, log, ids, matches, the day's setups; args: matchId, epoch, expectedHead,
  -- clientEventId, at, event, text, summary, payload, channel, homeScore, awayScore,
  -- newMatch ('1' when this sets up a match), setupsPerDay, the day's end (unix seconds)
  local epoch = redis.call('HGET', keys[1], 'epoch')
  if epoch ~= args[2] then
    return {'epoch', epoch or ''}
  end
  local seen = redis.call('HGET', keys[3], args[4])
  if seen then
    return {'duplicate', tonumber(seen)}
  end
  local head = tonumber(redis.call('HGET', keys[1], 'head') or '0')
  if head ~= tonumber(args[3]) then
    return {'conflict', head}
  end
  local new_match = args[13] == '1'
  if new_match then
    local setups = tonumber(redis.call('GET', keys[5]) or '0')
    if setups >= tonumber(args[14]) then
      return {'quota', setups}
    end
  end
  local seq = head + 1
  redis.call('XADD', keys[2], seq .. '-0',
    'cid', args[4], 'at', args[5], 'event', args[6], 'text', args[7],
    'home', args[11], 'away', args[12])
  redis.call('HSET', keys[3], args[4], seq)
  redis.call('HSET', keys[1], 'head', seq, 'summary', args[8])
  redis.call('SADD', keys[4], args[1])
  if new_match then
    redis.call('INCR', keys[5])
    redis.call('EXPIREAT', keys[5], args[15])
  end
  redis.call('PUBLISH', args[10], args[9])
  return {'appended', seq}
end

local function epoch(keys, args)
  -- keys: match; args: a new epoch, kept only if the match has none yet
  redis.call('HSETNX', keys[1], 'epoch', args[1])
  local head = tonumber(redis.call('HGET', keys[1], 'head') or '0')
  return {redis.call('HGET', keys[1], 'epoch'), head}
end

redis.register_function('kabaddi_append', append)
redis.register_function('kabaddi_epoch', epoch)
"""


def match_key(match_id: str) -> str:
    return f"{PREFIX}:match:{{{match_id}}}"


def log_key(match_id: str) -> str:
    return f"{match_key(match_id)}:log"


def ids_key(match_id: str) -> str:
    return f"{match_key(match_id)}:ids"


def live_channel(match_id: str) -> str:
    return f"{match_key(match_id)}:live"


def setups_key(day: datetime.date) -> str:
    return f"{PREFIX}:setups:{day.isoformat()}"


def day_end(day: datetime.date) -> int:
    """The end of a UTC day, in unix seconds: when its count of setups expires."""
    following = datetime.datetime.combine(day, datetime.time(), datetime.UTC)
    return int((following + datetime.timedelta(days=1)).timestamp())


class UnsafeRedis(RuntimeError):
    """Redis is configured so that it could lose events the relay acknowledged."""


@dataclass(frozen=True)
class Appended:
    """What ``kabaddi_append`` did: appended, duplicate, conflict, epoch (mismatch) or
    quota (the day's setups are used up)."""

    outcome: Literal["appended", "duplicate", "conflict", "epoch", "quota"]
    seq: int  # the new seq, the duplicate's seq, the current head, or the day's setups
    epoch: str = ""  # the match's epoch in Redis, on an epoch mismatch ("" when none)


@dataclass(frozen=True)
class Head:
    epoch: str | None
    seq: int


def entry_payload(record: StoredEvent) -> str:
    """The message published for a new entry: the entry itself, so nodes need not read it."""
    return json.dumps(
        {
            "seq": record.seq,
            "cid": record.client_event_id,
            "at": record.at,
            "event": record.event,
            "text": record.text,
            "home": record.home_score,
            "away": record.away_score,
        }
    )


def payload_entry(payload: str) -> StoredEvent:
    data = json.loads(payload)
    return StoredEvent(
        int(data["seq"]),
        str(data["cid"]),
        int(data["at"]),
        str(data["event"]),
        str(data["text"]),
        int(data["home"]),
        int(data["away"]),
    )


class RedisLog:
    """The Redis backend: appends, reads, the match list and the shared token."""

    def __init__(
        self,
        url: str,
        *,
        unsafe_durability: bool = False,
        timeout: float = 5.0,
        setups_per_day: int = 200,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.url = url
        self.setups_per_day = setups_per_day  # for every node together, per UTC day
        self._clock = clock
        self.unsafe_durability = unsafe_durability
        self.commits = 0  # appends, for /healthz
        self.outcomes: Counter[str] = Counter()  # of kabaddi_append, for /metrics
        self.available = False
        self.subscribed = True  # set by the node's subscriber (relay.redis_fanout)
        self.last_error = ""
        self.failing_since: float | None = None
        self.failed_appends = 0
        self.durability_problems: list[str] = []
        self._timeout = timeout
        self.client: Redis = self.connect()

    def connect(self, **overrides: Any) -> Redis:
        """A client on this Redis that never retries on its own.

        A retried append could be answered as its own duplicate, and a silently
        reconnected subscription loses messages: callers see every failure instead.
        """
        options: dict[str, Any] = {
            "decode_responses": True,
            "socket_timeout": self._timeout,
            "socket_connect_timeout": self._timeout,
            "retry": Retry(NoBackoff(), 0),
            "health_check_interval": 0,
        }
        options.update(overrides)
        client: Redis = Redis.from_url(self.url, **options)
        return client

    async def open(self) -> None:
        try:
            await self.client.ping()
            await self.check_durability()
            await self.client.function_load(LIBRARY, replace=True)
        except RedisError as exc:
            await self.client.aclose()
            raise OSError(f"cannot use Redis at {self.url}: {exc}") from exc
        except UnsafeRedis:
            await self.client.aclose()
            raise
        self.available = True

    async def check_durability(self) -> None:
        problems: list[str] = []
        for name, wanted, why in REQUIRED:
            try:
                found = (await self.client.config_get(name)).get(name)
            except ResponseError as exc:
                problems.append(f"{name} could not be read ({exc}); it must be {wanted!r}")
                continue
            if found != wanted:
                problems.append(f"{name} is {found!r}, it must be {wanted!r}: {why}")
        if not problems:
            return
        if self.unsafe_durability:
            log.warning("Redis at %s may lose acknowledged events: %s", self.url, problems)
            self.durability_problems = problems
            return
        raise UnsafeRedis(
            f"Redis at {self.url} could lose acknowledged events: "
            + "; ".join(problems)
            + ". Set these in redis.conf, or pass --redis-unsafe-durability to run anyway."
        )

    async def close(self) -> None:
        await self.client.aclose()

    def health(self) -> StoreHealth:
        """Down when the last command or the node's subscription to Redis failed."""
        problem = None
        if not self.available:
            problem = f"Redis at {self.url} is unreachable: {self.last_error}"
        elif not self.subscribed:
            problem = f"the subscription to Redis at {self.url} is down"
        return StoreHealth(
            ok=problem is None,
            problem=problem,
            failing_since=self.failing_since if problem else None,
            commits=self.commits,
            failed_commits=self.failed_appends,
            queued=0,
            busy_seconds=0.0,  # appends are answered or fail within the socket timeout
        )

    def health_fields(self) -> dict[str, Any]:
        """What /healthz adds for a node on Redis."""
        fields: dict[str, Any] = {"backend": "redis", "redis": "up" if self.health().ok else "down"}
        if self.unsafe_durability:
            fields["redisUnsafeDurability"] = self.durability_problems or True
        return fields

    def _up(self) -> None:
        self.available = True
        self.failing_since = None

    def _down(self, exc: BaseException) -> None:
        if self.available:
            log.error("Redis at %s is unavailable: %s", self.url, exc)
            self.failing_since = time.time()
        self.available = False
        self.last_error = str(exc) or type(exc).__name__

    async def _call(self, command: Any) -> Any:
        try:
            result = await command
        except ResponseError:
            self._up()  # Redis answered: a refusal, not an outage
            raise
        except (RedisError, OSError) as exc:
            self._down(exc)
            raise
        self._up()
        return result

    # --- writes ---------------------------------------------------------------------

    async def token(self) -> str:
        """The scorer token every node shares: created once, kept in Redis."""
        await self._call(self.client.set(TOKEN_KEY, secrets.token_urlsafe(16), nx=True))
        token: str = await self._call(self.client.get(TOKEN_KEY))
        return token

    async def _fcall(self, function: str, keys: list[str], args: list[Any]) -> Any:
        try:
            return await self._call(self.client.fcall(function, len(keys), *keys, *args))
        except ResponseError as exc:
            if "function not found" not in str(exc).lower():
                raise
        # FUNCTION FLUSH, or a Redis restarted without its functions: load them again.
        log.warning("Redis at %s lost the relay's functions; loading them again", self.url)
        await self._call(self.client.function_load(LIBRARY, replace=True))
        return await self._call(self.client.fcall(function, len(keys), *keys, *args))

    async def ensure_epoch(self, match_id: str, proposed: str) -> Head:
        """The match's epoch, set to ``proposed`` if it has none; and its head."""
        epoch, head = await self._fcall("kabaddi_epoch", [match_key(match_id)], [proposed])
        return Head(str(epoch), int(head))

    async def append_after(
        self,
        match_id: str,
        epoch: str,
        expected_head: int,
        record: StoredEvent,
        summary: str,
        *,
        new_match: bool = False,
    ) -> Appended:
        """Append ``record`` if the head is ``expected_head``; ``new_match``: it sets the
        match up, and takes one of the day's setups (refused when there is none left)."""
        assert record.seq == expected_head + 1
        assert record.home_score is not None
        assert record.away_score is not None
        day = self.today()
        outcome, seq = await self._fcall(
            "kabaddi_append",
            [
                match_key(match_id),
                log_key(match_id),
                ids_key(match_id),
                MATCHES_KEY,
                setups_key(day),
            ],
            [
                match_id,
                epoch,
                expected_head,
                record.client_event_id,
                record.at,
                record.event,
                record.text,
                summary,
                entry_payload(record),
                live_channel(match_id),
                record.home_score,
                record.away_score,
                "1" if new_match else "0",
                self.setups_per_day,
                day_end(day),
            ],
        )
        self.outcomes[outcome] += 1
        if outcome == "epoch":
            return Appended("epoch", 0, str(seq))
        if outcome == "appended":
            self.commits += 1
        return Appended(outcome, int(seq))

    def today(self) -> datetime.date:
        return datetime.datetime.fromtimestamp(self._clock(), datetime.UTC).date()

    # --- reads ----------------------------------------------------------------------

    async def head(self, match_id: str) -> Head:
        epoch, head = await self._call(self.client.hmget(match_key(match_id), "epoch", "head"))
        return Head(epoch, int(head or 0))

    async def heads(self, match_ids: list[str]) -> list[Head]:
        """The heads of several matches in one round trip."""
        if not match_ids:
            return []
        pipe = self.client.pipeline(transaction=False)
        for match_id in match_ids:
            pipe.hmget(match_key(match_id), "epoch", "head")
        rows = await self._call(pipe.execute())
        return [Head(epoch, int(head or 0)) for epoch, head in rows]

    async def read(self, match_id: str, after: int, until: int | None = None) -> list[StoredEvent]:
        """The entries with a seq above ``after`` (up to ``until``), in order."""
        records: list[StoredEvent] = []
        start = f"{after + 1}-0"
        end = "+" if until is None else f"{until}-0"
        while True:
            entries = await self._call(
                self.client.xrange(log_key(match_id), min=start, max=end, count=READ_BATCH)
            )
            records.extend(_entry(entry_id, fields) for entry_id, fields in entries)
            if len(entries) < READ_BATCH:
                return records
            start = f"({entries[-1][0]}"

    async def read_since(self, match_id: str, after: int) -> tuple[Head, list[StoredEvent]]:
        """The match's head and the entries after ``after`` (a batch), read together.

        Together, so entries are never taken for the epoch a room knows when Redis was
        emptied and the match started again under a new one.
        """
        pipe = self.client.pipeline(transaction=True)
        pipe.hmget(match_key(match_id), "epoch", "head")
        pipe.xrange(log_key(match_id), min=f"{after + 1}-0", max="+", count=READ_BATCH)
        (epoch, head), entries = await self._call(pipe.execute())
        return Head(epoch, int(head or 0)), [
            _entry(entry_id, fields) for entry_id, fields in entries
        ]

    async def match(self, match_id: str) -> StoredMatch | None:
        """A match with at least one event, or None."""
        epoch, head, summary = await self._call(
            self.client.hmget(match_key(match_id), "epoch", "head", "summary")
        )
        if epoch is None or not head:
            return None
        return StoredMatch(match_id, epoch, int(head), summary)

    async def events_page(self, match_id: str, after: int, limit: int) -> list[StoredEvent]:
        entries = await self._call(
            self.client.xrange(log_key(match_id), min=f"{after + 1}-0", max="+", count=limit)
        )
        return [_entry(entry_id, fields) for entry_id, fields in entries]

    async def load(self, match_id: str) -> tuple[StoredMatch, list[StoredEvent]] | None:
        epoch, head, summary = await self._call(
            self.client.hmget(match_key(match_id), "epoch", "head", "summary")
        )
        if epoch is None or not head:
            return None
        records = await self.read(match_id, 0)
        return StoredMatch(match_id, epoch, records[-1].seq if records else 0, summary), records

    async def events(self, match_id: str) -> list[StoredEvent]:
        return await self.read(match_id, 0)

    async def matches(self) -> list[StoredMatch]:
        match_ids = sorted(await self._call(self.client.smembers(MATCHES_KEY)))
        pipe = self.client.pipeline(transaction=False)
        for match_id in match_ids:
            pipe.hmget(match_key(match_id), "epoch", "head", "summary")
        rows = await self._call(pipe.execute()) if match_ids else []
        return [
            StoredMatch(match_id, epoch, int(head or 0), summary)
            for match_id, (epoch, head, summary) in zip(match_ids, rows, strict=True)
            if epoch is not None
        ]


def _entry(entry_id: str, fields: dict[str, str]) -> StoredEvent:
    return StoredEvent(
        int(entry_id.split("-")[0]),
        fields["cid"],
        int(fields["at"]),
        fields["event"],
        fields["text"],
        int(fields["home"]),
        int(fields["away"]),
    )
