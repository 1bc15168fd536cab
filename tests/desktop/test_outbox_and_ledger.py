"""The outbox on disk and the ledger's preview, without a relay."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from desktop_helpers import raid, start_clock

from desktop.backoff import CAP_SECONDS, FLOOR_SECONDS, reconnect_delay
from desktop.ledger import Ledger
from desktop.outbox import Outbox
from desktop.squad_text import parse_squad
from relay.rules import apply
from relay.rules.demo import demo_setup
from relay.wire import LoggedEvent

URL = "ws://127.0.0.1:3000/ws"


def test_outbox_survives_reopening_and_keeps_order(tmp_path: Path) -> None:
    events = [demo_setup(), start_clock(), raid("h1", touched=("a1",))]
    outbox = Outbox(tmp_path / "o.sqlite3")
    for event in events:
        outbox.add(URL, "m1", event)
    outbox.add(URL, "m1", events[0])  # the same event twice is kept once
    outbox.add(URL, "other", start_clock())
    outbox.close()
    reopened = Outbox(tmp_path / "o.sqlite3")
    assert reopened.pending(URL, "m1") == events
    assert [(q.match_id, q.count) for q in reopened.queued_matches()] == [("m1", 3), ("other", 1)]
    assert reopened.remove(events[1].client_event_id)
    assert not reopened.remove(events[1].client_event_id)
    assert reopened.pending(URL, "m1") == [events[0], events[2]]
    moved = "ws://127.0.0.1:3001/ws"
    reopened.move(URL, "m1", moved)
    assert reopened.pending(moved, "m1") == [events[0], events[2]]
    assert reopened.pending(URL, "m1") == []
    reopened.close()


def test_preview_applies_pending_events_on_the_confirmed_state() -> None:
    setup, clock = demo_setup(), start_clock()
    state, _ = apply(None, setup, 1_000)
    ledger = Ledger()
    ledger.welcome("e1", state, [LoggedEvent(seq=1, event=setup, text="setup")], False)
    ledger.enter(clock, 2_000)
    touch = ledger.enter(raid("h1", touched=("a1",)), 3_000)
    assert ledger.preview is not None
    assert ledger.preview.home.score == 1
    assert touch.text.endswith("1 touch point (Pawan)")
    assert ledger.confirmed is not None
    assert ledger.confirmed.home.score == 0
    # The relay refuses the clock: the raid can no longer be previewed either.
    rejected = ledger.refused(clock.client_event_id, "rule_violation", "no")
    assert rejected is not None
    assert ledger.rejected == [rejected]
    assert ledger.preview == ledger.confirmed
    assert touch.preview_error is not None


def test_acked_event_stays_in_the_preview_until_its_event_frame() -> None:
    setup, clock = demo_setup(), start_clock()
    state, _ = apply(None, setup, 1_000)
    ledger = Ledger()
    ledger.welcome("e1", state, [LoggedEvent(seq=1, event=setup, text="setup")], False)
    ledger.enter(clock, 2_000)
    ledger.acked(clock.client_event_id, 2)
    assert ledger.preview is not None
    assert ledger.preview.phase == "firstHalf"
    after, text = apply(state, clock, 2_000)
    done = ledger.accepted(LoggedEvent(seq=2, event=clock, text=text), after)
    assert done == [clock.client_event_id]
    assert ledger.pending == []
    assert ledger.accepted(LoggedEvent(seq=2, event=clock, text=text), after) is None


def test_welcome_drops_pending_events_the_relay_already_has() -> None:
    setup = demo_setup()
    state, _ = apply(None, setup, 1_000)
    ledger = Ledger()
    ledger.enter(setup, 1_000)
    done = ledger.welcome("e1", state, [LoggedEvent(seq=1, event=setup, text="s")], False)
    assert done == [setup.client_event_id]
    assert ledger.pending == []


def test_backoff_grows_with_jitter_and_is_capped() -> None:
    rng = random.Random(7)
    delays = [reconnect_delay(attempt, rng) for attempt in range(20)]
    assert all(FLOOR_SECONDS <= d <= CAP_SECONDS for d in delays)
    assert delays[0] <= 0.5
    assert delays[-1] >= CAP_SECONDS / 2
    assert len(set(delays)) == len(delays)  # jittered


def test_squad_text_from_csv_or_paste() -> None:
    assert parse_squad("No,Name\n1,Pardeep Narwal\n2, Sachin\n\n") == [
        (1, "Pardeep Narwal"),
        (2, "Sachin"),
    ]
    assert parse_squad("7\tRohit\n8\tAnand") == [(7, "Rohit"), (8, "Anand")]
    with pytest.raises(ValueError, match="Line 2"):
        parse_squad("1,Pardeep\nbad line")


def test_old_relay_times_only_bound_the_offset_from_below() -> None:
    ledger = Ledger()
    ledger.note_past_relay_time(400_000, 1_000_000)  # an event from ten minutes ago
    assert ledger.clock_offset_ms == 0  # says nothing about a relay that is behind
    ledger.note_past_relay_time(1_005_000, 1_000_000)  # the relay is at least 5 s ahead
    assert ledger.clock_offset_ms == 5_000
    ledger.note_relay_time(1_300_000, 1_000_000)  # a welcome's now: 300 s ahead
    assert ledger.clock_offset_ms == 300_000


def test_relay_clock_offset_takes_the_least_delayed_sample() -> None:
    ledger = Ledger()
    assert ledger.clock_offset_ms is None
    ledger.note_relay_time(10_000, 9_000)  # relay 1 s ahead, no delay
    ledger.note_relay_time(20_000, 19_300)  # 300 ms on the way
    ledger.note_relay_time(None, 25_000)
    assert ledger.clock_offset_ms == 1_000
    before = int(time.time() * 1000)
    now = ledger.relay_now()
    after = int(time.time() * 1000)
    assert before + 1_000 <= now <= after + 1_000
