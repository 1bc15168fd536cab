"""Matches set up per day: a sliding 24-hour window of setups.

Counted in memory from the relay's start: it bounds what one scorer token can make
the relay store in a day (a venue sets up a handful of matches, a league a few
dozen), not a figure to audit.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

DAY = 24 * 3600.0


class DailyQuota:
    def __init__(self, limit: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._clock = clock
        self._taken: deque[float] = deque()

    def take(self) -> bool:
        """Count one more, if the last 24 hours have room for it."""
        now = self._clock()
        while self._taken and now - self._taken[0] >= DAY:
            self._taken.popleft()
        if len(self._taken) >= self.limit:
            return False
        self._taken.append(now)
        return True

    def give_back(self) -> None:
        """The last one taken did not happen after all (its setup was refused)."""
        if self._taken:
            self._taken.pop()
