"""A realistic 40-minute match of 80 raids, kept as wire JSON, replayed to a known result.

It has raiders out without a tackle, a lost raid turn, a correction and a review."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import TypeAdapter
from rules_kit import stats_of

from relay.rules import MatchState, apply, replay
from relay.rules.events import Card, Correct, Event, Raid, Review, Technical

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
    assert (s.home.score, s.away.score) == (45, 54)
    assert s.home.points.model_dump(by_alias=False) == {
        "raid": 27, "tackle": 10, "all_out": 4, "extra": 4, "technical": 0
    }  # fmt: skip
    assert s.away.points.model_dump(by_alias=False) == {
        "raid": 32, "tackle": 8, "all_out": 4, "extra": 7, "technical": 3
    }  # fmt: skip
    home, away = s.home.extras, s.away.extras
    assert (home.line_out, home.raider_out, home.do_or_die) == (1, 3, 0)
    assert (away.line_out, away.raider_out, away.do_or_die) == (1, 5, 1)
    assert (s.home.all_outs_inflicted, s.away.all_outs_inflicted) == (2, 2)
    assert (s.home.raids, s.away.raids) == (40, 40)
    assert (s.home.tackles, s.away.tackles) == (9, 7)
    assert (s.home.do_or_die_raids, s.home.do_or_die_successful) == (2, 1)
    assert (s.away.do_or_die_raids, s.away.do_or_die_successful) == (3, 3)
    assert (s.home.reviews, s.away.reviews, s.away.reviews_left) == (0, 1, 0)
    assert (s.home.substitutions_used, s.away.substitutions_used) == (0, 1)
    assert s.home.on_court == ["h1", "h7", "h6", "h5", "h3", "h2"]
    assert s.away.out_order == []
    assert (s.clock.half, s.clock.running, s.clock.played_ms) == (2, False, 2_284_859)


def test_full_match_leaders_and_player_statistics() -> None:
    s = final()
    assert s.top_raider is not None
    assert s.top_defender is not None
    assert (s.top_raider.player_id, s.top_raider.team, s.top_raider.points) == ("h2", "home", 12)
    assert (s.top_defender.player_id, s.top_defender.team, s.top_defender.points) == (
        "h4",
        "home",
        3,
    )
    h2 = {k: v for k, v in stats_of(s, "h2").items() if v}
    assert h2 == {
        "raid_points": 12, "touch_points": 10, "bonus_points": 2,
        "raids": 9, "raids_successful": 6, "raids_unsuccessful": 2, "raids_empty": 1,
        "tackles": 4, "tackles_successful": 2, "tackles_failed": 2,
        "super_raids": 1, "do_or_die_raids": 1, "do_or_die_successful": 1, "super10": True,
    }  # fmt: skip
    h4 = {k: v for k, v in stats_of(s, "h4").items() if v}
    assert h4 == {
        "raid_points": 1, "touch_points": 1, "tackle_points": 3,
        "raids": 4, "raids_successful": 1, "raids_unsuccessful": 2, "raids_empty": 1,
        "tackles": 6, "tackles_successful": 2, "tackles_failed": 4, "super_tackles": 1,
    }  # fmt: skip
    assert stats_of(s, "h5")["yellow_cards"] == 1
    assert stats_of(s, "a4")["green_cards"] == 1
    assert [p.status for p in s.away.players if p.id in ("a6", "a9")] == ["bench", "onCourt"]


def as_corrected(log: list[tuple[Event, int]]) -> list[Event]:
    """The log's events as the corrections in it left them (no undo in this log)."""
    events = [event for event, _ in log]
    for event in events:
        if isinstance(event, Correct):
            events[event.target_seq - 1] = event.event
    return [e for e in events if not isinstance(e, Correct)]


def test_full_match_agrees_with_a_tally_of_its_own_log() -> None:
    """Points the log states directly, counted without the engine."""
    log = load()
    events = as_corrected(log)
    s = final()
    raids = [e for e in events if isinstance(e, Raid)]
    assert len(raids) == 80
    assert sum(isinstance(e, Correct) for e, _ in log) == 1
    assert sum(r.raider_out is not None for r in raids) == 8
    side = {p.id: t for t, team in (("home", s.home), ("away", s.away)) for p in team.players}
    for team_side, team in (("home", s.home), ("away", s.away)):
        own = [r for r in raids if side[r.raider_id] == team_side]
        touch = sum(len(r.touched_ids) for r in own if r.raid_type == "successful")
        bonus = sum(r.bonus for r in own)
        assert team.points.raid == touch + bonus
        assert team.extras.line_out == sum(len(r.line_out_ids) for r in own)
        technical = sum(
            e.points for e in events if isinstance(e, Technical) and e.team == team_side
        )
        cards = sum(
            1
            for e in events
            if isinstance(e, Card) and e.color != "green" and side[e.player_id] != team_side
        )
        assert team.points.technical == technical + cards
        theirs = [r for r in raids if side[r.raider_id] != team_side]
        tackled = sum(1 for r in theirs if r.raid_type == "unsuccessful" and not r.raider_out)
        assert team.tackles == tackled
        assert team.extras.raider_out == sum(1 for r in theirs if r.raider_out)
        reviews = sum(1 for e in events if isinstance(e, Review) and e.team == team_side)
        assert team.reviews == reviews


def test_full_match_incremental_equals_replay_and_speaks_every_event() -> None:
    log = load()
    state: MatchState | None = None
    lines = []
    for event, at in log:
        state, line = apply(state, event, at)
        lines.append(line)
    assert state == final()
    assert state is not None
    assert state.last_seq == len(log) == 176
    assert lines[0].startswith("Patna Pirates v Bengaluru Bulls")
    assert lines[-1] == "Full time: Bengaluru Bulls win"
    assert sum("ALL OUT" in line for line in lines) == 4
    assert (
        "CORRECTED #87: Rohit (PAT) raids: out of bounds (+1 BEN) (was: "
        "Rohit (PAT) raids: empty raid)" in lines
    )
    assert "REVIEW BEN — the call on #154 stands (0 reviews left)" in lines
    assert all(lines)
