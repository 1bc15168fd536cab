"""Raids: touches, bonus, tackles, raiders out, line-outs, do-or-die, revivals, all outs.

- Raids alternate; the raider must be on the mat for the raiding team. A team with
  nobody on the mat cannot raid: its turn passes to the other team.
- The raid clock: ``raidStart`` opens a raid; while it is open another ``raidStart`` is
  refused, and the result must be for the raider who started it.
- successful: 1 point per defender touched (they are out) and 1 per line-out. Needs a
  touch, a bonus or a line-out. No tacklers are named: the raider got away.
- unsuccessful: the raider is out. Either he was caught (``tackler_ids``, possibly none
  named): the defence scores a tackle, 1 point, or 2 for a super tackle when it had
  ``super_tackle_max_defenders`` or fewer on the mat; or he went out by himself
  (``raider_out``: out of bounds, into the lobby without a touch, short of the baulk
  line, lost his cant, out of time): the defence scores 1 (``extra``), which is not a
  tackle and never a super tackle. Not both. A caught raider's touches do not count.
- empty: nothing; ``do_or_die_after_empty`` empties in a row make the team's next
  raid do-or-die, and an empty do-or-die raid puts the raider out and gives the defence
  1 (``extra``). Any raid that is not empty resets the count. The count runs on through
  half time and lost raid turns do not count.
- bonus: +1 to the raiding team when the defence has ``bonus_min_defenders`` or more on
  the mat; it stands even if the raider is out, and revives nobody. Not with a raider who
  did not cross the baulk line.
- line-outs: defenders who step out are out and give the raiding team 1 point each
  (``extra``); they are allowed with any raid that is not empty.
- Revivals are settled at the end of the raid, after all its outs: each side revives
  one player per point it scored that puts an opponent out (a touch, a line-out, the
  raider out: a super tackle revives one), first out, first back, players who went out
  in this raid included.
- Then a team with nobody left on the mat is all out (the defence first, then the
  raiders).
- In the tie-break nobody goes out or comes back (see :mod:`~relay.rules.tiebreak`).
"""

from __future__ import annotations

from relay.rules import clock, mat, stats, tiebreak
from relay.rules.clock import require_in_play
from relay.rules.draft import Draft, other
from relay.rules.errors import violation
from relay.rules.events import Raid, RaiderOut, RaidStart, Side
from relay.rules.state import RaidClock

RAIDER_OUT: dict[RaiderOut, str] = {
    "outOfBounds": "out of bounds",
    "lobby": "out in the lobby",
    "baulkLine": "short of the baulk line",
    "cant": "lost his cant",
    "timeUp": "out of time",
}


def _check_raider(d: Draft, raider_id: str) -> Side:
    tiebreak.check_toss(d)
    side = d.state.raiding_team
    team = d.team(side)
    if raider_id in team.on_court:
        tiebreak.check_raider(d, raider_id)
        return side
    owner = d.side_of(raider_id)
    if owner is None:
        raise violation(f"There is no player {raider_id} in either squad.")
    if owner != side:
        raise violation(
            f"{team.name} raid now, and {d.label(raider_id)} plays for {d.team(owner).name}."
        )
    raise violation(f"Raider {raider_id} is not on the mat: {d.roster(side)}.")


def _check_open_raid(d: Draft, raider_id: str, correcting: bool) -> None:
    open_raid = d.state.raid_clock
    if open_raid is None or open_raid.raider_id == raider_id or correcting:
        return
    raise violation(
        f"The open raid is {d.label(open_raid.raider_id)}'s: enter its result for him "
        f"(or correct the raid start)."
    )


def _check_defenders(d: Draft, side: Side, ids: tuple[str, ...], role: str) -> None:
    team = d.team(side)
    if len(set(ids)) != len(ids):
        raise violation(f"A player is named twice among the {role}: {', '.join(ids)}.")
    for pid in ids:
        if pid not in team.on_court:
            raise violation(
                f"{role.capitalize()} {pid} is not a defender on the mat: {d.roster(side)}."
            )


