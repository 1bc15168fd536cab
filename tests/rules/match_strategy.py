"""Hypothesis: random valid matches, each next event derived from the current state."""

from __future__ import annotations

from hypothesis import strategies as st

from relay.rules import MatchState
from relay.rules.demo import demo_setup
from relay.rules.draft import other
from relay.rules.events import (
    Card,
    Clock,
    Correct,
    Event,
    Raid,
    RaiderOut,
    RaidStart,
    Review,
    Side,
    Substitution,
    Technical,
    Timeout,
    Toss,
    Undo,
)
from relay.rules.history import steps
from relay.rules.settings import SettingsOverrides

IN_PLAY = ("firstHalf", "secondHalf", "tieBreak", "goldenRaid")
HALVES = ("firstHalf", "secondHalf")
REASONS: list[RaiderOut] = ["outOfBounds", "lobby", "baulkLine", "cant", "timeUp"]


def setups() -> st.SearchStrategy[Event]:
    return st.builds(
        lambda rules, first, tie_break, dod, golden, reviews: demo_setup(
            rules=rules,
            first_raid=first,
            settings=SettingsOverrides(
                tie_break=tie_break,
                do_or_die_after_empty=dod,
                golden_raid=golden,
                reviews_per_match=reviews,
            ),
        ),
        st.sampled_from(["pkl", "amateur"]),
        st.sampled_from(["home", "away"]),
        st.sampled_from(["none", "fiveRaids"]),
        st.sampled_from([None, 0, 1, 2, 3]),
        st.sampled_from(["single", "eachTeam"]),
        st.sampled_from([None, 0, 2]),
    )


def _subset(draw: st.DrawFn, ids: list[str], most: int) -> tuple[str, ...]:
    if not ids or most <= 0:
        return ()
    chosen = draw(st.lists(st.sampled_from(ids), max_size=most, unique=True))
    return tuple(chosen)


def toss_due(state: MatchState) -> bool:
    tb = state.tie_break
    if state.phase != "goldenRaid" or tb is None:
        return False
    most = 2 if state.settings.golden_raid == "eachTeam" else 1
    return tb.golden_toss is None or len(tb.golden_raids) >= most


def _raiders(state: MatchState) -> list[str]:
    if state.raid_clock is not None:
        return [state.raid_clock.raider_id]
    if toss_due(state):
        return []
    side = state.raiding_team
    team = state.home if side == "home" else state.away
    used = state.tie_break.raids[side] if state.tie_break and state.phase == "tieBreak" else []
    return [p for p in team.on_court if p not in used]


def raid(draw: st.DrawFn, state: MatchState, n: int, raider: str | None = None) -> Raid:
    raider = raider or draw(st.sampled_from(_raiders(state)))
    defence_side: Side = other(state.raiding_team)
    defence = state.home if defence_side == "home" else state.away
    defenders = list(defence.on_court)
    tie_break = state.phase in ("tieBreak", "goldenRaid")
    bonus_ok = tie_break or len(defenders) >= state.settings.bonus_min_defenders
    kind = draw(st.sampled_from(["successful", "successful", "unsuccessful", "empty"]))
    raider_out = draw(st.sampled_from([None, None, *REASONS]))
    if kind == "empty" or not defenders:
        # With nobody to touch (every defender suspended or sent off) a raid is empty or a
        # raider out.
        if kind == "unsuccessful":
            return Raid(
                client_event_id=f"e{n}",
                raider_id=raider,
                raid_type="unsuccessful",
                raider_out=raider_out,
            )
        return Raid(client_event_id=f"e{n}", raider_id=raider, raid_type="empty")
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
        tackler_ids=() if raider_out else _subset(draw, rest, 3),
        raider_out=raider_out,
        bonus=bonus and raider_out != "baulkLine",
        line_out_ids=line_outs,
    )


def _players(state: MatchState) -> list[tuple[str, str, bool]]:
    return [
        (p.id, p.status, p.suspension_due_ms is not None)
        for team in (state.home, state.away)
        for p in team.players
    ]


