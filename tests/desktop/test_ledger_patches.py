"""The ledger on protocol 2: the welcome's state, then a merge patch per event."""

from __future__ import annotations

from typing import Any

import pytest
from desktop_helpers import raid, start_clock

from desktop.ledger import Ledger, OutOfStep
from relay.patch import diff
from relay.rules import apply
from relay.rules.demo import demo_setup
from relay.rules.events import Event
from relay.shape import wire_state
from relay.wire import LoggedEvent, Score


def relay_side() -> tuple[list[tuple[int, Event, str, dict[str, Any]]], Any]:
    """Setup, kick-off and a touch as a relay numbers and patches them."""
    steps = []
    state = None
    wire: Any = None
    for seq, (event, at) in enumerate(
        [(demo_setup(), 1_000), (start_clock(), 2_000), (raid("h1", touched=("a1",)), 3_000)],
        start=1,
    ):
        state, text = apply(state, event.model_copy(update={"at": at}), at)
        after = wire_state(state)
        steps.append((seq, event.model_copy(update={"at": at}), text, diff(wire, after)))
        wire = after
    return steps, state


def test_patches_bring_the_confirmed_state_and_the_log_forward() -> None:
    steps, final = relay_side()
    ledger = Ledger()
    assert ledger.welcome_wire("e1", None, [], False) == []
    for seq, event, text, patch in steps:
        ledger.patched(seq, event, text, patch)
    assert ledger.confirmed == final
    assert ledger.wire == wire_state(final)
    assert [e.seq for e in ledger.log] == [1, 2, 3]
    # The score of each line is the patched state's.
    assert [e.score for e in ledger.log][-1] == Score(home=1, away=0)
    assert ledger.patched(*steps[1]) is None  # seen already: nothing changes


def test_the_preview_runs_on_the_patched_state() -> None:
    steps, _ = relay_side()
    ledger = Ledger()
    ledger.welcome_wire("e1", None, [], False)
    for step in steps[:2]:
        ledger.patched(*step)
    pending = ledger.enter(steps[2][1], 3_000)
    assert ledger.preview is not None
    assert ledger.preview.home.score == 1
    assert pending.preview_error is None
    seq, event, text, patch = steps[2]
    done = ledger.patched(seq, event, text, patch)
    assert done == [event.client_event_id]
    assert ledger.pending == []


def test_a_gap_or_a_patch_that_is_not_a_state_means_resync() -> None:
    steps, _ = relay_side()
    ledger = Ledger()
    ledger.welcome_wire("e1", None, [], False)
    ledger.patched(*steps[0])
    before = (ledger.wire, ledger.confirmed, list(ledger.log))
    with pytest.raises(OutOfStep, match="event 3 came after 1"):
        ledger.patched(*steps[2])
    seq, event, text, _ = steps[1]
    with pytest.raises(OutOfStep, match="event 2 does not apply"):
        ledger.patched(seq, event, text, {"home": {"squad": None}})
    assert (ledger.wire, ledger.confirmed, list(ledger.log)) == before


def test_a_resumed_welcome_keeps_the_log_and_takes_the_state() -> None:
    steps, final = relay_side()
    ledger = Ledger()
    ledger.welcome_wire("e1", None, [], False)
    ledger.patched(*steps[0])
    missed = [LoggedEvent(seq=s, event=e, text=t) for s, e, t, _ in steps[1:]]
    ledger.welcome_wire("e1", wire_state(final), missed, True)
    assert [e.seq for e in ledger.log] == [1, 2, 3]
    assert ledger.confirmed == final
    with pytest.raises(OutOfStep, match="not a match state"):
        ledger.welcome_wire("e1", {"home": {}}, [], True)
