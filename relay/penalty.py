"""Addresses that keep getting closed for misbehaving are refused for a while.

A connection closed for abuse (a viewer that sent a frame, a scorer sending invalid
frames, a frame over 64 KiB) costs the relay little, but a client that reconnects
at once and does it again costs an accept, an upgrade and a welcome every time.
After ``limit`` such closes within ``lockout`` seconds, the address's new
connections are refused at accept (HTTP 503) until ``lockout`` seconds have passed
since its last offence. At most ``max_addresses`` are remembered.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable

from relay.lograte import RateLimitedLog

log = logging.getLogger(__name__)


class PenaltyBox:
    def __init__(
        self,
        *,
        limit: int,
        lockout: float,
        max_addresses: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limit = limit
        self._lockout = lockout
        self._max = max_addresses
        self._clock = clock
        self._offences: OrderedDict[str, tuple[int, float]] = OrderedDict()
        self._log = RateLimitedLog(log, interval=60.0, clock=clock)

    def offended(self, address: str, why: str) -> None:
        count, _ = self._current(address)
        count += 1
        self._offences[address] = (count, self._clock())
        self._offences.move_to_end(address)
        while len(self._offences) > self._max:
            self._offences.popitem(last=False)
        if count == self._limit:
            self._log.log(
                logging.WARNING,
                f"penalty:{address}",
                "%s closed %d times for misbehaving (%s): refusing it for %.0f s",
                address,
                count,
                why,
                self._lockout,
            )

    def refused(self, address: str) -> bool:
        count, _ = self._current(address)
        return count >= self._limit

    @property
    def refused_addresses(self) -> int:
        return sum(1 for address in list(self._offences) if self.refused(address))

    def _current(self, address: str) -> tuple[int, float]:
        count, last = self._offences.get(address, (0, 0.0))
        if count and self._clock() - last >= self._lockout:
            del self._offences[address]
            return 0, 0.0
        return count, last