def _check_shape(event: Raid) -> None:
    kind = event.raid_type
    if set(event.touched_ids) & set(event.line_out_ids):
        raise violation("A defender cannot be both touched and out of bounds in one raid.")
    if set(event.tackler_ids) & set(event.line_out_ids):
        raise violation("A defender who stepped out of bounds cannot be a tackler.")
    if kind != "successful" and event.touched_ids:
        raise violation(
            "Touch points count only when the raider gets back: record a successful raid, "
            "or leave the touches out of a tackle."
        )
    if kind != "unsuccessful" and event.tackler_ids:
        raise violation("Tacklers are named only when the raider is tackled (unsuccessful raid).")
    if kind != "unsuccessful" and event.raider_out:
        raise violation("A raider out is an unsuccessful raid: record it as unsuccessful.")
    if event.raider_out and event.tackler_ids:
        raise violation(
            "A raider is either tackled (tacklers) or out by himself (raider out), not both."
        )
    if event.raider_out == "baulkLine" and event.bonus:
        raise violation("A raider who did not cross the baulk line cannot have a bonus.")
    if kind == "successful" and not (event.touched_ids or event.bonus or event.line_out_ids):
        raise violation("A successful raid needs a touch, a bonus or a line-out; else it is empty.")
    if kind == "empty" and (event.bonus or event.line_out_ids):
        raise violation("A raid with a bonus or a line-out is not empty: record it as successful.")


def raid_start(d: Draft, event: RaidStart, now: int) -> str:
    require_in_play(d, "raid")
    open_raid = d.state.raid_clock
    if open_raid is not None:
        raise violation(
            f"A raid is open ({d.label(open_raid.raider_id)} is raiding): "
            "enter the raid's result first."
        )
    side = _check_raider(d, event.raider_id)
    d.state.raid_clock = RaidClock(
        team=side, raider_id=event.raider_id, started_at=now, seconds=d.state.settings.raid_seconds
    )
    line = f"{d.label(event.raider_id)} goes in to raid"
    if is_do_or_die(d, side):
        line += " — do-or-die"
    return line


def is_do_or_die(d: Draft, side: Side) -> bool:
    if tiebreak.in_tie_break(d):
        return True
    return d.team(side).do_or_die and d.state.phase in ("firstHalf", "secondHalf")


