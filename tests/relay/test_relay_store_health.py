"""The relay on a real disk that fails mid-match: full, then read-only.

Scorers' events during the failure are refused with ``unavailable`` (never acked),
/healthz answers 503 with the reason and /metrics shows the store down; once the
cause is gone the same events are accepted, and reopening the store shows every
acknowledged event there, in order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import StartRelay
from disk_kit import ext4_image, fill, small_tmpfs
from prometheus_client.parser import text_string_to_metric_families
from relay_kit import Backend, eventually, http_get, next_raid, open_peer, started_match

from relay.server import DATABASE_FILE
from relay.store import Store

pytestmark = pytest.mark.slow


async def store_up(backend: Backend) -> float:
    text = (await http_get(backend, "/metrics")).body.decode()
    for family in text_string_to_metric_families(text):
        if family.name == "kabaddi_store_up":
            return float(family.samples[0].value)
    raise AssertionError("kabaddi_store_up missing")


async def stored_ids(data_dir: Path, match_id: str = "m1") -> list[str]:
    """Every event of the match on disk, read by a store opened anew."""
    store = Store(data_dir / DATABASE_FILE)
    await store.open()
    try:
        events = await store.events(match_id)
    finally:
        await store.close()
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    return [e.client_event_id for e in events]


async def acked(peer: Any, frame: dict[str, Any]) -> dict[str, Any]:
    """Send an event, expect its ack, and return the state broadcast after it."""
    await peer.send(frame)
    answer = await peer.answer()
    assert answer["type"] == "ack", answer
    assert answer["clientEventId"] == frame["clientEventId"]
    assert answer["duplicate"] is False  # not stored before: refused ones left no trace
    state: dict[str, Any] = (await peer.recv_type("event"))["state"]
    return state


@pytest.mark.parametrize("backend_kind", ["subprocess"])
async def test_a_full_disk_refuses_events_then_takes_them_once_freed(
    start_relay: StartRelay, tmp_path: Path
) -> None:
    with small_tmpfs(tmp_path / "disk") as disk:
        relay = await start_relay(disk / "data", rate_per_second=1000, rate_burst=1000)
        scorer, state = await started_match(relay)
        state = await acked(scorer, next_raid(state, touch=True, client_event_id="before"))
        filler = fill(disk)

        raid = next_raid(state, touch=False, client_event_id="while-full")
        await scorer.send(raid)
        refused = await scorer.answer()
        assert (refused["type"], refused["code"]) == ("error", "unavailable")
        assert refused["clientEventId"] == "while-full"
        assert "is full" in refused["message"]
        health = await http_get(relay, "/healthz")
        assert health.status == 503
        assert health.json()["store"]["problem"].startswith(f"the disk holding {disk}")
        assert await store_up(relay) == 0

        # The scorer's app reconnects and sends it again: refused, the match carries on.
        scorer = await open_peer(relay, "scorer", name="Setter")
        assert scorer.welcome["seq"] == 3
        await scorer.send(raid)
        again = await scorer.answer()
        assert (again["type"], again["code"]) == ("error", "unavailable")

        filler.unlink()

        async def healthy() -> bool:
            return (await http_get(relay, "/healthz")).status == 200

        await eventually(healthy, interval=0.1)
        assert await store_up(relay) == 1
        state = await acked(scorer, raid)
        await acked(scorer, next_raid(state, touch=True, client_event_id="after"))
        await relay.stop()
        ids = await stored_ids(disk / "data")
        assert ids[2:] == ["before", "while-full", "after"]


@pytest.mark.parametrize("backend_kind", ["subprocess"])
async def test_a_disk_turned_read_only_refuses_events_until_repaired(
    start_relay: StartRelay, tmp_path: Path
) -> None:
    with ext4_image(tmp_path / "disk") as disk:
        data = disk.where / "data"
        relay = await start_relay(data)
        scorer, state = await started_match(relay)
        state = await acked(scorer, next_raid(state, touch=True, client_event_id="before"))
        disk.turn_read_only()

        raid = next_raid(state, touch=False, client_event_id="while-read-only")
        await scorer.send(raid)
        refused = await scorer.answer()
        assert (refused["type"], refused["code"]) == ("error", "unavailable")
        assert "is read-only" in refused["message"]
        health = await http_get(relay, "/healthz")
        assert health.status == 503
        assert health.json()["store"]["problem"].startswith(
            f"the data directory {data} is read-only"
        )
        assert await store_up(relay) == 0

        # An operator stops the relay, checks the disk, and starts it again.
        await relay.stop()
        disk.repair()
        relay = await start_relay(data)
        assert (await http_get(relay, "/healthz")).status == 200
        scorer = await open_peer(relay, "scorer", name="Setter")
        assert scorer.welcome["seq"] == 3
        await acked(scorer, raid)
        await relay.stop()
        ids = await stored_ids(data)
        assert ids[2:] == ["before", "while-read-only"]
