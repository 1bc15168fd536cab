"""The match clock, the halves, timeouts and the derived elapsed time."""

from __future__ import annotations

import pytest
from rules_kit import START, Match, status

from relay.rules.settings import SettingsOverrides


def test_phases_of_a_match_without_tie_break() -> None:
    m = Match(started=False)
    assert (m.state.phase, m.state.clock.running) == ("scheduled", False)
    assert m.clock("start").endswith("Kick-off! PAT raid first")
    assert (m.state.phase, m.state.clock.running) == ("firstHalf", True)
    m.raid("h1", touched=("a1",))
    assert m.clock("endHalf").endswith("Half time")
    assert (m.state.phase, m.state.clock.running) == ("halfTime", False)
    m.clock("start")
    second_half = (m.state.phase, m.state.clock.half, m.state.clock.elapsed_ms, m.state.winner)
    assert second_half == ("secondHalf", 2, 0, None)
    assert m.clock("endHalf") == "Full time: Patna Pirates win"
    assert (m.state.phase, m.state.winner) == ("finished", "home")


def test_level_match_without_tie_break_is_a_draw() -> None:
    m = Match()
    m.clock("endHalf")
    m.clock("start")
    m.clock("endHalf")
    assert (m.state.phase, m.state.winner) == ("finished", "draw")


def test_clock_time_is_derived_from_event_times() -> None:
    m = Match(started=False)
    m.clock("start", after=1_000)
    started = m.now
    assert (m.state.clock.since, m.state.clock.elapsed_ms) == (started, 0)
    m.raid("h1", "empty", after=30_000)
    assert (m.state.clock.elapsed_ms, m.state.clock.played_ms) == (30_000, 30_000)
    assert m.state.clock.since == m.now
    m.clock("pause", after=5_000)
    paused = m.state.clock
    assert (paused.elapsed_ms, paused.since) == (35_000, None)
    m.raid("a1", "empty", after=60_000)  # paused: no time passes
    assert m.state.clock.elapsed_ms == 35_000
    m.clock("resume", after=1_000)
    m.clock("endHalf", after=10_000)
    assert m.state.clock.played_ms == 45_000
    m.clock("start", after=300_000)
    m.raid("a2", "empty", after=2_000)
    assert (m.state.clock.elapsed_ms, m.state.clock.played_ms) == (2_000, 47_000)
    assert m.state.clock.half_ms == 20 * 60_000


def test_half_time_revives_nobody_and_the_other_team_raids_first() -> None:
    m = Match(first_raid="away")
    m.raid("a1", touched=("h1", "h2"))
    m.raid("h3", "unsuccessful")
    m.clock("endHalf")
    m.clock("start")
    s = m.state
    assert s.home.out_order == ["h1", "h2", "h3"]
    assert status(s, "h1") == "out"
    assert s.raiding_team == "home"
    m.raid("h4", "empty")
    assert m.state.raiding_team == "away"


def test_second_half_first_raid_is_refused_for_the_toss_winner() -> None:
    m = Match(first_raid="home")
    m.raid("h1", "empty")  # the first half ends with away to raid next
    m.clock("endHalf")
    m.clock("start")
    error = m.refuse(m.raid_event("h1", "empty"))
    assert "Bengaluru Bulls raid now" in error.message


def test_timeouts_pause_the_clock_and_reset_each_half() -> None:
    m = Match()
    line = m.send(m.timeout_event("home"))
    assert line == "Timeout PAT (1 left this half), clock paused"
    assert not m.state.clock.running
    m.clock("resume")
    m.send(m.timeout_event("home"))
    error = m.refuse(m.timeout_event("home"))
    assert error.message == "Patna Pirates have no timeouts left in this half."
    m.send(m.timeout_event("away"))
    m.clock("endHalf")
    assert m.refuse(m.timeout_event("away")).message == "Timeouts are taken during a half."
    m.clock("start")
    assert (m.state.home.timeouts_left, m.state.away.timeouts_left) == (2, 2)


CLOCK_REFUSALS = [
    ("pause while paused", ["pause"], "pause", "already paused"),
    ("resume while running", [], "resume", "already running"),
    ("start while running", [], "start", "already started"),
    ("pause at half time", ["endHalf"], "pause", "half time"),
    ("end half at half time", ["endHalf"], "endHalf", "no half to end"),
    ("start after the match", ["endHalf", "start", "endHalf"], "start", "the match is over"),
]


@pytest.mark.parametrize(
    ("before", "action", "message"),
    [c[1:] for c in CLOCK_REFUSALS],
    ids=[c[0] for c in CLOCK_REFUSALS],
)
def test_clock_refusals(before: list[str], action: str, message: str) -> None:
    m = Match()
    for step in before:
        m.clock(step)  # type: ignore[arg-type]
    error = m.refuse(m.clock_event(action))  # type: ignore[arg-type]
    assert error.code == "rule_violation"
    assert message in error.message


def test_no_raids_in_the_breaks() -> None:
    m = Match()
    m.clock("endHalf")
    assert "start the clock for the second half" in m.refuse(m.raid_event("h1", "empty")).message
    m.clock("start")
    m.clock("endHalf")
    assert "the match is over" in m.refuse(m.raid_event("a1", "empty")).message


def test_settings_change_the_half_and_the_raid_clock() -> None:
    m = Match(settings=SettingsOverrides(half_minutes=10, raid_seconds=20))
    assert m.state.clock.half_ms == 600_000
    m.send(m.raid_start("h1"))
    assert m.state.raid_clock is not None
    assert m.state.raid_clock.seconds == 20
    assert m.state.last_event_at == m.now > START
