"""The read model alone: a store, rooms and the archive, no server and no sockets."""

from __future__ import annotations

import csv
import io
import json
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


@pytest.fixture
async def parts(tmp_path: Path) -> AsyncIterator[tuple[Store, Rooms, ReadModel]]:
    store = Store(tmp_path / "db.sqlite3")
    await store.open()
    archive = Archive(tmp_path / "db.sqlite3")
    rooms = Rooms(store, Metrics(), max_idle=1, tail_size=100)
    model = ReadModel(
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


async def play(store: Store, rooms: Rooms, match_id: str, events: int, scorer: str) -> None:
    room = await rooms.get(match_id)
    member = FakeMember("s")
    member.name = scorer
    room.join(member, Hello(role="scorer", match_id=match_id))
    room.submit(member, demo_setup(f"setup-{match_id}"), 0.0)
    for event in toggles(events - 1):
        room.submit(member, event, 0.0)
    await settle(room, store)
    room.leave(member)
    rooms.release(room)


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
