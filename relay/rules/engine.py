"""The kabaddi rules engine: pure functions from (state, event, time) to a new state.

No I/O, no clock reads, no asyncio, no Qt: time is the ``now`` argument (relay ms).

The rules, in the order the engine applies them (details in each module):

1. Setup comes first and only once: squads, starting sevens, settings, the toss.
2. Before every other event the match clock catches up to ``now`` and suspensions whose
   time is up end (:mod:`~relay.rules.clock`, :mod:`~relay.rules.discipline`).
3. Clock: start the first half, the second half, the tie-break; pause, resume; end a
   half. The second half opens with the team that did not raid first. A half whose time
   runs out during a raid ends after that raid.
4. Raids, only while a half or the tie-break is in play (paused is fine): alternate
   between teams; one open raid at a time, its result for the raider who started it;
   touches, bonus, tackles, super tackles, raiders out without a tackle (+1, never a
   super tackle), line-outs, do-or-die; revivals settled at the end of the raid, one
   per point each side scored, first out first back; all outs, never twice for the same
   empty mat; a team with nobody on the mat passes its turn (:mod:`~relay.rules.raids`).
5. Cards, substitutions, timeouts and technical points, cards, substitutions and
   timeouts only between raids; a yellow card to a player who is out starts when he
   would be revived; a technical point may take the other team's raid turn
   (:mod:`~relay.rules.discipline`).
6. The tie-break and the golden raid decide a level match (:mod:`~relay.rules.tiebreak`),
   as the Pro Kabaddi League plays them: seven a side throughout with no outs, revivals
   or all outs, five raids a team by five different raiders, the team that raided first
   in the match first, the baulk line as the bonus line, every raid do-or-die (an empty
   raid gives the defence a point); still level, a golden raid raided by the winner of a
   toss; still level after it, a toss. Sources: prokabaddi.com, "A closer look at the
   playoffs tiebreaker and the golden raid" (golden raid: the toss winner raids, then
   the other team if still level, then a toss: ``golden_raid = "eachTeam"``); Sportstar
   (The Hindu), "PKL 10 final: tiebreaker rules explained" (2024: seven a side, five
   raiders, first raiders of the match first, baulk line is the bonus line, no out or
   revival); ESPN India, "PKL tie-breaker format explained" (2022: every raid is
   do-or-die); myKhel, "PKL 2025: what is the golden raid rule" (2025: one golden raid
   by the toss winner, the raiders win with a point, the defence by stopping him, a toss
   if still level: ``golden_raid = "single"``, the default).
7. Corrections replace an earlier event and replay the match after it; team reviews
   challenge the call on the latest raid, ``reviews_per_match`` a team, a successful
   one kept (:mod:`~relay.rules.corrections`).
8. Scores are the sum of their parts; statistics and leaders follow every event
   (:mod:`~relay.rules.stats`).
9. Undo reverts the latest event still in effect (a correction too); again and again,
   but never the setup.

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

from relay.rules import clock, corrections, discipline, raids, stats, tiebreak
from relay.rules.draft import Draft
from relay.rules.errors import RuleError, violation
from relay.rules.events import (
    Card,
    Clock,
    Correct,
    Event,
    Raid,
    RaidStart,
    Review,
    Setup,
    Substitution,
    Technical,
    Timeout,
    Toss,
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


def _dispatch(d: Draft, event: Event, now: int, correcting: bool) -> str:
    if isinstance(event, Raid):
        return raids.raid(d, event, correcting)
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
    if isinstance(event, Toss):
        return tiebreak.toss(d, event)
    if isinstance(event, Review):
        return corrections.tally(d, event)
    raise violation(f"Unknown event {type(event).__name__}.")  # pragma: no cover


def _step(
    state: MatchState, event: Event, now: int, seq: int, correcting: bool
) -> tuple[MatchState, str]:
    """One event at relay time ``now`` with number ``seq``: the new state and its line."""
    d = Draft(state)
    clock.advance(d, now)
    returned = discipline.end_suspensions(d)
    d.mark_mat()
    line = _dispatch(d, event, now, correcting)
    d.rescore()
    result = tiebreak.check_golden(d)
    if result:
        line = f"{line}; {result}"
    if returned:
        line = f"{line} ({d.names(returned)} back from suspension)"
    passed = raids.pass_turn_if_nobody(d)
    if passed:
        line = f"{line} — {passed}"
    stats.update_leaders(d)
    new = d.state
    new.last_seq = seq
    new.last_event_at = now
    set_link(new, UndoLink(seq, state, line, event, now))
    return new, line


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
    seq = state.last_seq + 1
    if isinstance(event, Correct):
        new, line = corrections.correct(state, event, now, seq, _step)
    elif isinstance(event, Review):
        new, line = corrections.review(state, event, now, seq, _step)
    else:
        new, line = _step(state, event, now, seq, False)
    return new, line


def replay(events: Iterable[tuple[Event, int]]) -> MatchState | None:
    """Fold :func:`apply` over a log of (event, relay time) from nothing."""
    state: MatchState | None = None
    for event, now in events:
        state, _ = apply(state, event, now)
    return state
