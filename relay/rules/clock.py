"""The match clock, the halves and the raid clock.

The engine never reads a clock: each event comes with ``now`` (relay ms). While the
clock runs, ``elapsed_ms``/``played_ms`` are the time as of ``since``; every event
folds the time since then in, so a viewer shows ``elapsed_ms + (its now - since)``.
The scorer ends each half (``endHalf``); the clock does not stop by itself at
``half_ms``. Half time revives nobody.
"""

from __future__ import annotations

from relay.rules import tiebreak
from relay.rules.countdown import running_ms
from relay.rules.draft import Draft, other
from relay.rules.errors import violation
from relay.rules.events import Clock
from relay.rules.state import Phase

IN_PLAY: frozenset[Phase] = frozenset({"firstHalf", "secondHalf", "tieBreak", "goldenRaid"})
_NOT_IN_PLAY: dict[Phase, str] = {
    "scheduled": "the match has not started: start the match clock first",
    "halfTime": "it is half time: start the clock for the second half first",
    "fullTime": "the second half is over and the scores are level: start the tie-break first",
    "finished": "the match is over",
}


def require_in_play(d: Draft, what: str) -> None:
    phase = d.state.phase
    if phase not in IN_PLAY:
        raise violation(f"No {what} now: {_NOT_IN_PLAY[phase]}.")


def advance(d: Draft, now: int) -> None:
    clock = d.state.clock
    delta = running_ms(clock, now)
    if delta:
        clock.elapsed_ms += delta
        clock.played_ms += delta
        clock.since = now


def pause(d: Draft) -> None:
    d.state.clock.running = False
    d.state.clock.since = None


def _run(d: Draft, now: int) -> None:
    d.state.clock.running = True
    d.state.clock.since = now


def _start(d: Draft, now: int) -> str:
    s = d.state
    clock = s.clock
    if s.phase == "scheduled":
        s.phase = "firstHalf"
        clock.half, clock.elapsed_ms = 1, 0
        s.raiding_team = s.first_raid
        _run(d, now)
        return f"Kick-off! {d.team(s.first_raid).short_name} raid first"
    if s.phase == "halfTime":
        s.phase = "secondHalf"
        clock.half, clock.elapsed_ms = 2, 0
        s.raiding_team = other(s.first_raid)
        for team in (s.home, s.away):
            team.timeouts_left = s.settings.timeouts_per_half
        _run(d, now)
        return f"Second half under way, {d.team(s.raiding_team).short_name} raid first"
    if s.phase == "fullTime":
        clock.half, clock.elapsed_ms = 3, 0
        line = tiebreak.begin(d)
        _run(d, now)
        return line
    raise violation(f"The clock is already started ({_phase_name(s.phase)}): use pause or resume.")


def _end_half(d: Draft) -> str:
    s = d.state
    if s.phase == "firstHalf":
        pause(d)
        s.phase = "halfTime"
        s.raid_clock = None
        return "Half time"
    if s.phase == "secondHalf":
        pause(d)
        s.raid_clock = None
        return tiebreak.after_second_half(d)
    if s.phase in ("tieBreak", "goldenRaid"):
        raise violation("The tie-break ends with its raids, not with the clock.")
    raise violation(f"There is no half to end: {_NOT_IN_PLAY[s.phase]}.")


def _phase_name(phase: Phase) -> str:
    names: dict[Phase, str] = {
        "firstHalf": "first half",
        "secondHalf": "second half",
        "tieBreak": "tie-break",
        "goldenRaid": "golden raid",
    }
    return names.get(phase, phase)


def clock_event(d: Draft, event: Clock, now: int) -> str:
    s = d.state
    if event.action == "start":
        return _start(d, now)
    if event.action == "endHalf":
        return _end_half(d)
    if s.phase not in IN_PLAY:
        raise violation(f"The clock cannot {event.action}: {_NOT_IN_PLAY[s.phase]}.")
    if event.action == "pause":
        if not s.clock.running:
            raise violation("The clock is already paused.")
        pause(d)
        return "Clock paused"
    if s.clock.running:
        raise violation("The clock is already running.")
    _run(d, now)
    return "Clock resumed"
