"""Every connection hears from the relay at least once a heartbeat: presence again when a
match is quiet, nothing extra while events flow. A page that hears nothing for several
heartbeats can then tell a dead connection from a quiet match."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from conftest import StartRelay
from relay_kit import next_raid, open_peer, started_match

HEARTBEAT = 0.3


async def test_a_quiet_match_sends_presence_every_heartbeat(start_relay: StartRelay) -> None:
    relay = await start_relay(heartbeat=HEARTBEAT)
    old = await open_peer(relay, "viewer", "quiet")
    new = await open_peer(relay, "viewer", "quiet", protocol=2)
    for peer in (old, new):
        beats = []
        started = time.monotonic()
        while len(beats) < 3:
            frame = await peer.recv()  # HANG-bounded
            assert frame["type"] == "presence", frame
            beats.append(time.monotonic() - started)
        assert frame["viewers"] == 2


async def test_no_extra_presence_while_events_flow(start_relay: StartRelay) -> None:
    relay = await start_relay(heartbeat=HEARTBEAT, rate_per_second=10_000, rate_burst=10_000)
    scorer, state = await started_match(relay)
    viewer = await open_peer(relay, "viewer", "m1", protocol=2)
    raids = 0
    until = time.monotonic() + 4 * HEARTBEAT

    async def keep_scoring() -> None:
        nonlocal raids, state
        while time.monotonic() < until:
            await scorer.send(next_raid(state, touch=False, client_event_id=f"flow-{raids}"))
            assert (await scorer.answer())["type"] == "ack"
            state = (await scorer.recv_type("event"))["state"]
            raids += 1
            await asyncio.sleep(HEARTBEAT / 6)

    frames: list[dict[str, Any]] = []

    async def read() -> None:
        while True:
            frames.append(await viewer.recv())

    reader = asyncio.create_task(read())
    await keep_scoring()
    reader.cancel()
    kinds = [f["type"] for f in frames]
    assert kinds.count("event") >= 4
    # The viewer's own arrival may show once; no heartbeat while events flow.
    assert kinds.count("presence") <= 1, kinds
