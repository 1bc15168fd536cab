"""Who is on the mat: players going out, revivals (first out, first back) and all outs."""

from __future__ import annotations

from relay.rules.draft import Draft, other
from relay.rules.events import Side


def put_out(d: Draft, side: Side, player_id: str) -> None:
    team = d.team(side)
    team.on_court.remove(player_id)
    team.out_order.append(player_id)
    d.edit(player_id).status = "out"


def revive(d: Draft, side: Side, count: int) -> tuple[list[str], list[str]]:
    """Bring back up to ``count`` players who are out, first out first back.

    A player carded yellow while out uses his turn to start his suspension instead: the
    team plays short until it ends. Returns (back on the mat, suspended now).
    """
    team = d.team(side)
    turn = team.out_order[:count]
    del team.out_order[: len(turn)]
    back: list[str] = []
    suspended: list[str] = []
    for player_id in turn:
        player = d.edit(player_id)
        if player.suspension_due_ms is not None:
            player.status = "suspended"
            player.suspended_until_ms = d.state.clock.played_ms + player.suspension_due_ms
            player.suspension_due_ms = None
            suspended.append(player_id)
        else:
            team.on_court.append(player_id)
            player.status = "onCourt"
            back.append(player_id)
    return back, suspended


def revival_line(d: Draft, side: Side, back: list[str], suspended: list[str]) -> list[str]:
    short = d.team(side).short_name
    parts = [f"{d.names(back)} back for {short}"] if back else []
    parts += [f"{d.label(p)} starts his suspension instead of coming back" for p in suspended]
    return parts


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
    """If ``side`` has just lost its last player on the mat, the other side scores 2 and
    the team returns. A mat that was already empty when the event began (everyone
    suspended or sent off) is not all out again; the tie-break has no all outs."""
    team = d.team(side)
    if team.on_court or not d.had_players[side] or d.state.phase in ("tieBreak", "goldenRaid"):
        return None
    winner = d.team(other(side))
    points = d.state.settings.all_out_points
    winner.points.all_out += points
    winner.all_outs_inflicted += 1
    back, suspended = revive(d, side, len(team.out_order))
    line = f"ALL OUT on {team.short_name}, +{points} {winner.short_name}"
    if not back:
        line += f"; {team.name} have nobody to bring back"
    return "; ".join([line, *revival_line(d, side, [], suspended)])
