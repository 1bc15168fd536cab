"""One connection's protocol under abuse: cheap refusals, closes, and per-match limits.

Other machines are simulated with loopback source addresses (127.0.0.2 and up).
"""

from __future__ import annotations

import asyncio
import contextlib
import json

from conftest import StartRelay
from relay_kit import HANG, Backend, clock, closed_code, metric, open_peer, setup_frame
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

# Costly to validate field by field (32,000 wrong items), cheap to refuse by its shape.
SLOW_FRAME = (
    '{"type":"raid","clientEventId":"a","raiderId":"x","raidType":"empty","touchedIds":['
    + ",".join(["1"] * 32_000)
    + "]}"
)
FLOOD_FRAMES = 200


async def flood(ws: ClientConnection) -> int | None:
    """Send slow frames (reading the answers) until the relay closes; its close code."""

    async def read() -> None:
        with contextlib.suppress(ConnectionClosed):
            async for _ in ws:
                pass

    reader = asyncio.ensure_future(read())
    try:
        async with asyncio.timeout(HANG):
            for _ in range(FLOOD_FRAMES):
                await ws.send(SLOW_FRAME)
            await ws.wait_closed()
    except ConnectionClosed:
        pass
    await reader
    return ws.close_code if ws.close_code != 1000 else None


async def viewer_connection(relay: Backend, source: str) -> ClientConnection:
    ws = await connect(relay.url, open_timeout=HANG, max_size=None, local_addr=(source, 0))
    await ws.send(json.dumps({"type": "hello", "role": "viewer", "matchId": "m1"}))
    async with asyncio.timeout(HANG):
        assert json.loads(await ws.recv())["type"] == "welcome"
    return ws


async def test_scorer_is_answered_while_viewers_and_a_scorer_flood_slow_frames(
    start_relay: StartRelay,
) -> None:
    relay = await start_relay()
    scorer = await open_peer(relay, "scorer", name="Real")
    await scorer.send(setup_frame())
    assert (await scorer.answer())["type"] == "ack"
    flooders = [await viewer_connection(relay, f"127.0.0.{2 + n}") for n in range(4)]
    rogue = await open_peer(relay, "scorer", source="127.0.0.9", name="Rogue")
    floods = [asyncio.ensure_future(flood(ws)) for ws in [*flooders, rogue.ws]]
    answers = []
    for n in range(20):
        await scorer.send(clock("start" if n == 0 else ("pause" if n % 2 else "resume"), f"c{n}"))
        answers.append(await scorer.answer())
    codes = await asyncio.gather(*floods)
    assert [a["type"] for a in answers] == ["ack"] * 20
    assert codes == [4403, 4403, 4403, 4403, 4400]
    assert await metric(relay, 'kabaddi_connections{role="viewer"}') == 0
    assert await metric(relay, 'kabaddi_connections{role="scorer"}') == 1


async def test_a_scorer_that_keeps_sending_invalid_frames_is_closed(
    start_relay: StartRelay,
) -> None:
    relay = await start_relay(invalid_frame_burst=3)
    scorer = await open_peer(relay, "scorer")
    for n in range(3):
        await scorer.send({"type": "raid", "raiderId": 7, "clientEventId": f"bad-{n}"})
    codes = [(await scorer.answer())["code"] for _ in range(3)]
    assert codes == ["invalid_field"] * 3
    await scorer.send("not json")
    assert (await scorer.answer())["code"] == "bad_frame"
    assert await closed_code(scorer.ws) == 4400
    # Frames the rules refuse are not invalid: they never close a scorer.
    other = await open_peer(relay, "scorer")
    for n in range(6):
        await other.send(clock("start", f"early-{n}"))
        assert (await other.answer())["code"] == "not_set_up"
    await other.send(setup_frame())
    assert (await other.answer())["type"] == "ack"


