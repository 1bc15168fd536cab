"""Undo: the latest event still in effect, again and again, never the setup."""

from __future__ import annotations

import json

import pytest
from rules_kit import Match

from relay.rules import MatchState, RuleError, apply, replay


def content(state: MatchState) -> dict[str, object]:
    data: dict[str, object] = json.loads(state.model_dump_json())
    data.pop("lastSeq")
    data.pop("lastEventAt")
    return data


def test_undo_of_an_all_out_restores_the_state_before() -> None:
    m = Match()
    m.raid("h1", touched=("a1", "a2", "a3", "a4", "a5", "a6"))
    before = m.state
    line = m.raid("a7", "unsuccessful", tacklers=("h2",))
    assert "ALL OUT" in line
    seq = m.state.last_seq
    undone = m.undo(seq)
    assert undone == ("Undone: Ankush (BEN) raids: tackled by Sachin — ALL OUT on BEN, +2 PAT")
    assert content(m.state) == content(before)
    assert m.state.last_seq == seq + 1
    assert m.state.last_event_at == m.now


def test_repeated_undos_walk_back_and_consume_seqs() -> None:
    m = Match()
    states = [m.state]
    for raider, touched in (("h1", ("a1",)), ("a2", ("h2",)), ("h3", ("a3",))):
        m.raid(raider, touched=touched)
        states.append(m.state)
    seqs = [s.last_seq for s in states]  # 2 (clock start), 3, 4, 5
    m.undo(seqs[3])
    assert content(m.state) == content(states[2])
    error = m.refuse(m.undo_event(seqs[3] + 1))  # the undo itself is not undoable
    assert error.code == "conflict"
    assert "that is #4" in error.message
    m.undo(seqs[2])
    m.undo(seqs[1])
    assert content(m.state) == content(states[0])
    assert m.state.last_seq == seqs[3] + 3
    m.raid("h1", touched=("a1",))  # play continues after undos
    assert m.state.home.score == 1
    assert replay(m.log) == m.state


def test_undo_refusals() -> None:
    m = Match()
    m.raid("h1", "empty")
    assert m.refuse(m.undo_event(2)).code == "conflict"  # not the latest
    error = m.refuse(m.undo_event(1))
    assert (error.code, error.message) == (
        "rule_violation",
        "The setup cannot be undone: start a new match instead.",
    )
    m.undo(3)
    m.undo(2)
    error = m.refuse(m.undo_event(5))
    assert (error.code, error.message) == ("conflict", "There is nothing left to undo.")


def test_a_state_loaded_from_json_has_no_undo_history() -> None:
    m = Match()
    loaded = MatchState.model_validate_json(m.state.model_dump_json())
    assert loaded == m.state  # equality is about the match, not its undo history
    with pytest.raises(RuleError) as caught:
        apply(loaded, m.undo_event(2), m.now)
    assert caught.value.code == "conflict"


def test_undo_of_a_clock_pause_lets_the_clock_have_run() -> None:
    m = Match()
    m.clock("pause", after=10_000)
    m.undo(m.state.last_seq)
    m.raid("h1", "empty", after=5_000)
    # pause 10 s after the start, undo 1 s later, raid 5 s after that
    assert m.state.clock.elapsed_ms == 10_000 + 1_000 + 5_000
