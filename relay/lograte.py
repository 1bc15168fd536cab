"""Log lines that an attacker could otherwise repeat thousands of times a second.

The first occurrence of a kind is logged at once; later ones within ``interval``
seconds are only counted, and the next line logged says how many were left out.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable


class RateLimitedLog:
    def __init__(
        self,
        logger: logging.Logger,
        interval: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._logger = logger
        self._interval = interval
        self._clock = clock
        self._last: dict[str, float] = {}
        self._skipped: dict[str, int] = {}

    def log(self, level: int, kind: str, message: str, *args: object) -> bool:
        """Log ``message`` unless ``kind`` was logged less than ``interval`` ago."""
        now = self._clock()
        last = self._last.get(kind)
        if last is not None and now - last < self._interval:
            self._skipped[kind] = self._skipped.get(kind, 0) + 1
            return False
        skipped = self._skipped.pop(kind, 0)
        self._last[kind] = now
        if len(self._last) > 10_000:  # kinds keyed by address: keep the memory bounded
            self._last = {kind: now}
            self._skipped.clear()
        suffix = f" ({skipped} more like this not logged)" if skipped else ""
        self._logger.log(level, message + suffix, *args)
        return True
