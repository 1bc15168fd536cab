"""Raids: touches, bonus, tackles, super tackles, line-outs, do-or-die and all outs.

- Raids alternate; the raider must be on the mat for the raiding team.
- successful: 1 point per defender touched (they are out) and 1 per line-out; the
  raiding team revives one player per touch or line-out point. Needs a touch, a
  bonus or a line-out. No tacklers are named: the raider got away.
- unsuccessful: the raider is out, the defence scores 1 (2 for a super tackle, when it
  had ``super_tackle_max_defenders`` or fewer on the mat) and revives exactly 1.
  No touch points: a tackled raider's touches do not count.
- empty: nothing; ``do_or_die_after_empty`` empties in a row make the team's next
  raid do-or-die, and an empty do-or-die raid puts the raider out, gives the defence 1
  (``extra``) and revives 1 of theirs. Any raid that is not empty resets the count.
  The count runs on through half time; the tie-break has no do-or-die.
- bonus: +1 to the raiding team when the defence has ``bonus_min_defenders`` or more on
  the mat; it stands even if the raider is tackled and revives nobody.
- line-outs: defenders who step out are out and give the raiding team 1 point each
  (``extra``); they are allowed with any raid that is not empty. In a tackle, the
  raiding team's revivals for line-outs come before its raider goes out.
- Then a team with nobody left on the mat is all out (the defence first, then the
  raiders).
"""

from __future__ import annotations

from relay.rules import mat, stats, tiebreak
from relay.rules.clock import require_in_play
from relay.rules.draft import Draft, other
from relay.rules.errors import violation
from relay.rules.events import Raid, RaidStart, Side
from relay.rules.state import RaidClock


def _check_raider(d: Draft, raider_id: str) -> Side:
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
    if kind == "successful" and not (event.touched_ids or event.bonus or event.line_out_ids):
        raise violation("A successful raid needs a touch, a bonus or a line-out; else it is empty.")
    if kind == "empty" and (event.bonus or event.line_out_ids):
        raise violation("A raid with a bonus or a line-out is not empty: record it as successful.")


def raid_start(d: Draft, event: RaidStart, now: int) -> str:
    require_in_play(d, "raid")
    side = _check_raider(d, event.raider_id)
    d.state.raid_clock = RaidClock(
        team=side, raider_id=event.raider_id, started_at=now, seconds=d.state.settings.raid_seconds
    )
    line = f"{d.label(event.raider_id)} goes in to raid"
    if _is_do_or_die(d, side):
        line += " — do-or-die"
    return line


def _is_do_or_die(d: Draft, side: Side) -> bool:
    return d.team(side).do_or_die and d.state.phase in ("firstHalf", "secondHalf")


def raid(d: Draft, event: Raid) -> str:
    require_in_play(d, "raid")
    s, settings = d.state, d.state.settings
    attack = _check_raider(d, event.raider_id)
    defence = other(attack)
    _check_shape(event)
    _check_defenders(d, defence, event.touched_ids, "touched player")
    _check_defenders(d, defence, event.line_out_ids, "player out of bounds")
    _check_defenders(d, defence, event.tackler_ids, "tackler")
    defenders = len(d.team(defence).on_court)
    if event.bonus and defenders < settings.bonus_min_defenders:
        raise violation(
            f"No bonus: it needs {settings.bonus_min_defenders} defenders on the mat and "
            f"{d.team(defence).name} have {defenders}."
        )

    att, dfn = d.team(attack), d.team(defence)
    do_or_die = _is_do_or_die(d, attack)
    raider = d.edit(event.raider_id).stats
    raider.raids += 1
    att.raids += 1
    parts: list[str] = []  # what happened, in order
    news: list[str] = []  # what a spectator should not miss, after a dash
    kind = event.raid_type
    touches = len(event.touched_ids) if kind == "successful" else 0
    bonus = 1 if event.bonus else 0
    line_outs = len(event.line_out_ids)

    att.points.raid += touches + bonus
    att.points.extra += line_outs
    stats.raid_points(raider, touches, bonus)
    for pid in event.touched_ids:
        mat.put_out(d, defence, pid)
        stats.tackle_failed(d.edit(pid).stats)
    for pid in event.line_out_ids:
        mat.put_out(d, defence, pid)
    revived = mat.revive(d, attack, touches + line_outs)

    if touches:
        word = "touch point" if touches == 1 else "touch points"
        parts.append(f"{touches} {word} ({d.names(event.touched_ids)})")
    if bonus:
        parts.append("bonus")
    if line_outs:
        parts.append(f"{d.names(event.line_out_ids)} out of bounds (+{line_outs})")

    failed_do_or_die = kind == "empty" and do_or_die
    if kind == "successful":
        raider.raids_successful += 1
    elif kind == "unsuccessful" or failed_do_or_die:
        raider.raids_unsuccessful += 1
        mat.put_out(d, attack, event.raider_id)
        revived_defence = mat.revive(d, defence, 1)
        if kind == "unsuccessful":
            parts.insert(0, _tackle(d, event, defence, defenders))
        else:
            dfn.points.extra += 1
            out = d.name(event.raider_id)
            parts.insert(0, f"empty do-or-die raid, {out} is out (+1 {dfn.short_name})")
        if revived_defence:
            parts.append(f"{d.names(revived_defence)} back for {dfn.short_name}")
    else:
        raider.raids_empty += 1
        parts.insert(0, "empty raid")
    if revived:
        parts.append(f"{d.names(revived)} back for {att.short_name}")
    if touches + bonus >= stats.SUPER_RAID_POINTS:
        news.append("super raid")

    for side in (defence, attack):
        all_out = mat.check_all_out(d, side)
        if all_out:
            news.append(all_out)

    news.extend(_count_empties(d, attack, kind, failed_do_or_die))
    s.raid_clock = None
    s.raiding_team = defence
    result = tiebreak.after_raid(d, attack, event.raider_id)
    if result:
        news.append(result)
    line = f"{d.label(event.raider_id)} raids: " + ", ".join(parts)
    return " — ".join([line, *news])


def _tackle(d: Draft, event: Raid, defence: Side, defenders: int) -> str:
    settings = d.state.settings
    is_super = defenders <= settings.super_tackle_max_defenders
    points = 2 if is_super else 1
    team = d.team(defence)
    team.points.tackle += points
    team.tackles += 1
    for index, pid in enumerate(event.tackler_ids):
        stats.tackle_made(d.edit(pid).stats, points if index == 0 else 0, is_super)
    by = f" by {d.names(event.tackler_ids)}" if event.tackler_ids else ""
    what = f"SUPER TACKLE{by} (+2 {team.short_name})" if is_super else f"tackled{by}"
    return what


def _count_empties(d: Draft, side: Side, kind: str, failed_do_or_die: bool) -> list[str]:
    threshold = d.state.settings.do_or_die_after_empty
    team = d.team(side)
    if threshold == 0 or d.state.phase not in ("firstHalf", "secondHalf"):
        return []
    team.empty_raids = team.empty_raids + 1 if kind == "empty" and not failed_do_or_die else 0
    team.do_or_die = team.empty_raids >= threshold
    return [f"next {team.short_name} raid is do-or-die"] if team.do_or_die else []
