"""Who is on the mat: players going out, revivals (first out, first back) and all outs."""

from __future__ import annotations

from relay.rules.draft import Draft, other
from relay.rules.events import Side


def put_out(d: Draft, side: Side, player_id: str) -> None:
    team = d.team(side)
    team.on_court.remove(player_id)
    team.out_order.append(player_id)
    d.edit(player_id).status = "out"


def revive(d: Draft, side: Side, count: int) -> list[str]:
    """Bring back up to ``count`` players who are out, first out first back."""
    team = d.team(side)
    back = team.out_order[:count]
    del team.out_order[: len(back)]
    for player_id in back:
        team.on_court.append(player_id)
        d.edit(player_id).status = "onCourt"
    return back


def leave_mat(d: Draft, side: Side, player_id: str) -> bool:
    """Take a player off the mat or out of the revival queue; True if he was on the mat."""
    team = d.team(side)
    if player_id in team.on_court:
        team.on_court.remove(player_id)
        return True
    if player_id in team.out_order:
        team.out_order.remove(player_id)
    return False


def check_all_out(d: Draft, side: Side) -> str | None:
    """If ``side`` has nobody left on the mat, the other side scores and the team returns."""
    team = d.team(side)
    if team.on_court:
        return None
    winner = d.team(other(side))
    points = d.state.settings.all_out_points
    winner.points.all_out += points
    winner.all_outs_inflicted += 1
    revive(d, side, len(team.out_order))
    return f"ALL OUT on {team.short_name}, +{points} {winner.short_name}"
