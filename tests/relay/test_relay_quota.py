"""Matches per day on an embedded relay: a sliding 24-hour window that survives a restart."""

from __future__ import annotations

from pathlib import Path

from relay_kit import open_peer, setup_frame, start_embedded

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


def test_setups_made_before_a_start_count() -> None:
    now = [100_000.0]
    quota = DailyQuota(3, clock=lambda: now[0])
    # Two setups in the last day, one older than a day: one place is left.
    quota.restore([90_000.0, 10_000.0, 14_000.0])
    assert quota.take()
    assert not quota.take()
    now[0] = 14_000.0 + 24 * 3600  # the older of the two is a day old
    assert quota.take()
    assert not quota.take()


async def test_a_restart_does_not_reset_the_count(tmp_path: Path) -> None:
    relay = await start_embedded(tmp_path, max_matches_per_day=2)
    for match_id in ("a", "b"):
        scorer = await open_peer(relay, "scorer", match_id)
        await scorer.send(setup_frame(f"setup-{match_id}"))
        assert (await scorer.answer())["seq"] == 1
    await relay.stop()

    again = await start_embedded(tmp_path, max_matches_per_day=2)
    try:
        scorer = await open_peer(again, "scorer", "c")
        await scorer.send(setup_frame("setup-c"))
        answer = await scorer.answer()
        assert answer["code"] == "limit_reached"
        assert "set up 2 matches in the last 24 hours" in answer["message"]
    finally:
        await again.stop()