def correctable_raids(state: MatchState, corrected: set[int]) -> list[int]:
    """Seqs of raids in effect that may be corrected (not corrected or reviewed before)."""
    chain = steps(state)
    reviewed = {link.event.target_seq for link in chain if isinstance(link.event, Review)}
    return [
        link.seq
        for link in chain
        if isinstance(link.event, Raid) and link.seq not in corrected | reviewed
    ]


def _corrected_raid(draw: st.DrawFn, state: MatchState, seq: int, n: int) -> Raid:
    """Another call for the raid ``seq``, by the same raider, as its state before allowed."""
    link = next(link for link in steps(state) if link.seq == seq)
    assert isinstance(link.event, Raid)
    return raid(draw, link.before, n, raider=link.event.raider_id)


@st.composite
def next_events(
    draw: st.DrawFn,
    state: MatchState,
    n: int,
    can_undo: bool,
    end_weight: int = 1,
    corrected: frozenset[int] = frozenset(),
) -> Event | None:
    """A random event the rules accept in ``state``; None when nothing is left to do.

    ``end_weight`` makes halves end sooner (more matches reach full time and tie-breaks).
    Corrections and reviews may be refused when a later event no longer fits.
    """
    options: list[str] = []
    phase = state.phase
    open_raid = state.raid_clock is not None
    if phase == "finished" and (not can_undo or draw(st.booleans())):
        return None
    if phase in ("scheduled", "halfTime", "fullTime"):
        options += ["start"] * 6
    if toss_due(state):
        options += ["toss"] * 10
    if phase in IN_PLAY:
        if _raiders(state):
            options += ["raid"] * 30 + ([] if open_raid else ["raidStart"] * 2)
        if state.clock.running:
            options.append("pause")
        elif not state.half_ends_after_raid:
            options.append("resume")
        if phase in HALVES:
            if not state.half_ends_after_raid:
                options += ["endHalf"] * end_weight
            if not open_raid:
                options.append("lostTurn")
                if any(t.timeouts_left for t in (state.home, state.away)):
                    options.append("timeout")
    if phase != "finished":
        options.append("technical")
        if not open_raid:
            options += ["card"] + ["substitution"] * 2
    raids = correctable_raids(state, set(corrected))
    if raids:
        options += ["correct"] * 3
        if not open_raid and any(t.reviews_left for t in (state.home, state.away)):
            options += ["review"] * 2
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
    if choice == "toss":
        return Toss(client_event_id=cid, winner=draw(st.sampled_from(["home", "away"])))
    if choice == "raid":
        return raid(draw, state, n)
    if choice == "raidStart":
        return RaidStart(client_event_id=cid, raider_id=draw(st.sampled_from(_raiders(state))))
    if choice == "timeout":
        sides = [s for s, t in (("home", state.home), ("away", state.away)) if t.timeouts_left]
        return Timeout(client_event_id=cid, team=draw(st.sampled_from(sides)))
    if choice in ("technical", "lostTurn"):
        lost = choice == "lostTurn"
        return Technical(
            client_event_id=cid,
            team=other(state.raiding_team) if lost else draw(st.sampled_from(["home", "away"])),
            points=draw(st.integers(1, 2)),
            reason="raid not begun in time" if lost else "misconduct",
            passes_raid=lost,
        )
    if choice == "card":
        players = [(pid, st_, due) for pid, st_, due in _players(state) if st_ != "sentOff"]
        pid, status, due = draw(st.sampled_from(players))
        yellow_ok = status in ("onCourt", "out") and not due
        colors = ["green"] * 4 + (["yellow"] * 3 if yellow_ok else []) + ["red"]
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
    if choice == "correct":
        seq = draw(st.sampled_from(raids))
        return Correct(
            client_event_id=cid, target_seq=seq, event=_corrected_raid(draw, state, seq, n)
        )
    if choice == "review":
        seq = next(link.seq for link in steps(state) if isinstance(link.event, Raid))
        sides = [s for s, t in (("home", state.home), ("away", state.away)) if t.reviews_left]
        overturned = draw(st.booleans())
        return Review(
            client_event_id=cid,
            team=draw(st.sampled_from(sides)),
            target_seq=seq,
            overturned=overturned,
            event=_corrected_raid(draw, state, seq, n) if overturned else None,
        )
    assert choice == "undo"
    return Undo(client_event_id=cid, target_seq=1)  # the test sets the real target
