"""The end of a match: the result, the five-raid tie-break and the golden raid.

With ``tie_break == "fiveRaids"`` a level match goes to ``fullTime``; starting the clock
begins the tie-break. Every player who is out comes back (suspended and sent-off players
do not) and stays on the mat throughout: in the tie-break nobody goes out and nobody is
revived, and there are no all outs. The team that raided first in the match raids first;
raids alternate, five a team, each by a different raider. Every raid is do-or-die:
touch and bonus points go to the raider, a tackle is 1 point for the defence, a raider
out without a tackle or an empty raid gives the defence 1 (``extra``), line-outs give the
raiders 1 each. The baulk line is the bonus line: a bonus needs no minimum of defenders.

Still level after ten raids: the golden raid. A toss (``toss`` event) decides who raids
it. ``golden_raid == "single"``: one raid, the first team ahead wins; still level, a
second toss decides the match. ``"eachTeam"``: still level after the toss winner's raid,
the other team raids once; still level after both, a toss decides the match.
"""

from __future__ import annotations

from relay.rules import mat
from relay.rules.draft import Draft, other
from relay.rules.errors import violation
from relay.rules.events import Side, Toss
from relay.rules.state import TieBreakState

RAIDS_PER_TEAM = 5
TIE_BREAK_PHASES = ("tieBreak", "goldenRaid")


def in_tie_break(d: Draft) -> bool:
    return d.state.phase in TIE_BREAK_PHASES


def finish(d: Draft, winner: Side | None = None) -> str:
    s = d.state
    s.phase = "finished"
    s.clock.running = False
    s.clock.since = None
    s.raid_clock = None
    s.half_ends_after_raid = False
    if winner is not None:
        s.winner = winner
        return f"{d.team(winner).name} win the match on the toss"
    if s.home.score == s.away.score:
        s.winner = "draw"
        return "Full time: the match is drawn"
    s.winner = "home" if s.home.score > s.away.score else "away"
    return f"Full time: {d.team(s.winner).name} win"


def after_second_half(d: Draft) -> str:
    s = d.state
    if s.home.score == s.away.score and s.settings.tie_break == "fiveRaids":
        s.phase = "fullTime"
        return "Full time, scores level: a tie-break of five raids a team follows"
    return finish(d)


def begin(d: Draft) -> str:
    s = d.state
    s.phase = "tieBreak"
    s.tie_break = TieBreakState(first=s.first_raid)
    s.raiding_team = s.first_raid
    for side in ("home", "away"):
        team = d.team(side)
        mat.revive(d, side, len(team.out_order))
        team.empty_raids = 0
        team.do_or_die = False
    return f"Tie-break: five raids a team, {d.team(s.first_raid).short_name} raid first"


def check_toss(d: Draft) -> None:
    """In the golden raid, nobody raids before the toss or after the last golden raid."""
    s = d.state
    tb = s.tie_break
    if s.phase == "goldenRaid" and tb is not None:
        if tb.golden_toss is None:
            raise violation("Golden raid: enter the toss (who raids it) first.")
        if _golden_over(d):
            raise violation("The golden raid is over and the scores are level: enter the toss.")


def check_raider(d: Draft, raider_id: str) -> None:
    s = d.state
    tb = s.tie_break
    if s.phase != "tieBreak" or tb is None:
        return
    if raider_id in tb.raids[s.raiding_team]:
        done = d.names(tb.raids[s.raiding_team])
        raise violation(
            f"{d.label(raider_id)} has already raided in the tie-break; "
            f"each raider raids once (so far: {done})."
        )


def _golden_over(d: Draft) -> bool:
    tb = d.state.tie_break
    assert tb is not None
    most = 2 if d.state.settings.golden_raid == "eachTeam" else 1
    return len(tb.golden_raids) >= most


def after_raid(d: Draft, side: Side, raider_id: str) -> str | None:
    """Record a tie-break raid by ``side``; move on to the golden raid or the result."""
    s = d.state
    tb = s.tie_break
    if tb is None:
        return None
    if s.phase == "goldenRaid":
        tb.golden_raids.append(side)
        if s.home.score != s.away.score:
            return finish(d)
        if not _golden_over(d):
            s.raiding_team = other(side)
            return f"Still level: {d.team(s.raiding_team).short_name} raid their golden raid"
        return "Still level after the golden raid: a toss decides the match"
    if s.phase != "tieBreak":
        return None
    tb.raids[side].append(raider_id)
    if any(len(ids) < RAIDS_PER_TEAM for ids in tb.raids.values()):
        return None
    if s.home.score != s.away.score:
        return finish(d)
    s.phase = "goldenRaid"
    return "Still level: golden raid, a toss decides who raids it"


def toss(d: Draft, event: Toss) -> str:
    s = d.state
    tb = s.tie_break
    if s.phase != "goldenRaid" or tb is None:
        raise violation("A toss is taken only for the golden raid, when the tie-break is level.")
    winner = d.team(event.winner)
    if tb.golden_toss is None:
        tb.golden_toss = event.winner
        s.raiding_team = event.winner
        return f"{winner.name} win the toss and raid the golden raid"
    if not _golden_over(d):
        raise violation("The golden raid is under way: enter its result.")
    tb.winner_toss = event.winner
    return finish(d, event.winner)


def check_golden(d: Draft) -> str | None:
    if d.state.phase == "goldenRaid" and d.state.home.score != d.state.away.score:
        return finish(d)
    return None
