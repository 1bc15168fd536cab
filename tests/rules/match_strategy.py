"""Hypothesis: random valid matches, each next event derived from the current state."""

from __future__ import annotations

from hypothesis import strategies as st

from relay.rules import MatchState
from relay.rules.demo import demo_setup
from relay.rules.draft import other
from relay.rules.events import (
    Card,
    Clock,
    Event,
    Raid,
    RaidStart,
    Side,
    Substitution,
    Technical,
    Timeout,
    Undo,
)
from relay.rules.settings import SettingsOverrides

IN_PLAY = ("firstHalf", "secondHalf", "tieBreak", "goldenRaid")


def setups() -> st.SearchStrategy[Event]:
    return st.builds(
        lambda rules, first, tie_break, dod: demo_setup(
            rules=rules,
            first_raid=first,
            settings=SettingsOverrides(tie_break=tie_break, do_or_die_after_empty=dod),
        ),
        st.sampled_from(["pkl", "amateur"]),
        st.sampled_from(["home", "away"]),
        st.sampled_from(["none", "fiveRaids"]),
        st.sampled_from([None, 0, 1, 2, 3]),
    )


def _subset(draw: st.DrawFn, ids: list[str], most: int) -> tuple[str, ...]:
    if not ids or most <= 0:
        return ()
    chosen = draw(st.lists(st.sampled_from(ids), max_size=most, unique=True))
    return tuple(chosen)


def _raiders(state: MatchState) -> list[str]:
    side = state.raiding_team
    team = state.home if side == "home" else state.away
    used = state.tie_break.raids[side] if state.tie_break and state.phase == "tieBreak" else []
    return [p for p in team.on_court if p not in used]


def raid(draw: st.DrawFn, state: MatchState, n: int) -> Event:
    raider = draw(st.sampled_from(_raiders(state)))
    defence_side: Side = other(state.raiding_team)
    defence = state.home if defence_side == "home" else state.away
    defenders = list(defence.on_court)
    bonus_ok = len(defenders) >= state.settings.bonus_min_defenders
    kind = draw(st.sampled_from(["successful", "successful", "unsuccessful", "empty"]))
    if kind == "empty" or not defenders:
        # With nobody to touch (every defender suspended or sent off) a raid is empty or a
        # raider stepping out.
        empty_kind = "unsuccessful" if kind == "unsuccessful" else "empty"
        return Raid(client_event_id=f"e{n}", raider_id=raider, raid_type=empty_kind)
    line_outs = _subset(draw, defenders, 1) if draw(st.integers(0, 9)) == 0 else ()
    rest = [d for d in defenders if d not in line_outs]
    bonus = bonus_ok and draw(st.booleans())
    if kind == "successful":
        touched = _subset(draw, rest, 4)
        if not (touched or line_outs or bonus):
            touched = (rest[0],) if rest else ()
            if not touched:
                line_outs = (defenders[0],)
        return Raid(
            client_event_id=f"e{n}",
            raider_id=raider,
            raid_type="successful",
            touched_ids=touched,
            bonus=bonus,
            line_out_ids=line_outs,
        )
    return Raid(
        client_event_id=f"e{n}",
        raider_id=raider,
        raid_type="unsuccessful",
        tackler_ids=_subset(draw, rest, 3),
        bonus=bonus,
        line_out_ids=line_outs,
    )


def _players(state: MatchState) -> list[tuple[str, str]]:
    return [(p.id, p.status) for team in (state.home, state.away) for p in team.players]


@st.composite
def next_events(
    draw: st.DrawFn, state: MatchState, n: int, can_undo: bool, end_weight: int = 1
) -> Event | None:
    """A random event the rules accept in ``state``; None when nothing is left to do.

    ``end_weight`` makes halves end sooner (more matches reach full time and tie-breaks).
    """
    options: list[str] = []
    phase = state.phase
    if phase == "finished" and (not can_undo or draw(st.booleans())):
        return None
    if phase in ("scheduled", "halfTime", "fullTime"):
        options += ["start"] * 6
    if phase in IN_PLAY:
        if _raiders(state):
            options += ["raid"] * 30 + ["raidStart"] * 2
        options.append("pause" if state.clock.running else "resume")
        if phase in ("firstHalf", "secondHalf"):
            options += ["endHalf"] * end_weight
            if any(t.timeouts_left for t in (state.home, state.away)):
                options.append("timeout")
    if phase != "finished":
        options += ["card", "technical"]
        if state.raid_clock is None:
            options += ["substitution"] * 2
    if can_undo:
        options += ["undo"] * 3
    if not options:
        return None
    choice = draw(st.sampled_from(options))
    cid = f"e{n}"
    if choice == "start":
        return Clock(client_event_id=cid, action="start")
    if choice in ("pause", "resume", "endHalf"):
        return Clock(client_event_id=cid, action=choice)
    if choice == "raid":
        return raid(draw, state, n)
    if choice == "raidStart":
        return RaidStart(client_event_id=cid, raider_id=draw(st.sampled_from(_raiders(state))))
    if choice == "timeout":
        sides = [s for s, t in (("home", state.home), ("away", state.away)) if t.timeouts_left]
        return Timeout(client_event_id=cid, team=draw(st.sampled_from(sides)))
    if choice == "technical":
        return Technical(
            client_event_id=cid,
            team=draw(st.sampled_from(["home", "away"])),
            points=draw(st.integers(1, 2)),
            reason="misconduct",
        )
    if choice == "card":
        players = [(pid, status) for pid, status in _players(state) if status != "sentOff"]
        pid, status = draw(st.sampled_from(players))
        colors = ["green"] * 4 + (["yellow"] * 3 if status in ("onCourt", "out") else []) + ["red"]
        return Card(client_event_id=cid, player_id=pid, color=draw(st.sampled_from(colors)))
    if choice == "substitution":
        pairs = []
        for team in (state.home, state.away):
            if team.substitutions_used >= state.settings.max_substitutions:
                continue
            bench = [p.id for p in team.players if p.status == "bench"]
            pairs += [(o, i) for o in team.on_court for i in bench]
        if not pairs:
            return Technical(client_event_id=cid, team="home", points=1, reason="misconduct")
        out_id, in_id = draw(st.sampled_from(pairs))
        return Substitution(client_event_id=cid, out_id=out_id, in_id=in_id)
    assert choice == "undo"
    return Undo(client_event_id=cid, target_seq=1)  # the test sets the real target