def raid(d: Draft, event: Raid, correcting: bool = False) -> str:
    """Score a raid. ``correcting``: a correction may name another raider than the open
    raid's (the referee's call replaces the scorer's)."""
    require_in_play(d, "raid")
    s, settings = d.state, d.state.settings
    attack = _check_raider(d, event.raider_id)
    _check_open_raid(d, event.raider_id, correcting)
    defence = other(attack)
    _check_shape(event)
    _check_defenders(d, defence, event.touched_ids, "touched player")
    _check_defenders(d, defence, event.line_out_ids, "player out of bounds")
    _check_defenders(d, defence, event.tackler_ids, "tackler")
    tie_break = tiebreak.in_tie_break(d)
    defenders = len(d.team(defence).on_court)
    if event.bonus and not tie_break and defenders < settings.bonus_min_defenders:
        raise violation(
            f"No bonus: it needs {settings.bonus_min_defenders} defenders on the mat and "
            f"{d.team(defence).name} have {defenders}."
        )

    att = d.team(attack)
    do_or_die = is_do_or_die(d, attack)
    raider = d.edit(event.raider_id).stats
    raider.raids += 1
    att.raids += 1
    if do_or_die:
        raider.do_or_die_raids += 1
        att.do_or_die_raids += 1
    parts: list[str] = []  # what happened, in order
    news: list[str] = []  # what a spectator should not miss, after a dash
    kind = event.raid_type
    touches = len(event.touched_ids) if kind == "successful" else 0
    bonus = 1 if event.bonus else 0
    line_outs = len(event.line_out_ids)

    att.points.raid += touches + bonus
    att.extras.line_out += line_outs
    stats.raid_points(raider, touches, bonus)
    for pid in event.touched_ids:
        stats.tackle_failed(d.edit(pid).stats)
    if touches:
        word = "touch point" if touches == 1 else "touch points"
        parts.append(f"{touches} {word} ({d.names(event.touched_ids)})")
    if bonus:
        parts.append("bonus")
    if line_outs:
        parts.append(f"{d.names(event.line_out_ids)} out of bounds (+{line_outs})")

    failed_do_or_die = kind == "empty" and do_or_die
    raider_is_out = kind == "unsuccessful" or failed_do_or_die
    if kind == "successful":
        raider.raids_successful += 1
        if do_or_die:
            raider.do_or_die_successful += 1
            att.do_or_die_successful += 1
    elif raider_is_out:
        raider.raids_unsuccessful += 1
        parts.insert(0, _raider_out(d, event, defence, defenders, tie_break))
    else:
        raider.raids_empty += 1
        parts.insert(0, "empty raid")

    if not tie_break:
        for pid in (*event.touched_ids, *event.line_out_ids):
            mat.put_out(d, defence, pid)
        if raider_is_out:
            mat.put_out(d, attack, event.raider_id)
        back, suspended = mat.revive(d, defence, 1 if raider_is_out else 0)
        parts += mat.revival_line(d, defence, back, suspended)
        back, suspended = mat.revive(d, attack, touches + line_outs)
        parts += mat.revival_line(d, attack, back, suspended)
    if touches + bonus >= stats.SUPER_RAID_POINTS:
        news.append("super raid")

    for side in (defence, attack):
        all_out = mat.check_all_out(d, side)
        if all_out:
            news.append(all_out)

    news.extend(_count_empties(d, attack, kind, failed_do_or_die))
    s.raid_clock = None
    s.raiding_team = defence
    d.rescore()  # the tie-break compares the scores after this raid
    result = tiebreak.after_raid(d, attack, event.raider_id)
    if result:
        news.append(result)
    if s.half_ends_after_raid:
        news.append(clock.end_half(d))
    line = f"{d.label(event.raider_id)} raids: " + ", ".join(parts)
    return " — ".join([line, *news])


def _raider_out(d: Draft, event: Raid, defence: Side, defenders: int, tie_break: bool) -> str:
    """Score the raider's exit for the defence; the commentary for it."""
    team = d.team(defence)
    if event.raid_type == "empty":
        team.extras.do_or_die += 1
        if tie_break:
            return f"empty raid (+1 {team.short_name})"
        return f"empty do-or-die raid, {d.name(event.raider_id)} is out (+1 {team.short_name})"
    if event.raider_out is not None:
        team.extras.raider_out += 1
        return f"{RAIDER_OUT[event.raider_out]} (+1 {team.short_name})"
    is_super = not tie_break and defenders <= d.state.settings.super_tackle_max_defenders
    points = 2 if is_super else 1
    team.points.tackle += points
    team.tackles += 1
    for index, pid in enumerate(event.tackler_ids):
        stats.tackle_made(d.edit(pid).stats, points if index == 0 else 0, is_super)
    by = f" by {d.names(event.tackler_ids)}" if event.tackler_ids else ""
    return f"SUPER TACKLE{by} (+2 {team.short_name})" if is_super else f"tackled{by}"


def _count_empties(d: Draft, side: Side, kind: str, failed_do_or_die: bool) -> list[str]:
    threshold = d.state.settings.do_or_die_after_empty
    team = d.team(side)
    if threshold == 0 or d.state.phase not in ("firstHalf", "secondHalf"):
        return []
    team.empty_raids = team.empty_raids + 1 if kind == "empty" and not failed_do_or_die else 0
    team.do_or_die = team.empty_raids >= threshold
    return [f"next {team.short_name} raid is do-or-die"] if team.do_or_die else []


def pass_turn_if_nobody(d: Draft) -> str | None:
    """A team with nobody on the mat cannot raid: the other team raids instead."""
    s = d.state
    side = s.raiding_team
    if s.phase not in clock.IN_PLAY or s.raid_clock is not None or d.team(side).on_court:
        return None
    if not d.team(other(side)).on_court:
        return None
    s.raiding_team = other(side)
    return (
        f"{d.team(side).name} have nobody on the mat to raid: "
        f"{d.team(s.raiding_team).short_name} raid"
    )
