"""Wrong scorer tokens: each address is slowed down, then refused for a while.

The first ``free`` failures cost nothing (a scorer mistyping). After that, an
address must wait before its next attempt: 1 s, doubling with each failure; an
attempt made too early is refused without looking at the token. After ``limit``
failures the address is refused for ``lockout`` seconds. Addresses are forgotten
``lockout`` seconds after their last failure, and at most ``max_addresses`` are
kept (the oldest go first), so the memory stays bounded whatever an attacker does.
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


@dataclass
class _Failures:
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
        self._failures: OrderedDict[str, _Failures] = OrderedDict()
        self._log = RateLimitedLog(log, interval=60.0, clock=clock)
        self.refused = 0  # attempts refused without looking at the token

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
        failures = self._current(address) or _Failures(0, 0.0)
        failures.count += 1
        failures.last = self._clock()
        self._failures[address] = failures
        self._failures.move_to_end(address)
        while len(self._failures) > self._max:
            self._failures.popitem(last=False)
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

    def _current(self, address: str) -> _Failures | None:
        failures = self._failures.get(address)
        if failures is not None and self._clock() - failures.last >= self._lockout:
            del self._failures[address]
            return None
        return failures


def _minutes(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
