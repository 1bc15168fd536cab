"""Cards, suspensions, substitutions, timeouts and technical points.

- green: a warning, nothing else.
- yellow: the player is suspended for ``yellow_card_minutes`` of running match clock
  (``played_ms``) and the opponent gets 1 technical point. A player on the mat leaves
  it at once and nobody is revived in his place. A player who is out keeps his place in
  the revival queue; his suspension starts when he would have been revived, and that
  revival brings nobody back (the team plays short). When the time is up (checked at the
  start of every event) he returns to the mat. Only a player in the game (on the mat or
  out) can be suspended, once at a time.
- red: sent off for the match (from the mat, the queue, the bench or a suspension); the
  opponent gets 1 technical point.
- A team left with nobody on the mat by a card is all out.
- substitutions: a player on the mat for one on the bench of the same team, at most
  ``max_substitutions`` a team per match.
- timeouts: ``timeouts_per_half`` a team in each half; a timeout pauses the clock.
- Cards, substitutions and timeouts wait for the open raid's result.
- technical points go to a team and revive nobody. With ``passes_raid`` the other team,
  due to raid (a raid not begun in time), loses its turn: the team given the point raids
  next. A lost turn is not an empty raid.
"""

from __future__ import annotations

from relay.rules import mat
from relay.rules.clock import pause
from relay.rules.draft import Draft, other
from relay.rules.errors import violation
from relay.rules.events import Card, Side, Substitution, Technical, Timeout

MINUTE_MS = 60_000


def _require_not_finished(d: Draft, what: str) -> None:
    if d.state.phase == "finished":
        raise violation(f"No {what}: the match is over.")


def _player_side(d: Draft, player_id: str) -> Side:
    side = d.side_of(player_id)
    if side is None:
        raise violation(f"There is no player {player_id} in either squad.")
    return side


def require_no_open_raid(d: Draft, what: str) -> None:
    raid = d.state.raid_clock
    if raid is not None:
        raise violation(
            f"No {what} while a raid is open ({d.label(raid.raider_id)} is raiding): "
            "enter the raid's result first."
        )


def end_suspensions(d: Draft) -> list[str]:
    """Return suspended players whose time is up on the played clock."""
    played = d.state.clock.played_ms
    back: list[str] = []
    for side in ("home", "away"):
        team = d.team(side)
        for player in list(team.players):
            until = player.suspended_until_ms
            if player.status != "suspended" or until is None or until > played:
                continue
            edited = d.edit(player.id)
            edited.suspended_until_ms = None
            edited.status = "onCourt"
            team.on_court.append(player.id)
            back.append(player.id)
    return back


def card(d: Draft, event: Card) -> str:
    _require_not_finished(d, "cards")
    require_no_open_raid(d, "cards")
    side = _player_side(d, event.player_id)
    opponent = d.team(other(side))
    current = d.player(event.player_id)
    who = d.label(event.player_id)
    if current.status == "sentOff":
        raise violation(f"{who} has already been sent off.")
    if event.color == "yellow" and current.status not in ("onCourt", "out"):
        state = "suspended already" if current.status == "suspended" else "on the bench"
        raise violation(
            f"{who} is {state}: a yellow card suspends a player in the game (on the mat or out)."
        )
    if event.color == "yellow" and current.suspension_due_ms is not None:
        raise violation(f"{who} is already carded: his suspension starts when he is revived.")
    player = d.edit(event.player_id)
    if event.color == "green":
        player.stats.green_cards += 1
        return f"Green card for {who}: a warning"
    opponent.points.technical += 1
    if event.color == "yellow":
        player.stats.yellow_cards += 1
        minutes = d.state.settings.yellow_card_minutes
        if current.status == "out":
            player.suspension_due_ms = minutes * MINUTE_MS
            line = (
                f"Yellow card for {who}, who is out: his {minutes} min suspension starts when "
                f"he would be revived, +1 {opponent.short_name}"
            )
        else:
            mat.leave_mat(d, side, event.player_id)
            player.status = "suspended"
            player.suspended_until_ms = d.state.clock.played_ms + minutes * MINUTE_MS
            line = f"Yellow card for {who}: suspended for {minutes} min, +1 {opponent.short_name}"
    else:
        player.stats.red_cards += 1
        mat.leave_mat(d, side, event.player_id)
        player.status = "sentOff"
        player.suspended_until_ms = None
        player.suspension_due_ms = None
        line = f"Red card for {who}: sent off, +1 {opponent.short_name}"
    all_out = mat.check_all_out(d, side)
    return f"{line} — {all_out}" if all_out else line


def substitution(d: Draft, event: Substitution) -> str:
    _require_not_finished(d, "substitutions")
    require_no_open_raid(d, "substitutions")
    side = _player_side(d, event.out_id)
    team = d.team(side)
    leaving = d.player(event.out_id)
    if event.out_id not in team.on_court:
        status = {"out": "out", "suspended": "suspended", "sentOff": "sent off"}.get(
            leaving.status, "not on the mat"
        )
        raise violation(
            f"{d.label(event.out_id)} is {status}: only a player on the mat can be "
            f"substituted ({d.roster(side)})."
        )
    if d.side_of(event.in_id) != side:
        raise violation(f"{event.in_id} is not in the {team.name} squad.")
    coming = d.player(event.in_id)
    if coming.status != "bench":
        bench = ", ".join(p.id for p in team.players if p.status == "bench") or "nobody"
        raise violation(f"{d.label(event.in_id)} is not on the bench (bench: {bench}).")
    limit = d.state.settings.max_substitutions
    if team.substitutions_used >= limit:
        raise violation(f"{team.name} have used all {limit} substitutions.")
    team.substitutions_used += 1
    team.on_court[team.on_court.index(event.out_id)] = event.in_id
    d.edit(event.out_id).status = "bench"
    d.edit(event.in_id).status = "onCourt"
    return f"Substitution {team.short_name}: {coming.name} on for {leaving.name}"


def timeout(d: Draft, event: Timeout) -> str:
    s = d.state
    team = d.team(event.team)
    if s.phase not in ("firstHalf", "secondHalf"):
        raise violation("Timeouts are taken during a half.")
    require_no_open_raid(d, "timeouts")
    if team.timeouts_left <= 0:
        raise violation(f"{team.name} have no timeouts left in this half.")
    team.timeouts_left -= 1
    pause(d)
    return f"Timeout {team.short_name} ({team.timeouts_left} left this half), clock paused"


def technical(d: Draft, event: Technical) -> str:
    _require_not_finished(d, "technical points")
    s = d.state
    if event.passes_raid:
        _check_turn_passes(d, event.team)
    team = d.team(event.team)
    team.points.technical += event.points
    word = "point" if event.points == 1 else "points"
    line = f"Technical {word} +{event.points} {team.short_name}: {event.reason}"
    if event.passes_raid:
        loser = d.team(s.raiding_team).short_name
        s.raiding_team = event.team
        line += f" — {loser} lose their raid, {team.short_name} raid next"
    return line


def _check_turn_passes(d: Draft, side: Side) -> None:
    s = d.state
    if s.phase not in ("firstHalf", "secondHalf"):
        raise violation("A raid turn is lost only during a half.")
    require_no_open_raid(d, "lost raid turn")
    if s.raiding_team == side:
        raise violation(
            f"{d.team(side).name} raid next already: the point for a lost raid turn goes to "
            f"the other team, {d.team(other(side)).name}."
        )
