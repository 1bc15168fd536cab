"""A room: durable before visible, exactly once, welcomes, and lazy loading with eviction."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any, Literal

import pytest

from relay.metrics import Metrics
from relay.room import PRESENCE_INTERVAL, Room
from relay.rooms import Rooms
from relay.rules.demo import demo_setup
from relay.rules.events import Clock
from relay.store import Store, StoredEvent
from relay.wire import Hello


class FakeMember:
    def __init__(self, connection_id: str, role: str = "scorer") -> None:
        self.connection_id = connection_id
        self.role = role
        self.client_id = connection_id
        self.name = f"name-{connection_id}"
        self.frames: list[dict[str, Any]] = []
        self.closed: tuple[int, str] | None = None

    def send(self, frame: bytes) -> None:
        self.frames.append(json.loads(frame))

    def close(self, code: int, reason: str) -> None:
        self.closed = (code, reason)

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [f for f in self.frames if f["type"] == kind]


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    store = Store(tmp_path / "db.sqlite3")
    await store.open()
    yield store
    await store.close()


def toggles(count: int) -> list[Clock]:
    """Valid clock events after setup: start, then pause and resume in turn."""
    actions: list[Literal["start", "pause", "resume"]] = ["start"]
    actions += ["pause" if n % 2 == 0 else "resume" for n in range(count - 1)]
    return [Clock(client_event_id=f"t{n}", action=a) for n, a in enumerate(actions)]


async def settle(room: Room, store: Store) -> None:
    """Wait until every event submitted so far is committed and answered.

    A read goes through the writer thread after the queued writes, and the writes'
    callbacks are scheduled before the read's answer wakes us.
    """
    async with asyncio.timeout(10):
        await store.events(room.match_id)
    assert room.writing == 0


async def test_nothing_is_visible_before_it_is_committed(store: Store) -> None:
    room = Room("m1", "ep", store, Metrics())
    scorer, viewer = FakeMember("s"), FakeMember("v", "viewer")
    room.join(scorer, Hello(role="scorer", match_id="m1"))
    room.join(viewer, Hello(role="viewer", match_id="m1"))
    before = len(scorer.frames), len(viewer.frames)
    room.submit(scorer, demo_setup(), 0.0)
    assert (len(scorer.frames), len(viewer.frames)) == before
    assert room.seq == 0
    assert room.state is None
    await settle(room, store)
    assert scorer.of("ack") == [
        {"type": "ack", "clientEventId": "setup-1", "seq": 1, "duplicate": False}
    ]
    assert [e["seq"] for e in viewer.of("event")] == [1]
    assert room.seq == 1
    assert room.state is not None


async def test_a_duplicate_of_an_event_being_written_is_acked_after_its_commit(
    store: Store,
) -> None:
    room = Room("m1", "ep", store, Metrics())
    first, second = FakeMember("a"), FakeMember("b")
    for member in (first, second):
        room.join(member, Hello(role="scorer", match_id="m1"))
    room.submit(first, demo_setup(), 0.0)
    room.submit(second, demo_setup(), 0.0)  # same clientEventId, still being written
    assert second.of("ack") == []
    await settle(room, store)
    assert second.of("ack") == [
        {"type": "ack", "clientEventId": "setup-1", "seq": 1, "duplicate": True}
    ]
    assert len(second.of("event")) == 1  # applied once
    assert room.seq == 1


async def test_events_are_numbered_and_broadcast_in_order(store: Store) -> None:
    room = Room("m1", "ep", store, Metrics())
    scorer, viewer = FakeMember("s"), FakeMember("v", "viewer")
    room.join(scorer, Hello(role="scorer", match_id="m1"))
    room.join(viewer, Hello(role="viewer", match_id="m1"))
    room.submit(scorer, demo_setup(), 0.0)
    for event in toggles(30):
        room.submit(scorer, event, 0.0)
    await settle(room, store)
    assert [e["seq"] for e in viewer.of("event")] == list(range(1, 32))
    assert [a["seq"] for a in scorer.of("ack")] == list(range(1, 32))


async def test_welcome_gives_what_was_missed_or_starts_over(store: Store) -> None:
    room = Room("m1", "ep", store, Metrics(), tail_size=3)
    scorer = FakeMember("s")
    room.join(scorer, Hello(role="scorer", match_id="m1"))
    room.submit(scorer, demo_setup(), 0.0)
    for event in toggles(4):
        room.submit(scorer, event, 0.0)
    await settle(room, store)
    assert room.seq == 5

    def welcome(**hello: Any) -> dict[str, Any]:
        frame: dict[str, Any] = json.loads(
            room.welcome(Hello(role="viewer", match_id="m1", **hello), FakeMember("x"))
        )
        return frame

    caught_up = welcome(last_seq=3, epoch="ep")
    assert (caught_up["recovered"], [e["seq"] for e in caught_up["events"]]) == (True, [4, 5])
    current = welcome(last_seq=5, epoch="ep")
    assert (current["recovered"], current["events"]) == (True, [])
    too_far_behind = welcome(last_seq=1, epoch="ep")
    assert too_far_behind["recovered"] is False
    assert [e["seq"] for e in too_far_behind["events"]] == [3, 4, 5]
    other_log = welcome(last_seq=3, epoch="other")
    assert other_log["recovered"] is False
    ahead = welcome(last_seq=9, epoch="ep")
    assert ahead["recovered"] is False
    new = welcome()
    assert new["recovered"] is False
    assert new["state"]["lastSeq"] == 5


async def test_rooms_load_lazily_by_replay_and_evict_idle_ones(store: Store) -> None:
    metrics = Metrics()
    rooms = Rooms(store, metrics, max_idle=1, tail_size=100)
    room = await rooms.get("m1")
    scorer = FakeMember("s")
    room.join(scorer, Hello(role="scorer", match_id="m1"))
    room.submit(scorer, demo_setup(), 0.0)
    for event in toggles(3):
        room.submit(scorer, event, 0.0)
    await settle(room, store)
    room.leave(scorer)
    rooms.release(room)
    assert rooms.get_loaded("m1") is room  # idle, kept
    other = await rooms.get("m2")
    rooms.release(other)
    assert rooms.get_loaded("m1") is None  # evicted: one idle room at most
    assert len(rooms) == 1

    reloaded = await rooms.get("m1")
    assert reloaded is not room
    assert (reloaded.epoch, reloaded.seq) == (room.epoch, room.seq)
    assert reloaded.state == room.state
    assert [e.seq for e in reloaded.tail()] == [1, 2, 3, 4]
    # The exactly-once map came back too.
    again = FakeMember("again")
    reloaded.join(again, Hello(role="scorer", match_id="m1"))
    reloaded.submit(again, toggles(1)[0], 0.0)
    assert again.of("ack") == [{"type": "ack", "clientEventId": "t0", "seq": 2, "duplicate": True}]


async def test_concurrent_first_hellos_load_one_room(store: Store) -> None:
    rooms = Rooms(store, Metrics(), max_idle=4, tail_size=10)
    loaded = await asyncio.gather(*(rooms.get("m1") for _ in range(5)))
    assert all(room is loaded[0] for room in loaded)


async def test_a_failed_write_closes_the_rooms_connections_and_drops_it(
    store: Store,
) -> None:
    rooms = Rooms(store, Metrics(), max_idle=4, tail_size=10)
    room = await rooms.get("m1")
    scorer = FakeMember("s")
    room.join(scorer, Hello(role="scorer", match_id="m1"))
    room.submit(scorer, demo_setup(), 0.0)
    await settle(room, store)
    # The disk goes bad under the relay: the next commit fails.
    with sqlite3.connect(store.path) as db:
        db.execute("ALTER TABLE events RENAME TO events_gone")
    room.submit(scorer, toggles(1)[0], 0.0)
    async with asyncio.timeout(10):
        await store.matches()  # a read after the failed write: its callbacks have run
    await asyncio.sleep(0)  # the room is dropped just after its lost writes are answered
    assert scorer.closed is not None
    assert scorer.closed[0] == 1011
    assert [a["seq"] for a in scorer.of("ack")] == [1]  # the failed event was never acked
    [refused] = scorer.of("error")
    assert (refused["code"], refused["clientEventId"]) == ("unavailable", "t0")
    assert "no such table: events" in refused["message"]
    assert rooms.get_loaded("m1") is None


async def test_a_room_left_while_writing_is_evictable_once_written(store: Store) -> None:
    rooms = Rooms(store, Metrics(), max_idle=0, tail_size=10)
    room = await rooms.get("m1")
    scorer = FakeMember("s")
    room.join(scorer, Hello(role="scorer", match_id="m1"))
    room.submit(scorer, demo_setup(), 0.0)
    room.leave(scorer)
    rooms.release(room)
    assert rooms.get_loaded("m1") is room  # still writing: kept
    await settle(room, store)
    assert rooms.get_loaded("m1") is None


class PresenceWatcher(FakeMember):
    """A viewer that notes when each presence frame reaches it."""

    def __init__(self) -> None:
        super().__init__("watcher", "viewer")
        self.times: list[float] = []
        self.arrived = asyncio.Event()

    def send(self, frame: bytes) -> None:
        super().send(frame)
        if self.frames[-1]["type"] == "presence":
            self.times.append(asyncio.get_running_loop().time())
            self.arrived.set()

    async def next_presence(self) -> None:
        async with asyncio.timeout(10):
            await self.arrived.wait()
        self.arrived.clear()


async def test_presence_is_sent_at_most_once_per_interval(store: Store) -> None:
    room = Room("m1", "epoch", store, Metrics())
    watcher = PresenceWatcher()
    room.join(watcher, Hello(role="viewer", match_id="m1"))
    await watcher.next_presence()
    # A client connecting and leaving again and again, as fast as it can.
    for n in range(40):
        churner = FakeMember(f"c{n}", "viewer")
        room.join(churner, Hello(role="viewer", match_id="m1"))
        room.leave(churner)
        await asyncio.sleep(0)
    await watcher.next_presence()
    assert watcher.times[1] - watcher.times[0] >= PRESENCE_INTERVAL
    assert len(watcher.of("presence")) == 2  # all 80 changes in one frame
    assert watcher.of("presence")[-1]["viewers"] == 1


class BatchingMember(FakeMember):
    """A member that takes several frames in one write, as a connection's outbox does."""

    def __init__(self, connection_id: str, role: str = "scorer") -> None:
        super().__init__(connection_id, role)
        self.writes: list[list[str]] = []  # the frame types of each write

    def send(self, frame: bytes) -> None:
        super().send(frame)
        self.writes.append([self.frames[-1]["type"]])

    def send_many(self, frames: Sequence[bytes]) -> None:
        for frame in frames:
            FakeMember.send(self, frame)
        self.writes.append([f["type"] for f in self.frames[-len(frames) :]])


