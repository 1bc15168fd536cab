"""The reference relay welcomes, then wraps and broadcasts scorer frames in order."""

from __future__ import annotations

import asyncio
import json

from websockets.asyncio.client import connect

from bench.reference_relay import ReferenceRelay


async def test_scorer_frames_reach_every_connection_numbered_in_order() -> None:
    async with (
        ReferenceRelay() as relay,
        connect(relay.url) as scorer,
        connect(relay.url) as viewer,
    ):
        await scorer.send(json.dumps({"type": "hello", "role": "scorer", "matchId": "m"}))
        await viewer.send(json.dumps({"type": "hello", "role": "viewer", "matchId": "m"}))
        for ws in (scorer, viewer):
            welcome = json.loads(await asyncio.wait_for(ws.recv(), 5))
            assert welcome["type"] == "welcome"
            assert welcome["seq"] == 0
        await viewer.send('{"type":"raid","clientEventId":"from-a-viewer"}')
        frames = [{"type": "technical", "clientEventId": f"e{i}"} for i in range(20)]
        for frame in frames:
            await scorer.send(json.dumps(frame))
        for ws in (scorer, viewer):
            got = [json.loads(await asyncio.wait_for(ws.recv(), 5)) for _ in frames]
            assert [g["seq"] for g in got] == list(range(1, 21))
            assert [g["event"] for g in got] == frames
            assert all(g["type"] == "event" and g["state"] is None for g in got)


async def test_a_late_viewer_is_welcomed_at_the_current_seq() -> None:
    async with ReferenceRelay() as relay:
        async with connect(relay.url) as scorer:
            await scorer.send(json.dumps({"type": "hello", "role": "scorer", "matchId": "m"}))
            await scorer.recv()
            await scorer.send('{"type":"clock"}')
            await scorer.recv()
        async with connect(relay.url) as viewer:
            await viewer.send(json.dumps({"type": "hello", "role": "viewer", "matchId": "m"}))
            welcome = json.loads(await asyncio.wait_for(viewer.recv(), 5))
            assert welcome["seq"] == 1


async def test_no_hello_closes_with_4400() -> None:
    async with ReferenceRelay() as relay, connect(relay.url) as ws:
        await ws.send("not json")
        await asyncio.wait_for(ws.wait_closed(), 5)
        assert ws.close_code == 4400


async def test_padding_makes_frames_as_heavy_as_requested() -> None:
    async with (
        ReferenceRelay(pad_bytes=5000) as relay,
        connect(relay.url, max_size=None) as scorer,
    ):
        await scorer.send(json.dumps({"type": "hello", "role": "scorer", "matchId": "m"}))
        await scorer.recv()
        await scorer.send('{"type":"technical","clientEventId":"x"}')
        frame = json.loads(await asyncio.wait_for(scorer.recv(), 5))
        assert frame["state"] == "s" * 5000
        assert frame["event"] == {"type": "technical", "clientEventId": "x"}
