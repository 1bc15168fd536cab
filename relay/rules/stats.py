"""Player statistics and the match leaders, updated as events are applied.

How points are credited:

- raid points are the raider's touch points plus his bonus point; line-outs, a raider
  out without a tackle and a failed do-or-die raid score team points (``extra``, by kind
  in the team's ``extras``) but no player points;
- every named tackler gets a successful tackle; the tackle points (1, or 2 for a super
  tackle) and the super tackle go to the first named tackler;
- a defender touched in a successful raid has a failed tackle;
- ``tackles`` counts tackles made plus tackles failed;
- an empty do-or-die raid counts as an unsuccessful raid (the raider is out); a raider
  out without a tackle is an unsuccessful raid and nobody's tackle;
- do-or-die raids (every tie-break raid is one) and the successful ones are counted for
  the raider and his team; reviews taken and kept (overturned) for the team.

A super raid is 3 or more raid points in one raid; super 10 is 10 or more raid points in
the match, high 5 is 5 or more tackle points.
"""

from __future__ import annotations

from relay.rules.draft import Draft
from relay.rules.events import Side
from relay.rules.state import Leader, PlayerStats

SUPER_RAID_POINTS = 3
SUPER10_POINTS = 10
HIGH5_POINTS = 5


def raid_points(stats: PlayerStats, touch: int, bonus: int) -> None:
    stats.touch_points += touch
    stats.bonus_points += bonus
    stats.raid_points += touch + bonus
    if touch + bonus >= SUPER_RAID_POINTS:
        stats.super_raids += 1
    stats.super10 = stats.raid_points >= SUPER10_POINTS


def tackle_made(stats: PlayerStats, points: int, is_super: bool) -> None:
    stats.tackles += 1
    stats.tackles_successful += 1
    stats.tackle_points += points
    if is_super and points:
        stats.super_tackles += 1
    stats.high5 = stats.tackle_points >= HIGH5_POINTS


def tackle_failed(stats: PlayerStats) -> None:
    stats.tackles += 1
    stats.tackles_failed += 1


def _leader(d: Draft, current: Leader | None, points_of: str) -> Leader | None:
    """The player with the most points; ties keep the current leader, else squad order."""
    best: tuple[int, bool, str, Side] | None = None
    sides: tuple[Side, Side] = ("home", "away")
    for side in sides:
        for player in d.team(side).players:
            points = int(getattr(player.stats, points_of))
            if points <= 0:
                continue
            is_current = current is not None and current.player_id == player.id
            if best is None or (points, is_current) > best[:2]:
                best = (points, is_current, player.id, side)
    if best is None:
        return None
    points, is_current, player_id, side = best
    if is_current and current is not None and current.points == points:
        return current  # unchanged: share it with the state before
    return Leader(player_id=player_id, team=side, points=points)


def update_leaders(d: Draft) -> None:
    s = d.state
    s.top_raider = _leader(d, s.top_raider, "raid_points")
    s.top_defender = _leader(d, s.top_defender, "tackle_points")
