"""Wrong scorer tokens counted in Redis, for every node: one count per address.

The policy is :class:`relay.authguard.AuthGuard`'s; this keeps its record of each
address in Redis (``kabaddi:auth:<address>``: ``count`` and ``last``, in unix seconds,
expiring ``lockout`` seconds after the last failure), so a guesser spreading its tries
over the nodes is slowed down and locked out as on one relay. The node's own copy of
a record is refreshed at each scorer's hello. While Redis is unreachable the node
judges by its own copy and count (and scorers cannot score anyway; /healthz says
Redis is down).
"""

from __future__ import annotations

import logging
import time

from redis.exceptions import RedisError

from relay.authguard import AuthGuard, Failures
from relay.backends.redis_log import PREFIX, RedisLog


def auth_key(address: str) -> str:
    return f"{PREFIX}:auth:{address}"


class RedisAuthGuard(AuthGuard):
    def __init__(self, redis_log: RedisLog, *, free: int, limit: int, lockout: float) -> None:
        super().__init__(free=free, limit=limit, lockout=lockout, clock=time.time)
        self._redis = redis_log

    async def refresh(self, address: str) -> None:
        try:
            count, last = await self._redis.client.hmget(auth_key(address), "count", "last")
        except (RedisError, OSError) as exc:
            self._unreachable("read", exc)
            return
        if count is None or last is None:
            self._failures.pop(address, None)  # never failed, forgiven, or expired
        else:
            self.remember(address, Failures(int(count), float(last)))

    async def record_failure(self, address: str) -> None:
        key = auth_key(address)
        pipe = self._redis.client.pipeline(transaction=True)
        pipe.hincrby(key, "count", 1)
        pipe.hset(key, "last", repr(self._clock()))
        pipe.expire(key, max(1, round(self._lockout)))
        try:
            count, _, _ = await pipe.execute()
        except (RedisError, OSError) as exc:
            self._unreachable("counted", exc)
        else:
            # The count every node made so far; failed() adds this one and logs it.
            self.remember(address, Failures(int(count) - 1, self._clock()))
        self.failed(address)

    async def record_success(self, address: str) -> None:
        if address not in self._failures:
            return  # nothing in Redis either, as refresh() just read
        try:
            await self._redis.client.delete(auth_key(address))
        except (RedisError, OSError) as exc:
            self._unreachable("forgotten", exc)
        self.succeeded(address)

    def _unreachable(self, what: str, exc: BaseException) -> None:
        self._log.log(
            logging.WARNING,
            f"redis:{what}",
            "wrong scorer tokens could not be %s in Redis (this node judges by its own"
            " count meanwhile): %s",
            what,
            exc,
        )
