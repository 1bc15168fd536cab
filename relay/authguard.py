"""Wrong scorer tokens: each address is slowed down, then refused for a while.

The first ``free`` failures cost nothing (a scorer mistyping). After that, an
address must wait before its next attempt: 1 s, doubling with each failure; an
attempt made too early is refused without looking at the token. After ``limit``
failures the address is refused for ``lockout`` seconds. Addresses are forgotten
``lockout`` seconds after their last failure, and at most ``max_addresses`` are
kept (the oldest go first), so the memory stays bounded whatever an attacker does.

A scorer's hello goes through :meth:`AuthGuard.attempt`. Nodes on Redis count the
failures in Redis for all of them (:mod:`relay.backends.redis_authguard`), so
guessing through several nodes is no faster than through one.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from relay.lograte import RateLimitedLog

log = logging.getLogger(__name__)

MAX_DELAY = 60.0


@dataclass(frozen=True)
class Refusal:
    message: str
    told_to_wait: bool  # tried again too early: the token was not looked at


@dataclass
class Failures:
    count: int
    last: float


class AuthGuard:
    def __init__(
        self,
        *,
        free: int,
        limit: int,
        lockout: float,
        max_addresses: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._free = free
        self._limit = limit
        self._lockout = lockout
        self._max = max_addresses
        self._clock = clock
        self._failures: OrderedDict[str, Failures] = OrderedDict()
        self._log = RateLimitedLog(log, interval=60.0, clock=clock)
        self.refused = 0  # attempts refused without looking at the token

    async def attempt(self, address: str, token_matches: Callable[[], bool]) -> Refusal | None:
        """Whether a scorer's hello from ``address`` gets in; its token is looked at only
        if the address may try one now."""
        await self.refresh(address)
        refusal = self.check(address)
        if refusal is not None:
            return Refusal(refusal, told_to_wait=True)
        if not token_matches():
            await self.record_failure(address)
            return Refusal("Wrong scorer token.", told_to_wait=False)
        await self.record_success(address)
        return None

    async def refresh(self, address: str) -> None:
        """Take in what other nodes know of ``address`` (nothing, on one relay)."""

    async def record_failure(self, address: str) -> None:
        self.failed(address)

    async def record_success(self, address: str) -> None:
        self.succeeded(address)

    def check(self, address: str) -> str | None:
        """None if ``address`` may try a token now, or what to tell it."""
        failures = self._current(address)
        if failures is None or failures.count < self._free:
            return None
        waited = self._clock() - failures.last
        if failures.count >= self._limit:
            wait = self._lockout - waited
            message = (
                f"Too many wrong scorer tokens from this address; try again in {_minutes(wait)}."
            )
        else:
            wait = self.delay(failures.count) - waited
            message = f"Too many wrong scorer tokens; wait {wait:.0f} s and try again."
        if wait <= 0:
            return None
        self.refused += 1
        return message

    def failed(self, address: str) -> None:
        failures = self._current(address) or Failures(0, 0.0)
        failures.count += 1
        failures.last = self._clock()
        self.remember(address, failures)
        if failures.count >= self._limit:
            self._log.log(
                logging.WARNING,
                f"locked:{address}",
                "%d wrong scorer tokens from %s: its scorer connections are refused for %.0f s",
                failures.count,
                address,
                self._lockout,
            )
        elif failures.count > self._free:
            self._log.log(
                logging.WARNING,
                "slowed",
                "%d wrong scorer tokens from %s: slowing it down",
                failures.count,
                address,
            )

    def remember(self, address: str, failures: Failures) -> None:
        """Keep ``failures`` as the latest of ``address`` (the oldest addresses go first)."""
        self._failures[address] = failures
        self._failures.move_to_end(address)
        while len(self._failures) > self._max:
            self._failures.popitem(last=False)

    def succeeded(self, address: str) -> None:
        self._failures.pop(address, None)

    @property
    def locked_out(self) -> int:
        """Addresses refused right now."""
        now = self._clock()
        return sum(
            1
            for f in self._failures.values()
            if f.count >= self._limit and now - f.last < self._lockout
        )

    def delay(self, count: int) -> float:
        """Seconds to wait after ``count`` failures before the next attempt."""
        if count < self._free:
            return 0.0
        return min(MAX_DELAY, 2.0 ** (count - self._free))

    def _current(self, address: str) -> Failures | None:
        failures = self._failures.get(address)
        if failures is not None and self._clock() - failures.last >= self._lockout:
            del self._failures[address]
            return None
        return failures


def _minutes(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