async def test_rate_limited_frames_are_answered_without_being_parsed(
    start_relay: StartRelay,
) -> None:
    relay = await start_relay(rate_per_second=0.001, rate_burst=1)
    scorer = await open_peer(relay, "scorer")
    await scorer.send(setup_frame())
    assert (await scorer.answer())["type"] == "ack"
    await scorer.send(SLOW_FRAME.replace('"a"', '"slow-1"'))
    await scorer.send('{"clientEventId":"broken-1", not json')
    answers = [await scorer.answer() for _ in range(2)]
    assert [(a["code"], a["clientEventId"]) for a in answers] == [
        ("rate_limited", "slow-1"),
        ("rate_limited", "broken-1"),
    ]


async def test_a_hello_longer_than_any_hello_is_refused(relay: Backend) -> None:
    ws = await connect(relay.url, open_timeout=HANG)
    await ws.send(json.dumps({"type": "hello", "role": "viewer", "matchId": "m1", "x": "y" * 2000}))
    assert json.loads(await ws.recv())["code"] == "too_large"
    assert await closed_code(ws) == 4400


async def test_events_per_match_are_limited(start_relay: StartRelay) -> None:
    relay = await start_relay(max_events_per_match=3)
    scorer = await open_peer(relay, "scorer")
    await scorer.send(setup_frame())
    await scorer.send(clock("start", "c1"))
    await scorer.send(clock("pause", "c2"))
    await scorer.send(clock("resume", "c3"))
    answers = [await scorer.answer() for _ in range(4)]
    assert [a.get("seq") for a in answers[:3]] == [1, 2, 3]
    assert answers[3]["code"] == "limit_reached"
    assert answers[3]["clientEventId"] == "c3"
    assert answers[3]["message"] == "This match has reached the relay's limit of 3 events."
    # Another match is not affected.
    other = await open_peer(relay, "scorer", "m2")
    await other.send(setup_frame("setup-m2"))
    assert (await other.answer())["seq"] == 1


async def test_matches_set_up_per_day_are_limited(start_relay: StartRelay) -> None:
    relay = await start_relay(max_matches_per_day=2)
    scorer = await open_peer(relay, "scorer", "a")
    broken = setup_frame("broken")
    broken["home"]["players"] = broken["home"]["players"][:3]
    await scorer.send(broken)  # refused by the rules: it does not count
    assert (await scorer.answer())["type"] == "error"
    for match_id in ("a", "b", "c"):
        peer = await open_peer(relay, "scorer", match_id)
        await peer.send(setup_frame(f"setup-{match_id}"))
        answer = await peer.answer()
        if match_id == "c":
            assert answer["code"] == "limit_reached"
            # A sliding 24 hours in SQLite, the UTC day in Redis (shared by the nodes).
            assert "set up 2 matches" in answer["message"]
            assert "--max-matches-per-day" in answer["message"]
        else:
            assert answer["seq"] == 1
    # The matches already set up go on.
    await scorer.send(clock("start", "go"))
    assert (await scorer.answer())["seq"] == 2


async def test_a_viewer_welcome_is_bounded(start_relay: StartRelay) -> None:
    relay = await start_relay(viewer_welcome_events=5, rate_per_second=10_000, rate_burst=10_000)
    scorer = await open_peer(relay, "scorer")
    await scorer.send(setup_frame())
    await scorer.send(clock("start", "c0"))
    for n in range(1, 19):
        await scorer.send(clock("pause" if n % 2 else "resume", f"c{n}"))
    for _ in range(20):
        await scorer.answer()
    viewer = await open_peer(relay, "viewer")
    assert [e["seq"] for e in viewer.welcome["events"]] == [16, 17, 18, 19, 20]
    assert viewer.welcome["seq"] == 20
    # A viewer 2 events behind gets just those; one further behind starts again.
    near = await open_peer(relay, "viewer", lastSeq=18, epoch=viewer.welcome["epoch"])
    assert [e["seq"] for e in near.welcome["events"]] == [19, 20]
    assert near.welcome["recovered"] is True
    far = await open_peer(relay, "viewer", lastSeq=2, epoch=viewer.welcome["epoch"])
    assert [e["seq"] for e in far.welcome["events"]] == [16, 17, 18, 19, 20]
    assert far.welcome["recovered"] is False
    # Scorers still get the whole tail: their app rebuilds its play-by-play from it.
    again = await open_peer(relay, "scorer")
    assert len(again.welcome["events"]) == 20
