"""Properties over random valid matches: invariants, replay, undo, no mutation."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from match_strategy import next_events, setups
from rules_kit import parts_sum

from relay.rules import MatchState, RuleError, apply, replay
from relay.rules.events import Correct, Event, Review, Undo
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
        e = team.extras
        assert team.points.extra == e.line_out + e.raider_out + e.do_or_die
        assert team.reviews_kept <= team.reviews
        assert team.reviews_left == state.settings.reviews_per_match - (
            team.reviews - team.reviews_kept
        )
        assert team.do_or_die_successful <= team.do_or_die_raids
        for p in team.players:
            s = p.stats
            assert s.do_or_die_successful <= s.do_or_die_raids
            assert s.raid_points == s.touch_points + s.bonus_points
            assert s.raids == s.raids_successful + s.raids_unsuccessful + s.raids_empty
            assert s.tackles == s.tackles_successful + s.tackles_failed
            assert s.super10 == (s.raid_points >= 10)
            assert s.high5 == (s.tackle_points >= 5)
            assert (p.status == "suspended") == (p.suspended_until_ms is not None)
            assert p.suspension_due_ms is None or p.status == "out"
    assert (state.winner is not None) == (state.phase == "finished")
    assert not state.half_ends_after_raid or state.raid_clock is not None


def corrected_log(
    log: list[tuple[Event, int]], target_seq: int, event: Event
) -> list[tuple[Event, int]]:
    """The log as it would be had the event ``target_seq`` been right the first time."""
    _original, at = log[target_seq - 1]
    fixed = list(log)
    fixed[target_seq - 1] = (event, at)
    return fixed


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), setups())
def test_random_valid_matches(data: st.DataObject, setup: Event) -> None:
    now = 1_000_000
    state, _ = apply(None, setup, now)
    log: list[tuple[Event, int]] = [(setup, now)]
    effective = [1]  # seqs of the events still in effect
    corrected: set[int] = set()
    length = data.draw(st.integers(20, 150), label="length")
    end_weight = data.draw(st.sampled_from([1, 4, 8]), label="end weight")
    for n in range(length):
        chosen = data.draw(
            next_events(state, n, len(effective) > 1, end_weight, frozenset(corrected))
        )
        if chosen is None:
            break
        if isinstance(chosen, Undo):
            chosen = chosen.model_copy(update={"target_seq": effective[-1]})
        now += data.draw(st.integers(0, 30_000), label="gap")
        before_json = state.model_dump_json()
        try:
            new, line = apply(state, chosen, now)
        except RuleError:
            # A correction or a review may no longer fit the events after it; nothing else
            # the strategy makes may be refused.
            if not isinstance(chosen, Correct | Review):
                raise
            assert state.model_dump_json() == before_json
            continue
        assert state.model_dump_json() == before_json, "apply mutated its input"
        if isinstance(chosen, Correct) or (isinstance(chosen, Review) and chosen.event):
            target = chosen.target_seq
            assert chosen.event is not None
            corrected.add(target)
            # The log as if the target had been right the first time is a log to replay
            # only when no undo, correction or review follows the target: an undone event,
            # or one a later correction replaced, is not replayed by a correction and might
            # no longer fit. (Those cases: tests/rules/test_corrections.py.)
            amended_since = any(isinstance(e, Undo | Correct | Review) for e, _ in log[target:])
            if isinstance(chosen, Correct) and not amended_since:
                stamped = chosen.event.model_copy(update={"at": log[target - 1][0].at})
                from_scratch = replay(corrected_log(log, target, stamped))
                assert from_scratch is not None
                assert content(new) == content(from_scratch)
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
