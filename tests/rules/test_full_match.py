"""A realistic 40-minute match of 80 raids, kept as wire JSON, replayed to a known result."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import TypeAdapter
from rules_kit import stats_of

from relay.rules import MatchState, apply, replay
from relay.rules.events import Card, Event, Raid, Technical

FIXTURE = Path(__file__).with_name("fixtures") / "full_match.json"


def load() -> list[tuple[Event, int]]:
    adapter: TypeAdapter[Event] = TypeAdapter(Event)
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return [(adapter.validate_python(row["event"]), row["at"]) for row in rows]


def final() -> MatchState:
    state = replay(load())
    assert state is not None
    return state


def test_full_match_result() -> None:
    s = final()
    assert (s.phase, s.winner) == ("finished", "away")
    assert (s.home.score, s.away.score) == (40, 44)
    assert s.home.points.model_dump(by_alias=False) == {
        "raid": 23, "tackle": 14, "all_out": 2, "extra": 1, "technical": 0
    }  # fmt: skip
    assert s.away.points.model_dump(by_alias=False) == {
        "raid": 24, "tackle": 12, "all_out": 4, "extra": 2, "technical": 2
    }  # fmt: skip
    assert (s.home.all_outs_inflicted, s.away.all_outs_inflicted) == (1, 2)
    assert (s.home.raids, s.away.raids) == (40, 40)
    assert (s.home.tackles, s.away.tackles) == (13, 9)
    assert (s.home.substitutions_used, s.away.substitutions_used) == (0, 1)
    assert s.home.on_court == ["h3", "h6", "h5", "h7", "h1"]
    assert s.away.out_order == ["a2", "a3"]
    assert (s.clock.half, s.clock.running, s.clock.played_ms) == (2, False, 2_264_769)


def test_full_match_leaders_and_player_statistics() -> None:
    s = final()
    assert s.top_raider is not None
    assert s.top_defender is not None
    assert (s.top_raider.player_id, s.top_raider.team, s.top_raider.points) == ("a5", "away", 9)
    assert (s.top_defender.player_id, s.top_defender.team, s.top_defender.points) == (
        "h6",
        "home",
        7,
    )
    a5 = {k: v for k, v in stats_of(s, "a5").items() if v}
    assert a5 == {
        "raid_points": 9, "touch_points": 7, "bonus_points": 2, "tackle_points": 3,
        "raids": 9, "raids_successful": 5, "raids_unsuccessful": 2, "raids_empty": 2,
        "tackles": 5, "tackles_successful": 3, "tackles_failed": 2,
        "super_raids": 1, "super_tackles": 1,
    }  # fmt: skip
    h6 = {k: v for k, v in stats_of(s, "h6").items() if v}
    assert h6 == {
        "raid_points": 3, "touch_points": 2, "bonus_points": 1, "tackle_points": 7,
        "raids": 5, "raids_successful": 2, "raids_unsuccessful": 1, "raids_empty": 2,
        "tackles": 7, "tackles_successful": 6, "tackles_failed": 1,
        "super_tackles": 1, "high5": True,
    }  # fmt: skip
    assert stats_of(s, "h5")["yellow_cards"] == 1
    assert stats_of(s, "a4")["green_cards"] == 1
    assert [p.status for p in s.away.players if p.id in ("a6", "a9")] == ["bench", "onCourt"]


def test_full_match_agrees_with_a_tally_of_its_own_log() -> None:
    """Points the log states directly, counted without the engine."""
    log = load()
    s = final()
    raids = [e for e, _ in log if isinstance(e, Raid)]
    assert len(raids) == 80
    side = {p.id: t for t, team in (("home", s.home), ("away", s.away)) for p in team.players}
    for team_side, team in (("home", s.home), ("away", s.away)):
        own = [r for r in raids if side[r.raider_id] == team_side]
        touch = sum(len(r.touched_ids) for r in own if r.raid_type == "successful")
        bonus = sum(r.bonus for r in own)
        assert team.points.raid == touch + bonus
        technical = sum(
            e.points for e, _ in log if isinstance(e, Technical) and e.team == team_side
        )
        cards = sum(
            1
            for e, _ in log
            if isinstance(e, Card) and e.color != "green" and side[e.player_id] != team_side
        )
        assert team.points.technical == technical + cards
        tackled = sum(
            1 for r in raids if side[r.raider_id] != team_side and r.raid_type == "unsuccessful"
        )
        assert team.tackles == tackled


def test_full_match_incremental_equals_replay_and_speaks_every_event() -> None:
    log = load()
    state: MatchState | None = None
    lines = []
    for event, at in log:
        state, line = apply(state, event, at)
        lines.append(line)
    assert state == final()
    assert state is not None
    assert state.last_seq == len(log) == 173
    assert lines[0].startswith("Patna Pirates v Bengaluru Bulls")
    assert lines[-1] == "Full time: Bengaluru Bulls win"
    assert sum("ALL OUT" in line for line in lines) == 3
    assert all(lines)
