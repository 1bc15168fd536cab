"""Protocol 2 in a room: every broadcast patch turns the previous state into the relay's.

A room with a real store gets whole matches; a protocol-1 and a protocol-2 viewer
watch. The protocol-2 viewer's state is folded from its welcome with a stock RFC 7386
library (not the relay's own code) and must equal, after every event, the state the
protocol-1 viewer was sent for that seq, and at the end the state the room holds.
"""

from __future__ import annotations

import asyncio
import copy
import json
from pathlib import Path
from typing import Any

import json_merge_patch
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relay.logbook import EVENT
from relay.metrics import Metrics
from relay.room import Room
from relay.rules import MatchState, RuleError, apply
from relay.rules.events import Correct, Event, Review, Undo
from relay.rules.settings import SettingsOverrides
from relay.shape import match_state, wire_state
from relay.store import Store
from relay.wire import Hello
from tests.rules.match_strategy import next_events, setups
from tests.rules.rules_kit import Match

FIXTURE = Path(__file__).resolve().parents[1] / "rules" / "fixtures" / "full_match.json"
MINUTE = 60_000


class Viewer:
    def __init__(self, connection_id: str) -> None:
        self.connection_id = connection_id
        self.role = "viewer"
        self.client_id = connection_id
        self.name = connection_id
        self.frames: list[dict[str, Any]] = []

    def send(self, frame: bytes) -> None:
        self.frames.append(json.loads(frame))

    def close(self, code: int, reason: str) -> None:
        raise AssertionError(f"viewer closed: {code} {reason}")

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [f for f in self.frames if f["type"] == kind]


class RelayClock:
    """The room's clock, set by the test before each event (suspensions need match time)."""

    def __init__(self) -> None:
        self.now = 0

    def __call__(self) -> int:
        return self.now


@pytest.fixture
def relay_clock() -> RelayClock:
    return RelayClock()


async def broadcast(
    log: list[tuple[Event, int]], clock: RelayClock, data_dir: Path
) -> tuple[Room, Viewer, Viewer]:
    """Feed a log to a room watched by a protocol-1 and a protocol-2 viewer."""
    store = Store(data_dir / "relay.sqlite3")
    await store.open()
    try:
        room = Room("m", "ep", store, Metrics(), clock=clock)
        scorer, old, new = Viewer("s"), Viewer("v1"), Viewer("v2")
        room.join(scorer, Hello(role="scorer", match_id="m"))
        room.join(old, Hello(role="viewer", match_id="m"))
        room.join(new, Hello(role="viewer", match_id="m", protocol=2))
        for event, at in log:
            clock.now = at
            room.submit(scorer, event, 0.0)
        async with asyncio.timeout(30):
            await store.events("m")  # after the writes: every commit is answered
        assert [f["type"] for f in scorer.of("error")] == []
    finally:
        await store.close()
    return room, old, new


def check_patches(room: Room, old: Viewer, new: Viewer, events: int) -> list[dict[str, Any]]:
    """The protocol-2 viewer's folded states, checked step by step; returns them."""
    (welcome,) = new.of("welcome")
    assert (welcome["protocol"], welcome["state"]) == (2, None)
    shaped: Any = welcome["state"]
    full = old.of("event")
    patched = new.of("event")
    assert [f["seq"] for f in patched] == [f["seq"] for f in full] == list(range(1, events + 1))
    folded = []
    for one, two in zip(full, patched, strict=True):
        assert "state" not in two
        assert set(two) == {"type", "seq", "event", "text", "patch"}
        assert two["text"] == one["text"]
        # The same event; protocol 2 leaves out fields at their default.
        assert EVENT.validate_python(two["event"]) == EVENT.validate_python(one["event"])
        assert len(json.dumps(two["event"])) <= len(json.dumps(one["event"]))
        shaped = json_merge_patch.merge(copy.deepcopy(shaped), two["patch"])
        # The state protocol 1 was sent for this seq is the relay's state then.
        assert json.loads(match_state(shaped).model_dump_json()) == one["state"], two["seq"]
        assert shaped == wire_state(MatchState.model_validate(one["state"])), two["seq"]
        folded.append(shaped)
    assert room.state is not None
    assert shaped == json.loads(json.dumps(wire_state(room.state)))
    assert match_state(shaped) == room.state
    return folded


def run(log: list[tuple[Event, int]], clock: RelayClock, data_dir: Path) -> list[dict[str, Any]]:
    room, old, new = asyncio.run(broadcast(log, clock, data_dir))
    return check_patches(room, old, new, len(log))


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data(), setup=setups())
def test_patches_rebuild_the_relay_state_over_random_matches(
    data: st.DataObject, setup: Event, relay_clock: RelayClock, tmp_path_factory: Any
) -> None:
    now = 1_000_000
    state, _ = apply(None, setup, now)
    log: list[tuple[Event, int]] = [(setup, now)]
    effective = [1]
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
        try:
            state, _ = apply(state, chosen, now)
        except RuleError:
            # A correction or a review may no longer fit the events after it: the relay
            # refuses it and broadcasts nothing.
            if not isinstance(chosen, Correct | Review):
                raise
            continue
        if isinstance(chosen, Undo):
            effective.pop()
        if isinstance(chosen, Correct | Review) and chosen.event is not None:
            corrected.add(chosen.target_seq)
        if not isinstance(chosen, Undo):
            effective.append(state.last_seq)
        log.append((chosen, now))
    run(log, relay_clock, tmp_path_factory.mktemp("room"))


