"""The match clock, the halves and the raid clock.

The engine never reads a clock: each event comes with ``now`` (relay ms). While the
clock runs, ``elapsed_ms``/``played_ms`` are the time as of ``since``; every event
folds the time since then in, so a viewer shows ``elapsed_ms + (its now - since)``.
The scorer ends each half (``endHalf``); the clock does not stop by itself at
``half_ms``. Half time revives nobody. When the half's time runs out during a raid the
raid is completed and the half ends after it. Which phase follows which is the table in
:mod:`relay.rules.phases`; this module does what entering a phase means.
"""

from __future__ import annotations

from collections.abc import Callable

from relay.rules import tiebreak
from relay.rules.countdown import running_ms
from relay.rules.draft import Draft, other
from relay.rules.errors import violation
from relay.rules.events import Clock
from relay.rules.phases import PHASES, in_play, move, targets
from relay.rules.state import Phase

IN_PLAY: frozenset[Phase] = frozenset(phase for phase in PHASES if in_play(phase))


def require_in_play(d: Draft, what: str) -> None:
    phase = d.state.phase
    if not in_play(phase):
        raise violation(f"No {what} now: {PHASES[phase].why_no_raid}.")


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


def _first_half(d: Draft) -> str:
    s = d.state
    s.clock.half = 1
    s.raiding_team = s.first_raid
    return f"Kick-off! {d.team(s.first_raid).short_name} raid first"


def _second_half(d: Draft) -> str:
    s = d.state
    s.clock.half = 2
    s.raiding_team = other(s.first_raid)
    for team in (s.home, s.away):
        team.timeouts_left = s.settings.timeouts_per_half
    return f"Second half under way, {d.team(s.raiding_team).short_name} raid first"


def _tie_break(d: Draft) -> str:
    d.state.clock.half = 3
    return tiebreak.begin(d)


_STARTS: dict[Phase, Callable[[Draft], str]] = {
    "firstHalf": _first_half,
    "secondHalf": _second_half,
    "tieBreak": _tie_break,
}


def _start(d: Draft, now: int) -> str:
    s = d.state
    if not targets(s.phase, "start"):
        if in_play(s.phase):
            raise violation(
                f"The clock is already started ({PHASES[s.phase].label.lower()}):"
                " use pause or resume."
            )
        raise violation(f"The clock cannot start: {PHASES[s.phase].why_no_raid}.")
    target = move(s.phase, "start")
    s.clock.elapsed_ms = 0
    line = _STARTS[target](d)
    s.phase = target
    _run(d, now)
    return line


def _end_half(d: Draft) -> str:
    s = d.state
    if not targets(s.phase, "endHalf"):
        if in_play(s.phase):
            raise violation("The tie-break ends with its raids, not with the clock.")
        raise violation(f"There is no half to end: {PHASES[s.phase].why_no_raid}.")
    if s.raid_clock is not None:
        # Time is up mid-raid: the raid is completed and the half ends after it.
        if s.half_ends_after_raid:
            raise violation("The half already ends after this raid: enter the raid's result.")
        pause(d)
        s.half_ends_after_raid = True
        return "Time is up: the half ends after this raid"
    return end_half(d)


def end_half(d: Draft) -> str:
    s = d.state
    s.half_ends_after_raid = False
    pause(d)
    s.raid_clock = None
    if s.phase == "firstHalf":
        s.phase = move(s.phase, "endHalf")
        return "Half time"
    return tiebreak.after_second_half(d)


def clock_event(d: Draft, event: Clock, now: int) -> str:
    s = d.state
    if event.action == "start":
        return _start(d, now)
    if event.action == "endHalf":
        return _end_half(d)
    if not in_play(s.phase):
        raise violation(f"The clock cannot {event.action}: {PHASES[s.phase].why_no_raid}.")
    if event.action == "pause":
        if not s.clock.running:
            raise violation("The clock is already paused.")
        pause(d)
        return "Clock paused"
    if s.clock.running:
        raise violation("The clock is already running.")
    if s.half_ends_after_raid:
        raise violation("Time is up: the half ends after this raid; enter the raid's result.")
    _run(d, now)
    return "Clock resumed"
