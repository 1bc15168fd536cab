"""The kabaddi rules engine: pure functions from (state, event, time) to a new state.

No I/O, no clock reads, no asyncio, no Qt: time is the ``now`` argument (relay ms).

The rules, in the order the engine applies them (details in each module):

1. Setup comes first and only once: squads, starting sevens, settings, the toss.
2. Before every other event the match clock catches up to ``now`` and suspensions whose
   time is up end (:mod:`~relay.rules.clock`, :mod:`~relay.rules.discipline`).
3. Clock: start the first half, the second half, the tie-break; pause, resume; end a
   half. The second half opens with the team that did not raid first.
4. Raids, only while a half or the tie-break is in play (paused is fine): alternate
   between teams; touches, bonus, tackles, super tackles, line-outs, do-or-die, revival
   and all outs (:mod:`~relay.rules.raids`).
5. Cards, substitutions, timeouts and technical points (:mod:`~relay.rules.discipline`).
6. The tie-break and the golden raid decide a level match (:mod:`~relay.rules.tiebreak`).
7. Scores are the sum of their parts; statistics and leaders follow every event
   (:mod:`~relay.rules.stats`).
8. Undo reverts the latest event still in effect; again and again, but never the setup.

Every event advances ``last_seq`` by one (undo too) and yields one commentary line: a
sentence about the event. The score after it is in the state, never in the line.

Undo history: each returned state carries, in a private attribute that is never
serialized, a link to the state before its event (:mod:`~relay.rules.history`). Working
copies are copy-on-write (:mod:`~relay.rules.draft`): an event copies the match, the two
teams and the clock and only the players it changes, so consecutive states share all
other player records; a link costs about 10 KiB (measured on a full match) and the
chain is as long as the match: a few MiB for a long one. A state rebuilt from JSON has
no history; rebuild it with :func:`replay`.
"""

from __future__ import annotations

from collections.abc import Iterable

from relay.rules import clock, discipline, raids, stats, tiebreak
from relay.rules.draft import Draft
from relay.rules.errors import RuleError, violation
from relay.rules.events import (
    Card,
    Clock,
    Event,
    Raid,
    RaidStart,
    Setup,
    Substitution,
    Technical,
    Timeout,
    Undo,
)
from relay.rules.history import UndoLink, link_of, set_link
from relay.rules.setup import setup
from relay.rules.state import MatchState

__all__ = ["apply", "replay"]


def _setup(event: Setup, now: int) -> tuple[MatchState, str]:
    state = setup(event)
    state.last_seq = 1
    state.last_event_at = now
    first = state.home if event.first_raid == "home" else state.away
    line = (
        f"{state.home.name} v {state.away.name} ({event.rules} rules), "
        f"{first.short_name} won the toss and raid first"
    )
    return state, line


def _undo(state: MatchState, event: Undo, now: int) -> tuple[MatchState, str]:
    if event.target_seq == 1:
        raise violation("The setup cannot be undone: start a new match instead.")
    link = link_of(state)
    if link is None:
        raise RuleError("conflict", "There is nothing left to undo.")
    if event.target_seq != link.seq:
        raise RuleError(
            "conflict",
            f"Only the latest event still in effect can be undone: that is #{link.seq}, "
            f"not #{event.target_seq}.",
        )
    restored = link.before.model_copy()
    restored.last_seq = state.last_seq + 1
    restored.last_event_at = now
    set_link(restored, link_of(link.before))
    return restored, f"Undone: {link.line}"


def _dispatch(d: Draft, event: Event, now: int) -> str:
    if isinstance(event, Raid):
        return raids.raid(d, event)
    if isinstance(event, RaidStart):
        return raids.raid_start(d, event, now)
    if isinstance(event, Clock):
        return clock.clock_event(d, event, now)
    if isinstance(event, Card):
        return discipline.card(d, event)
    if isinstance(event, Substitution):
        return discipline.substitution(d, event)
    if isinstance(event, Timeout):
        return discipline.timeout(d, event)
    if isinstance(event, Technical):
        return discipline.technical(d, event)
    raise violation(f"Unknown event {type(event).__name__}.")  # pragma: no cover


def apply(state: MatchState | None, event: Event, now: int) -> tuple[MatchState, str]:
    """The state after ``event`` at relay time ``now``, and its commentary line."""
    if state is None:
        if not isinstance(event, Setup):
            raise RuleError("not_set_up", "The match is not set up yet: send the setup first.")
        return _setup(event, now)
    if isinstance(event, Setup):
        raise RuleError("already_set_up", "The match is already set up.")
    if isinstance(event, Undo):
        return _undo(state, event, now)

    d = Draft(state)
    clock.advance(d, now)
    returned = discipline.end_suspensions(d)
    line = _dispatch(d, event, now)
    d.rescore()
    result = tiebreak.check_golden(d)
    if result:
        line = f"{line}; {result}"
    if returned:
        line = f"{line} ({d.names(returned)} back from suspension)"
    stats.update_leaders(d)
    new = d.state
    new.last_seq = state.last_seq + 1
    new.last_event_at = now
    set_link(new, UndoLink(new.last_seq, state, line))
    return new, line


def replay(events: Iterable[tuple[Event, int]]) -> MatchState | None:
    """Fold :func:`apply` over a log of (event, relay time) from nothing."""
    state: MatchState | None = None
    for event, now in events:
        state, _ = apply(state, event, now)
    return state
