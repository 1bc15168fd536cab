"""Properties over random valid matches: invariants, replay, undo, no mutation."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from match_strategy import next_events, setups
from rules_kit import parts_sum

from relay.rules import MatchState, apply, replay
from relay.rules.events import Event, Undo
from relay.rules.history import undoable_seqs


def content(state: MatchState) -> dict[str, object]:
    data: dict[str, object] = json.loads(state.model_dump_json())
    del data["lastSeq"], data["lastEventAt"]
    return data


def check_invariants(state: MatchState) -> None:
    for team in (state.home, state.away):
        assert team.score == parts_sum(team)
        assert 0 <= len(team.on_court) <= 7
        assert len(set(team.on_court)) == len(team.on_court)
        by_status: dict[str, set[str]] = {}
        for p in team.players:
            by_status.setdefault(p.status, set()).add(p.id)
        assert set(team.on_court) == by_status.get("onCourt", set())
        assert set(team.out_order) == by_status.get("out", set())
        in_game = len(team.on_court) + len(team.out_order) + len(by_status.get("suspended", ()))
        assert in_game <= 7
        assert team.timeouts_left >= 0
        assert team.substitutions_used <= state.settings.max_substitutions
        for p in team.players:
            s = p.stats
            assert s.raid_points == s.touch_points + s.bonus_points
            assert s.raids == s.raids_successful + s.raids_unsuccessful + s.raids_empty
            assert s.tackles == s.tackles_successful + s.tackles_failed
            assert s.super10 == (s.raid_points >= 10)
            assert s.high5 == (s.tackle_points >= 5)
            assert (p.status == "suspended") == (p.suspended_until_ms is not None)
    assert (state.winner is not None) == (state.phase == "finished")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), setups())
def test_random_valid_matches(data: st.DataObject, setup: Event) -> None:
    now = 1_000_000
    state, _ = apply(None, setup, now)
    log: list[tuple[Event, int]] = [(setup, now)]
    effective = [1]  # seqs of the events still in effect
    length = data.draw(st.integers(20, 150), label="length")
    end_weight = data.draw(st.sampled_from([1, 4, 8]), label="end weight")
    for n in range(length):
        chosen = data.draw(next_events(state, n, len(effective) > 1, end_weight))
        if chosen is None:
            break
        if isinstance(chosen, Undo):
            chosen = chosen.model_copy(update={"target_seq": effective[-1]})
        now += data.draw(st.integers(0, 30_000), label="gap")
        before_json = state.model_dump_json()
        new, line = apply(state, chosen, now)
        assert state.model_dump_json() == before_json, "apply mutated its input"
        assert new.last_seq == state.last_seq + 1
        assert new.last_event_at == now
        assert line, "every event has its commentary"
        check_invariants(new)
        if isinstance(chosen, Undo):
            effective.pop()
        else:
            effective.append(new.last_seq)
            undone, undo_line = apply(new, Undo(client_event_id="u", target_seq=new.last_seq), now)
            assert content(undone) == content(state)
            assert undo_line.startswith("Undone: ")
        state = new
        log.append((chosen, now))
    assert undoable_seqs(state) == effective[:0:-1]
    replayed = replay(log)
    assert replayed == state
    assert replayed is not None
    assert undoable_seqs(replayed) == undoable_seqs(state)
    assert replayed.model_dump_json() == state.model_dump_json()
