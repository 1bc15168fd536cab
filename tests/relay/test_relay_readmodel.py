"""The read model alone: a store, rooms and the archive, no server and no sockets."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from test_relay_room import FakeMember, settle, toggles

from relay.admission import Admission
from relay.archive import Archive
from relay.authguard import AuthGuard
from relay.config import RelayConfig
from relay.metrics import Metrics
from relay.penalty import PenaltyBox
from relay.readmodel import ReadModel
from relay.rooms import Rooms
from relay.rules.demo import demo_setup
from relay.store import Store
from relay.wire import Hello


class Clock:
    """The read model's clock: the real time until a test moves it on."""

    def __init__(self) -> None:
        self.ahead_ms = 0

    def __call__(self) -> int:
        return time.time_ns() // 1_000_000 + self.ahead_ms


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def parts(tmp_path: Path, clock: Clock) -> AsyncIterator[tuple[Store, Rooms, ReadModel]]:
    store = Store(tmp_path / "db.sqlite3")
    await store.open()
    archive = Archive(tmp_path / "db.sqlite3")
    rooms = Rooms(store, Metrics(), max_idle=1, tail_size=100)
    model = ReadModel(
        clock=clock,
        store=store,
        archive=archive,
        rooms=rooms,
        metrics=Metrics(),
        admission=Admission(RelayConfig(data_dir=tmp_path)),
        guard=AuthGuard(free=1, limit=2, lockout=60),
        penalties=PenaltyBox(limit=2, lockout=60),
        max_events=5000,
    )
    yield store, rooms, model
    archive.close()
    await store.close()


async def play(
    store: Store, rooms: Rooms, match_id: str, events: int, scorer: str, *, stay: bool = False
) -> None:
    room = await rooms.get(match_id)
    member = FakeMember("s")
    member.name = scorer
    room.join(member, Hello(role="scorer", match_id=match_id))
    room.submit(member, demo_setup(f"setup-{match_id}"), 0.0)
    for event in toggles(events - 1) if events > 1 else []:
        room.submit(member, event, 0.0)
    await settle(room, store)
    if not stay:
        room.leave(member)
        rooms.release(room)


async def test_a_match_its_scorers_left_long_ago_is_not_live(
    parts: tuple[Store, Rooms, ReadModel], clock: Clock
) -> None:
    store, rooms, model = parts
    await play(store, rooms, "left", 3, "Asha")  # set up, kicked off, paused: in play
    await play(store, rooms, "scored", 3, "Ravi", stay=True)
    await play(store, rooms, "pre-match", 1, "Asha")  # set up, not kicked off
    body, _ = await model.match_events("left", 0, 10) or (b"", None)
    last_at = json.loads(body)[-1]["event"]["at"]

    listed = {m["matchId"]: m for m in (await model.match_list(None, 10)).items}
    assert listed["left"]["updatedAt"] == last_at
    assert (listed["left"]["live"], listed["left"]["scorers"]) == (True, 0)  # just left
    assert (listed["scored"]["live"], listed["scored"]["scorers"]) == (True, 1)
    assert listed["pre-match"]["live"] is False

    clock.ahead_ms = 10 * 60 * 1000 + 1  # ten minutes without a scorer or an event
    listed = {m["matchId"]: m for m in (await model.match_list(None, 10)).items}
    assert listed["left"]["live"] is False
    assert listed["left"]["updatedAt"] == last_at
    assert listed["scored"]["live"] is True  # its scorer is still there
    assert await model.match_summary("left") == listed["left"]


async def test_a_summary_tells_a_match_from_no_match(
    parts: tuple[Store, Rooms, ReadModel],
) -> None:
    store, rooms, model = parts
    ghost = await rooms.get("ghost")  # a viewer waiting on a made-up id
    ghost.join(FakeMember("v", "viewer"), Hello(role="viewer", match_id="ghost"))
    assert await model.match_summary("ghost") is None
    assert await model.match_summary("nowhere") is None

    opened = await rooms.get("opened")  # a scorer is there, the match not set up yet
    opened.join(FakeMember("s"), Hello(role="scorer", match_id="opened"))
    opened.join(FakeMember("v", "viewer"), Hello(role="viewer", match_id="opened"))
    assert await model.match_summary("opened") == {
        "matchId": "opened",
        "setUp": False,
        "phase": None,
        "lastSeq": 0,
        "updatedAt": None,
        "live": False,
        "viewers": 1,
        "scorers": 1,
        "home": None,
        "away": None,
    }
    await play(store, rooms, "ghost", 1, "Asha")  # set up later: now it is a match
    summary = await model.match_summary("ghost")
    assert summary is not None
    assert (summary["setUp"], summary["phase"], summary["lastSeq"]) == (True, "scheduled", 1)


async def test_lists_stored_matches_in_pages_and_never_ghosts(
    parts: tuple[Store, Rooms, ReadModel],
) -> None:
    store, rooms, model = parts
    for match_id in ("a", "b", "c"):
        await play(store, rooms, match_id, 2, "Asha")
    ghost = await rooms.get("ghost")  # a viewer waiting on a made-up id
    ghost.join(FakeMember("v", "viewer"), Hello(role="viewer", match_id="ghost"))
    first = await model.match_list(None, 2)
    assert [m["matchId"] for m in first.items] == ["a", "b"]
    assert first.next_after == "b"
    last = await model.match_list("b", 2)
    assert [m["matchId"] for m in last.items] == ["c"]
    assert last.next_after is None
    assert last.items[0]["lastSeq"] == 2
    assert last.items[0]["home"]["shortName"] == "PAT"


async def test_reading_a_match_does_not_load_it_into_memory(
    parts: tuple[Store, Rooms, ReadModel],
) -> None:
    store, rooms, model = parts
    await play(store, rooms, "big", 40, "Asha")
    await play(store, rooms, "other", 2, "Asha")  # evicts "big": one idle match is kept
    assert rooms.get_loaded("big") is None
    state = await model.match_state("big")
    assert state is not None
    assert state["lastSeq"] == 40
    body, next_after = await model.match_events("big", 10, 5) or (b"", None)
    assert [e["seq"] for e in json.loads(body)] == [11, 12, 13, 14, 15]
    assert next_after == 15
    assert await model.match_events("nowhere", 0, 5) is None
    assert await model.match_state("nowhere") is None
    assert rooms.get_loaded("big") is None  # still not in memory
    assert rooms.get_loaded("other") is not None


async def test_the_csv_neutralises_formulas(parts: tuple[Store, Rooms, ReadModel]) -> None:
    store, rooms, model = parts
    await play(store, rooms, "m", 3, "=HYPERLINK(1)")
    data = await model.events_csv("m")
    assert data is not None
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    assert [(r["seq"], r["by"]) for r in rows] == [
        ("1", "'=HYPERLINK(1)"),
        ("2", "'=HYPERLINK(1)"),
        ("3", "'=HYPERLINK(1)"),
    ]
    assert await model.events_csv("m") is data  # kept until the match moves
