"""Rate-limited log lines: the first of a kind at once, then one per interval with a count."""

from __future__ import annotations

import logging

import pytest

from relay.lograte import RateLimitedLog


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_one_line_per_interval_per_kind(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="test.lograte")
    clock = FakeClock()
    limited = RateLimitedLog(logging.getLogger("test.lograte"), interval=60, clock=clock)
    for _ in range(1000):
        limited.log(logging.WARNING, "accept", "refused %s", "x")
    limited.log(logging.WARNING, "other", "another kind")
    clock.now = 61
    limited.log(logging.WARNING, "accept", "refused %s", "y")
    assert [r.getMessage() for r in caplog.records] == [
        "refused x",
        "another kind",
        "refused y (999 more like this not logged)",
    ]
