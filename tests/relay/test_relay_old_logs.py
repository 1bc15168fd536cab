"""A stored match whose log these rules no longer accept is refused in words, not in silence."""

from __future__ import annotations

import json
from pathlib import Path

from websockets.asyncio.client import connect

from relay.backend import DATABASE_FILE
from relay.rules.demo import demo_setup
from relay.rules.events import Card, Clock, Event, RaidStart
from relay.store import Store, StoredEvent
from tests.relay.relay_kit import HANG, http_get, start_embedded


async def store_log(data_dir: Path, match_id: str, events: list[Event]) -> None:
    store = Store(data_dir / DATABASE_FILE)
    await store.open()
    for seq, event in enumerate(events, start=1):
        stamped = event.model_copy(update={"at": 1_000 * seq})
        record = StoredEvent(
            seq, event.client_event_id, 1_000 * seq, stamped.model_dump_json(), f"line {seq}", 0, 0
        )
        await store.append(match_id, "epoch-old", record, "{}")
    await store.close()


async def test_a_log_the_rules_now_refuse_is_answered_with_what_to_do(tmp_path: Path) -> None:
    # Recorded by a release that allowed a card while a raid was open.
    await store_log(
        tmp_path,
        "old",
        [
            demo_setup(),
            Clock(client_event_id="c1", action="start"),
            RaidStart(client_event_id="r1", raider_id="h1"),
            Card(client_event_id="y1", player_id="a2", color="yellow"),
        ],
    )
    backend = await start_embedded(tmp_path)
    try:
        async with connect(backend.url, open_timeout=HANG) as ws:
            await ws.send(json.dumps({"type": "hello", "role": "viewer", "matchId": "old"}))
            error = json.loads(await ws.recv())
            await ws.wait_closed()
        assert error["type"] == "error"
        assert error["code"] == "unavailable"
        assert "event #4 of its log no longer fits the rules" in error["message"]
        assert "/api/matches/old/events.csv" in error["message"]
        # The log itself is still there to download, as the message says.
        csv = await http_get(backend, "/api/matches/old/events.csv")
        assert csv.status == 200
        assert len(csv.body.decode().splitlines()) == 1 + 4
    finally:
        await backend.stop()
