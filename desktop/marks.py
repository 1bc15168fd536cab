"""What later events did to earlier ones: undone, corrected, overturned on review.

One reading of the log for the play-by-play, the CSV and the scoresheet alike, so an
undone raid is marked as such everywhere, not only on the undo's own row. Also the
half and match clock of each event, by replaying the log with the rules engine. No Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

from relay.rules import RuleError, apply
from relay.rules.countdown import half_remaining_ms, mmss
from relay.rules.events import Correct, Review, Undo
from relay.rules.phases import PHASES
from relay.rules.state import MatchState
from relay.wire import LoggedEvent


@dataclass(frozen=True)
class Mark:
    word: str  # "undone", "corrected", "overturned"
    by_seq: int

    @property
    def text(self) -> str:
        return f"{self.word} by event {self.by_seq}"


def marks(log: list[LoggedEvent]) -> dict[int, Mark]:
    """seq -> what a later event did to it (the latest word wins)."""
    found: dict[int, Mark] = {}
    for logged in log:
        event = logged.event
        if isinstance(event, Undo):
            found[event.target_seq] = Mark("undone", logged.seq)
        elif isinstance(event, Correct):
            found[event.target_seq] = Mark("corrected", logged.seq)
        elif isinstance(event, Review) and event.overturned:
            found[event.target_seq] = Mark("overturned", logged.seq)
    return found


def what_it_did(logged: LoggedEvent) -> str:
    """For an undo, a correction or a review: the event it was about."""
    event = logged.event
    if isinstance(event, Undo):
        return f"undoes event {event.target_seq}"
    if isinstance(event, Correct):
        return f"corrects event {event.target_seq}"
    if isinstance(event, Review):
        verdict = "overturns" if event.overturned else "upholds"
        return f"review {verdict} event {event.target_seq}"
    return ""


@dataclass(frozen=True)
class MatchTime:
    half: str  # "1", "2", "tie-break", "" before the start
    clock: str  # the match clock after the event, "mm:ss" left in the half; "" if none


def match_times(log: list[LoggedEvent]) -> dict[int, MatchTime]:
    """seq -> the half and match clock of each event, the log replayed from its setup.

    Empty when the log does not start with the setup (it cannot be replayed).
    """
    times: dict[int, MatchTime] = {}
    if not log or log[0].seq != 1:
        return times
    state: MatchState | None = None
    for logged in log:
        at = logged.event.at or (state.last_event_at if state else 0)
        try:
            state, _ = apply(state, logged.event, at)
        except RuleError:
            return times  # not the match the relay has: leave the rest blank
        times[logged.seq] = _time_of(state, at)
    return times


def _time_of(state: MatchState, at: int) -> MatchTime:
    phase = PHASES[state.phase]
    if state.phase == "scheduled":
        return MatchTime("", "")
    half = "tie-break" if state.clock.half >= 3 else str(state.clock.half)
    clock = mmss(half_remaining_ms(state.clock, at)) if phase.clock_shown else ""
    return MatchTime(half, clock)