def test_patches_rebuild_the_relay_state_over_the_80_raid_match(
    relay_clock: RelayClock, tmp_path: Path
) -> None:
    from pydantic import TypeAdapter

    adapter: TypeAdapter[Event] = TypeAdapter(Event)
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    log = [(adapter.validate_python(row["event"]), row["at"]) for row in rows]
    folded = run(log, relay_clock, tmp_path)
    final = folded[-1]
    assert (final["phase"], final["winner"]) == ("finished", "away")
    assert (final["home"]["score"], final["away"]["score"]) == (45, 54)


def next_raider(m: Match) -> str:
    side = m.state.raiding_team
    used = m.state.tie_break.raids[side] if m.state.tie_break else []
    return next(p for p in m.team(side).on_court if p not in used)


def test_patches_through_suspensions_all_outs_undo_half_time_and_a_tie_break(
    relay_clock: RelayClock, tmp_path: Path
) -> None:
    m = Match(settings=SettingsOverrides(tie_break="fiveRaids"))
    m.card("a2", "yellow", after=10_000)
    m.raid("h1", "empty", after=MINUTE)
    m.raid("a1", "empty", after=MINUTE + 1)
    assert m.lines[-1].endswith("(Saurabh back from suspension)")
    m.raid("h2", touched=("a1", "a3", "a4"))
    m.raid("a5", "unsuccessful", tacklers=("h3",))
    m.raid("h4", touched=("a2", "a6", "a7"))
    assert m.state.home.all_outs_inflicted == 1
    assert len(m.state.away.on_court) == 7
    m.undo(m.state.last_seq)
    m.raid("h4", touched=("a2", "a6", "a7"))
    m.raid("a1", touched=("h1", "h2", "h3", "h5", "h6", "h7"), bonus=True)
    m.clock("endHalf")
    m.clock("start")
    while m.state.home.score != m.state.away.score:
        behind = "home" if m.state.home.score < m.state.away.score else "away"
        m.send(m.technical_event(behind))
    m.clock("endHalf")
    m.clock("start")
    assert m.state.phase == "tieBreak"
    for _ in range(10):
        m.empty(next_raider(m))
    assert m.state.phase == "goldenRaid"
    m.toss("home")
    m.raid(next_raider(m), "unsuccessful")
    assert m.state.phase == "finished"
    folded = run(m.log, relay_clock, tmp_path)
    phases = [state["phase"] for state in folded]
    for phase in ("firstHalf", "halfTime", "secondHalf", "fullTime", "tieBreak", "goldenRaid"):
        assert phase in phases
    assert folded[-1]["phase"] == "finished"


class RawMember(Viewer):
    """Keeps the bytes objects it was handed, to tell shared frames from copies."""

    def __init__(self, connection_id: str) -> None:
        super().__init__(connection_id)
        self.raw: list[bytes] = []

    def send(self, frame: bytes) -> None:
        self.raw.append(frame)
        super().send(frame)


async def test_each_event_is_encoded_once_per_protocol_version(tmp_path: Path) -> None:
    store = Store(tmp_path / "relay.sqlite3")
    await store.open()
    try:
        room = Room("m", "ep", store, Metrics())
        scorer = RawMember("s")
        room.join(scorer, Hello(role="scorer", match_id="m"))
        old = [RawMember(f"old{n}") for n in range(3)]
        new = [RawMember(f"new{n}") for n in range(3)]
        for member in old:
            room.join(member, Hello(role="viewer", match_id="m"))
        for member in new:
            room.join(member, Hello(role="viewer", match_id="m", protocol=2))
        match = Match()
        for event, _ in match.log:
            room.submit(scorer, event, 0.0)
        async with asyncio.timeout(30):
            await store.events("m")
    finally:
        await store.close()

    def event_frames(member: RawMember) -> list[bytes]:
        return [raw for raw, frame in zip(member.raw, member.frames, strict=True)
                if frame["type"] == "event"]  # fmt: skip

    for group in ([*old, scorer], new):
        frames = [event_frames(member) for member in group]
        assert len(frames[0]) == 2
        for mine in frames[1:]:
            assert all(a is b for a, b in zip(frames[0], mine, strict=True))
    assert "state" in json.loads(event_frames(old[0])[1])
    assert "patch" in json.loads(event_frames(new[0])[1])


async def test_welcomes_of_both_versions_are_the_typed_frames(tmp_path: Path) -> None:
    from relay.wire import Welcome, WelcomeV2

    store = Store(tmp_path / "relay.sqlite3")
    await store.open()
    try:
        room = Room("m", "ep", store, Metrics(), tail_size=4)
        scorer = Viewer("s")
        room.join(scorer, Hello(role="scorer", match_id="m"))
        match = Match()
        for _ in range(3):
            match.empty(match.team(match.state.raiding_team).on_court[0])
        for event, _ in match.log:
            room.submit(scorer, event, 0.0)
        async with asyncio.timeout(30):
            await store.events("m")
    finally:
        await store.close()
    assert room.seq == 5
    fresh = Welcome.model_validate_json(
        room.welcome(Hello(role="viewer", match_id="m"), Viewer("a"))
    )
    assert (fresh.seq, fresh.recovered, fresh.state) == (5, False, room.state)
    assert [e.seq for e in fresh.events] == [2, 3, 4, 5]
    assert fresh.events[-1].event == match.log[-1][0].model_copy(
        update={"at": fresh.events[-1].event.at, "by": "s"}
    )
    resumed = WelcomeV2.model_validate_json(
        room.welcome(
            Hello(role="viewer", match_id="m", protocol=2, last_seq=3, epoch="ep"), Viewer("b")
        )
    )
    assert (resumed.protocol, resumed.recovered) == (2, True)
    assert [e.seq for e in resumed.events] == [4, 5]
    assert resumed.state is not None
    assert match_state(resumed.state) == room.state
    assert resumed.events == fresh.events[2:]
