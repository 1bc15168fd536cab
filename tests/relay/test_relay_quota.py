"""Matches per day: a sliding 24-hour window."""

from __future__ import annotations

from relay.quota import DailyQuota


def test_a_sliding_day() -> None:
    now = [0.0]
    quota = DailyQuota(2, clock=lambda: now[0])
    assert quota.take()
    now[0] = 3600
    assert quota.take()
    assert not quota.take()
    quota.give_back()
    assert quota.take()
    now[0] = 24 * 3600  # the first is a day old
    assert quota.take()
    assert not quota.take()
