"""The backend a relay runs on: SQLite in its data directory, or Redis shared by nodes."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from prometheus_client.registry import Collector

from relay.archive import Archive
from relay.authguard import AuthGuard
from relay.backends import ArchiveReader, EventStore
from relay.backends.redis_archive import RedisArchive
from relay.backends.redis_authguard import RedisAuthGuard
from relay.backends.redis_log import RedisLog
from relay.backends.redis_metrics import RedisCollector
from relay.config import RelayConfig
from relay.metrics import Metrics
from relay.quota import DAY, DailyQuota
from relay.redis_rooms import RedisRooms
from relay.rooms import Rooms
from relay.store import Store
from relay.tokens import load_or_create_token

DATABASE_FILE = "kabaddi.sqlite3"


@dataclass(frozen=True)
class Backend:
    store: EventStore
    archive: ArchiveReader
    rooms: Rooms
    redis: RedisLog | None = None

    async def token(self, config: RelayConfig) -> str:
        """The scorer token: given, else shared by every node through Redis, else on disk."""
        if config.token:
            return config.token
        if self.redis is not None:
            return await self.redis.token()
        return load_or_create_token(config.data_dir)

    async def daily_setups(self, config: RelayConfig) -> DailyQuota | None:
        """The embedded relay's count of matches set up per day, with the setups its store
        has from the last 24 hours; None on Redis, where every node counts in Redis."""
        if self.redis is not None:
            return None
        assert isinstance(self.store, Store)
        quota = DailyQuota(config.max_matches_per_day)
        since = int((time.time() - DAY) * 1000)
        quota.restore(at / 1000 for at in await self.store.setups_since(since))
        return quota

    def auth_guard(self, config: RelayConfig) -> AuthGuard:
        """Wrong scorer tokens, counted here, or in Redis for every node."""
        limits: dict[str, Any] = {
            "free": config.auth_free_failures,
            "limit": config.auth_max_failures,
            "lockout": config.auth_lockout_seconds,
        }
        if self.redis is None:
            return AuthGuard(**limits)
        return RedisAuthGuard(self.redis, **limits)

    def collector(self) -> Collector | None:
        return None if self.redis is None else RedisCollector(self.redis)

    def health(self) -> dict[str, Any]:
        """What /healthz adds to the store's health for this backend."""
        return {"backend": "sqlite"} if self.redis is None else self.redis.health_fields()


def make_backend(config: RelayConfig, metrics: Metrics) -> Backend:
    if config.redis_url is None:
        store = Store(config.data_dir / DATABASE_FILE)
        rooms = Rooms(
            store,
            metrics,
            max_idle=config.max_idle_matches,
            tail_size=config.welcome_events,
            heartbeat=config.heartbeat,
        )
        return Backend(store, Archive(config.data_dir / DATABASE_FILE), rooms)
    redis_log = RedisLog(
        config.redis_url,
        unsafe_durability=config.redis_unsafe_durability,
        setups_per_day=config.max_matches_per_day,
    )
    redis_rooms = RedisRooms(
        redis_log,
        metrics,
        max_idle=config.max_idle_matches,
        tail_size=config.welcome_events,
        head_check=config.redis_head_check,
        heartbeat=config.heartbeat,
    )
    return Backend(redis_log, RedisArchive(redis_log), redis_rooms, redis_log)
