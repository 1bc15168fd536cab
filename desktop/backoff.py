"""Reconnect delays: exponential with full jitter, capped, never zero."""

from __future__ import annotations

import random

BASE_SECONDS = 0.5
CAP_SECONDS = 15.0
FLOOR_SECONDS = 0.2


def reconnect_delay(attempt: int, rng: random.Random | None = None) -> float:
    """Seconds to wait before reconnect ``attempt`` (0 = the first retry)."""
    ceiling = min(CAP_SECONDS, BASE_SECONDS * (2 ** min(attempt, 16)))
    jitter = (rng or random).uniform(0.5, 1.0)
    return float(max(FLOOR_SECONDS, ceiling * jitter))
