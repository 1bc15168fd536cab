"""The phase table: the engine moves only along it, and it says what screens show."""

from __future__ import annotations

import itertools
from typing import get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from match_strategy import next_events, setups
from rules_kit import Match

from relay.rules import apply
from relay.rules.errors import RuleError
from relay.rules.events import Correct, Event, Review, Undo
from relay.rules.phases import PHASES, TRANSITIONS, clock_button, move, targets
from relay.rules.settings import SettingsOverrides
from relay.rules.state import Phase

MOVES = {(t.source, t.target) for t in TRANSITIONS}
TIE_BREAK_RAIDERS = ("h1", "a1", "h2", "a2", "h3", "a3", "h4", "a4", "h5", "a5")


def test_every_phase_has_its_rules() -> None:
    assert set(PHASES) == set(get_args(Phase))
    assert {t.source for t in TRANSITIONS} | {t.target for t in TRANSITIONS} == set(PHASES)


def test_the_clock_button_in_each_phase() -> None:
    stopped = {phase: clock_button(phase, running=False) for phase in PHASES}
    assert stopped == {
        "scheduled": "start",
        "firstHalf": "resume",
        "halfTime": "start",
        "secondHalf": "resume",
        "fullTime": "start",
        "tieBreak": "resume",
        "goldenRaid": "resume",
        "finished": None,
    }
    assert clock_button("firstHalf", running=True) == "pause"
    assert clock_button("tieBreak", running=True) == "pause"


def test_what_moves_where() -> None:
    assert targets("scheduled", "start") == ["firstHalf"]
    assert targets("secondHalf", "endHalf") == ["fullTime", "finished"]
    assert targets("firstHalf", "start") == []
    assert targets("finished", "start") == []
    assert move("halfTime", "start") == "secondHalf"
    assert move("tieBreak", "tieBreakRaidsDone", "goldenRaid") == "goldenRaid"
    with pytest.raises(RuleError, match="the match is over"):
        move("finished", "start")


def test_a_tie_break_walks_the_table() -> None:
    m = Match(settings=SettingsOverrides(tie_break="fiveRaids"), started=False)
    seen = [m.state.phase]
    steps = [
        lambda: m.clock("start"),
        lambda: m.raid("h1", touched=("a1",)),
        lambda: m.clock("endHalf"),
        lambda: m.clock("start"),
        lambda: m.raid("a2", touched=("h2",)),
        lambda: m.clock("endHalf"),
        lambda: m.clock("start"),
        *[
            (lambda raider=raider: m.empty(raider))
            for pair in zip(
                ("h1", "h2", "h3", "h4", "h5"), ("a1", "a2", "a3", "a4", "a5"), strict=True
            )
            for raider in pair
        ],
        lambda: m.toss("away"),
        lambda: m.raid("a6", touched=("h6",)),
    ]
    for step in steps:
        step()
        if m.state.phase != seen[-1]:
            seen.append(m.state.phase)
    assert seen == [
        "scheduled",
        "firstHalf",
        "halfTime",
        "secondHalf",
        "fullTime",
        "tieBreak",
        "goldenRaid",
        "finished",
    ]
    assert all(pair in MOVES for pair in itertools.pairwise(seen))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), setups())
def test_the_engine_moves_only_along_the_table(data: st.DataObject, setup: Event) -> None:
    now = 1_000_000
    state, _ = apply(None, setup, now)
    effective = [1]
    for n in range(data.draw(st.integers(20, 150), label="length")):
        chosen = data.draw(next_events(state, n, len(effective) > 1, 4))
        if chosen is None:
            break
        if isinstance(chosen, Undo):
            chosen = chosen.model_copy(update={"target_seq": effective[-1]})
        now += data.draw(st.integers(0, 30_000), label="gap")
        amends = isinstance(chosen, Correct | Review)
        try:
            new, _ = apply(state, chosen, now)
        except RuleError:
            if not amends:  # a correction may no longer fit a later event
                raise
            continue
        if isinstance(chosen, Undo):
            effective.pop()  # an undo goes back to an earlier state, not along the table
        elif amends:
            effective.append(new.last_seq)  # replays the match: the replay moved along it
        else:
            effective.append(new.last_seq)
            if new.phase != state.phase:
                assert (state.phase, new.phase) in MOVES, (chosen.type, state.phase, new.phase)
        state = new
