"""The end of a match: the result, the five-raid tie-break and the golden raid.

With ``tie_break == "fiveRaids"`` a level match goes to ``fullTime``; starting the clock
begins the tie-break. Every player who is out comes back (suspended and sent-off players
do not); the toss winner (``first_raid``) raids first; raids alternate, five a team, each
by a different raider; there is no do-or-die. Still level after ten raids: the golden
raid, raided first by the team that did not raid first in the tie-break; raids then
alternate until a team scores, and the first team ahead wins (a tackle scores for the
defence).
"""

from __future__ import annotations

from relay.rules import mat
from relay.rules.draft import Draft, other
from relay.rules.errors import violation
from relay.rules.events import Side
from relay.rules.state import TieBreakState

RAIDS_PER_TEAM = 5


def finish(d: Draft) -> str:
    s = d.state
    s.phase = "finished"
    s.clock.running = False
    s.clock.since = None
    s.raid_clock = None
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


def check_raider(d: Draft, raider_id: str) -> None:
    s = d.state
    if s.phase != "tieBreak" or s.tie_break is None:
        return
    if raider_id in s.tie_break.raids[s.raiding_team]:
        done = d.names(s.tie_break.raids[s.raiding_team])
        raise violation(
            f"{d.label(raider_id)} has already raided in the tie-break; "
            f"each raider raids once (so far: {done})."
        )


def after_raid(d: Draft, side: Side, raider_id: str) -> str | None:
    """Record a tie-break raid by ``side``; move on to the golden raid or the result."""
    s = d.state
    if s.phase != "tieBreak" or s.tie_break is None:
        return None
    s.tie_break.raids[side].append(raider_id)
    if any(len(ids) < RAIDS_PER_TEAM for ids in s.tie_break.raids.values()):
        return None
    if s.home.score != s.away.score:
        return finish(d)
    s.phase = "goldenRaid"
    s.raiding_team = other(s.tie_break.first)
    return f"Still level: golden raid, {d.team(s.raiding_team).short_name} raid"


def check_golden(d: Draft) -> str | None:
    if d.state.phase == "goldenRaid" and d.state.home.score != d.state.away.score:
        return finish(d)
    return None