class TogetherStore:
    """The real store, whose commits are answered only when the test says: as the store
    answers a batch of writes that queued up while the relay was busy."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._held: list[tuple[asyncio.Future[None], asyncio.Future[None]]] = []

    @property
    def problem(self) -> str | None:
        return self._store.problem

    def append(
        self, match_id: str, epoch: str, record: StoredEvent, summary: str
    ) -> asyncio.Future[None]:
        answer: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._held.append((self._store.append(match_id, epoch, record, summary), answer))
        return answer

    async def answer_together(self) -> None:
        held, self._held = self._held, []
        async with asyncio.timeout(10):
            await asyncio.gather(*(written for written, _ in held))
        for _, answer in held:
            answer.set_result(None)


async def test_commits_answered_together_go_out_in_one_write_per_member(store: Store) -> None:
    together = TogetherStore(store)
    room = Room("m1", "ep", together, Metrics())
    scorer, late = BatchingMember("s"), BatchingMember("late")
    viewer, plain = BatchingMember("v", "viewer"), FakeMember("p", "viewer")
    for member in (scorer, late, viewer, plain):
        room.join(member, Hello(role=member.role, match_id="m1"))  # type: ignore[arg-type]
    room.submit(scorer, demo_setup(), 0.0)
    for clock in toggles(2):
        room.submit(scorer, clock, 0.0)
    # An answer that waits for the events being written: it goes out after them.
    room.submit(late, Clock(client_event_id="t0", action="start"), 0.0)
    await asyncio.sleep(0)
    presence = len(viewer.writes)
    await together.answer_together()
    await asyncio.sleep(0)  # the commits' callbacks
    assert [e["seq"] for e in viewer.of("event")] == [1, 2, 3]
    assert viewer.writes[presence:] == [["event", "event", "event"]]
    assert scorer.writes[-1] == ["ack", "event", "ack", "event", "ack", "event"]
    assert [a["seq"] for a in scorer.of("ack")] == [1, 2, 3]
    assert late.writes[-1] == ["event", "event", "event", "ack"]
    assert late.of("ack")[-1] == {
        "type": "ack",
        "clientEventId": "t0",
        "seq": 2,
        "duplicate": True,
    }
    # A member without send_many gets the same frames one by one.
    assert [e["seq"] for e in plain.of("event")] == [1, 2, 3]
    # Nothing is held afterwards: the next commit goes out at once.
    room.submit(scorer, Clock(client_event_id="t9", action="resume"), 0.0)
    await together.answer_together()
    await asyncio.sleep(0)
    assert viewer.writes[-1] == ["event"]
    assert scorer.writes[-2:] == [["ack"], ["event"]]
