"""Matches set up per day on an embedded relay: a sliding 24-hour window of setups.

It bounds what one scorer token can make the relay store in a day (a venue sets up a
handful of matches, a league a few dozen). The window is kept in memory and filled at
start from the setups already in the store, so a restart does not reset it. Nodes on
Redis count setups in Redis instead, for all of them together
(:mod:`relay.backends.redis_log`).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable

DAY = 24 * 3600.0


class DailyQuota:
    def __init__(self, limit: int, clock: Callable[[], float] = time.time) -> None:
        self.limit = limit
        self._clock = clock
        self._taken: deque[float] = deque()

    def restore(self, taken: Iterable[float]) -> None:
        """Count setups made before this start (unix seconds), as the store has them."""
        self._taken = deque(sorted(taken))
        self._expire(self._clock())

    def take(self) -> bool:
        """Count one more, if the last 24 hours have room for it."""
        now = self._clock()
        self._expire(now)
        if len(self._taken) >= self.limit:
            return False
        self._taken.append(now)
        return True

    def give_back(self) -> None:
        """The last one taken did not happen after all (its setup was refused)."""
        if self._taken:
            self._taken.pop()

    def _expire(self, now: float) -> None:
        while self._taken and now - self._taken[0] >= DAY:
            self._taken.popleft()
