"""Corrections and team reviews: an earlier event replaced, the match replayed after it.

- ``correct``: the event ``target_seq`` (still in effect, not the setup) is replaced by
  one of the same type, applied at the original's time, and every event in effect after
  it is applied again, each at its own time and with its own seq. If one no longer fits,
  the correction is refused (``conflict``) naming it and why; if the corrected event
  itself is refused, so is the correction. A corrected raid may name another raider than
  its raid start. The clock does not move for a correction. Undo takes a correction back.
- ``review``: a team challenges the call on the latest raid, before the next raid
  starts, once per raid. Each team has ``reviews_per_match``; a review whose call stands
  is used up, an overturned one is kept. Overturned carries the raid as it should have
  been called, applied as a correction; then the review is counted.
- A raid decided by a review cannot be corrected afterwards.

Everything needed is in the state's history (:mod:`relay.rules.history`), so applying a
correction stays a pure function of the state and the event, and replaying the log
gives the same match.
"""

from __future__ import annotations

from collections.abc import Callable

from relay.rules.draft import Draft
from relay.rules.errors import RuleError, violation
from relay.rules.events import Correct, Event, Raid, Review
from relay.rules.history import UndoLink, set_link, steps
from relay.rules.state import MatchState

# Applies one event at (now, seq); ``correcting`` relaxes the raid-start check.
Step = Callable[[MatchState, Event, int, int, bool], tuple[MatchState, str]]


def _find(state: MatchState, chain: list[UndoLink], target_seq: int) -> UndoLink:
    if target_seq > state.last_seq:
        raise violation(f"There is no event #{target_seq}: the latest is #{state.last_seq}.")
    for link in chain:
        if link.seq == target_seq:
            return link
    raise RuleError(
        "conflict",
        f"#{target_seq} is not an event in effect: it was undone, or it is the setup, an "
        "undo or a correction (correct the event itself).",
    )


def _review_of(chain: list[UndoLink], target: UndoLink) -> UndoLink | None:
    for link in chain:
        if link.seq <= target.seq:
            break
        if isinstance(link.event, Review) and link.event.target_seq == target.seq:
            return link
    return None


def _rebuild(
    chain: list[UndoLink], target: UndoLink, corrected: Event, step: Step
) -> tuple[MatchState, str]:
    """The match with ``target`` replaced by ``corrected`` and the later events replayed."""
    stamped = corrected.model_copy(update={"at": target.event.at, "by": target.event.by})
    try:
        state, line = step(target.before, stamped, target.now, target.seq, True)
    except RuleError as error:
        raise violation(f"The corrected #{target.seq} is refused: {error.message}") from None
    later = [link for link in chain if link.seq > target.seq]
    for link in reversed(later):
        try:
            state, _ = step(state, link.event, link.now, link.seq, False)
        except RuleError as error:
            raise RuleError(
                "conflict",
                f"Correcting #{target.seq} no longer fits #{link.seq} ({link.line}): "
                f"{error.message}",
            ) from None
    return state, line


def _settle(
    before: MatchState, rebuilt: MatchState, event: Event, now: int, seq: int, line: str
) -> MatchState:
    result = rebuilt.model_copy()
    result.last_seq = seq
    result.last_event_at = now
    set_link(result, UndoLink(seq, before, line, event, now, rebuilt=rebuilt))
    return result


def correct(
    state: MatchState, event: Correct, now: int, seq: int, step: Step
) -> tuple[MatchState, str]:
    chain = steps(state)
    target = _find(state, chain, event.target_seq)
    was, now_type = target.event.type, event.event.type
    if was != now_type:
        raise violation(
            f"#{target.seq} is a {was} event: a correction replaces it with another {was}, "
            f"not a {now_type}."
        )
    review = _review_of(chain, target)
    if review is not None:
        raise RuleError(
            "conflict", f"#{target.seq} was decided by the review #{review.seq}: that call stands."
        )
    rebuilt, line = _rebuild(chain, target, event.event, step)
    text = f"CORRECTED #{target.seq}: {line} (was: {target.line})"
    return _settle(state, rebuilt, event, now, seq, text), text


def review(
    state: MatchState, event: Review, now: int, seq: int, step: Step
) -> tuple[MatchState, str]:
    team = state.home if event.team == "home" else state.away
    if state.settings.reviews_per_match == 0:
        raise violation("There are no team reviews in this match (0 a team in its settings).")
    if team.reviews_left <= 0:
        raise violation(f"{team.name} have no reviews left.")
    if state.raid_clock is not None:
        raise violation("The next raid has started: a review is asked before it.")
    if event.overturned != (event.event is not None):
        raise violation(
            "An overturned review carries the raid as it should have been called; "
            "a review whose call stands carries none."
        )
    chain = steps(state)
    target = _find(state, chain, event.target_seq)
    if not isinstance(target.event, Raid):
        raise violation(f"#{target.seq} is a {target.event.type} event: a review is of a raid.")
    latest = next(link for link in chain if isinstance(link.event, Raid))
    if latest.seq != target.seq:
        raise violation(f"Only the latest raid (#{latest.seq}) can be reviewed.")
    earlier = _review_of(chain, target)
    if earlier is not None:
        raise violation(f"#{target.seq} has been reviewed already (#{earlier.seq}).")
    if event.event is None:
        return step(state, event, now, seq, False)
    rebuilt, line = _rebuild(chain, target, event.event, step)
    tallied, tally_line = step(rebuilt, event, now, seq, False)
    text = f"{tally_line}: {line} (was: {target.line})"
    return _settle(state, tallied, event, now, seq, text), text


def tally(d: Draft, event: Review) -> str:
    """Count a review for its team (the correction, if any, is already made)."""
    team = d.team(event.team)
    team.reviews += 1
    if event.overturned:
        team.reviews_kept += 1
        return f"REVIEW {team.short_name} — OVERTURNED, #{event.target_seq} corrected"
    team.reviews_left -= 1
    left = f"{team.reviews_left} review{'s' if team.reviews_left != 1 else ''} left"
    return f"REVIEW {team.short_name} — the call on #{event.target_seq} stands ({left})"
