"""The wire contract, checked against both backends (embedded and ``python -m relay``)."""

from __future__ import annotations

import json
import ssl
from pathlib import Path

import pytest
from certificates import self_signed
from conftest import StartRelay
from relay_kit import (
    Backend,
    clock,
    closed_code,
    eventually,
    metric,
    next_raid,
    open_peer,
    setup_frame,
    started_match,
)
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus


async def test_viewer_of_a_new_match_goes_live_when_it_is_set_up(relay: Backend) -> None:
    viewer = await open_peer(relay, "viewer", "final")
    assert viewer.welcome["state"] is None
    assert viewer.welcome["seq"] == 0
    assert viewer.welcome["events"] == []
    scorer = await open_peer(relay, "scorer", "final", name="Asha", clientId="app-1")
    assert scorer.welcome["epoch"] == viewer.welcome["epoch"]
    presence = await viewer.recv_type("presence")  # its own arrival first
    assert presence == {"type": "presence", "scorers": [], "viewers": 1}
    presence = await viewer.recv_type("presence")
    assert presence["scorers"] == [{"clientId": "app-1", "name": "Asha"}]
    assert presence["viewers"] == 1

    await scorer.send(setup_frame("s1"))
    assert await scorer.answer() == {
        "type": "ack",
        "clientEventId": "s1",
        "seq": 1,
        "duplicate": False,
    }
    for peer in (viewer, scorer):
        event = await peer.recv_type("event")
        assert event["seq"] == 1
        assert event["event"]["by"] == "Asha"
        assert isinstance(event["event"]["at"], int)
        assert event["state"]["home"]["name"] == "Patna Pirates"
        assert event["state"]["lastSeq"] == 1
        assert event["text"]


async def test_relay_stamps_at_and_by_over_the_scorers_values(relay: Backend) -> None:
    scorer = await open_peer(relay, "scorer", name="Ravi")
    frame = setup_frame()
    frame["at"], frame["by"] = 5, "Impostor"
    await scorer.send(frame)
    await scorer.answer()
    event = (await scorer.recv_type("event"))["event"]
    assert event["by"] == "Ravi"
    assert event["at"] > 5
    # The welcome carries the relay's clock too, so clients can count down at once.
    later = await open_peer(relay, "viewer")
    assert later.welcome["now"] >= event["at"]


async def test_an_accepted_event_resent_is_a_duplicate_and_applied_once(relay: Backend) -> None:
    scorer, state = await started_match(relay)
    raid = next_raid(state, touch=True, client_event_id="raid-1")
    await scorer.send(raid)
    first = await scorer.answer()
    event = await scorer.recv_type("event")
    await scorer.send(raid)
    again = await scorer.answer()
    assert first == {"type": "ack", "clientEventId": "raid-1", "seq": 3, "duplicate": False}
    assert again == {"type": "ack", "clientEventId": "raid-1", "seq": 3, "duplicate": True}
    # A second scorer re-sending it is a duplicate too, and no event is broadcast.
    other = await open_peer(relay, "scorer", name="Other")
    assert other.welcome["seq"] == 3
    await other.send(raid)
    assert (await other.answer())["duplicate"] is True
    await other.send(clock("pause", "p1"))
    assert (await other.answer())["seq"] == 4
    assert (await other.recv_type("event"))["seq"] == 4
    assert event["state"]["home"]["score"] == 1


async def test_a_rejected_event_is_not_remembered(relay: Backend) -> None:
    scorer = await open_peer(relay, "scorer")
    await scorer.send(clock("start", "early"))
    error = await scorer.answer()
    assert error["code"] == "not_set_up"
    assert error["clientEventId"] == "early"
    await scorer.send(setup_frame())
    await scorer.answer()
    await scorer.send(clock("start", "early"))
    assert (await scorer.answer())["type"] == "ack"


async def test_a_viewer_that_sends_an_event_is_closed_4403(relay: Backend) -> None:
    viewer = await open_peer(relay, "viewer")
    await viewer.send(setup_frame("v1"))
    error = await viewer.answer()
    assert error["code"] == "forbidden"
    assert await closed_code(viewer.ws) == 4403
    scorer = await open_peer(relay, "scorer")
    assert scorer.welcome["state"] is None
    assert await metric(relay, 'kabaddi_connections{role="viewer"}') == 0


async def test_relay_only_frames_are_forbidden(relay: Backend) -> None:
    scorer = await open_peer(relay, "scorer")
    await scorer.send({"type": "ack", "clientEventId": "x", "seq": 1})
    assert (await scorer.answer())["code"] == "forbidden"


async def test_a_wrong_token_cannot_score(relay: Backend) -> None:
    ws = await connect(relay.url)
    await ws.send(json.dumps({"type": "hello", "role": "scorer", "matchId": "m1", "token": "no"}))
    error = json.loads(await ws.recv())
    assert error["type"] == "error"
    assert error["code"] == "unauthorized"
    assert await closed_code(ws) == 4401
    without = await connect(relay.url)
    await without.send(json.dumps({"type": "hello", "role": "scorer", "matchId": "m1"}))
    assert json.loads(await without.recv())["code"] == "unauthorized"
    assert await closed_code(without) == 4401


async def test_first_frame_must_be_hello(relay: Backend) -> None:
    ws = await connect(relay.url)
    await ws.send(json.dumps(clock("start")))
    assert json.loads(await ws.recv())["type"] == "error"
    assert await closed_code(ws) == 4400


async def test_no_hello_in_time_closes_4400(start_relay: StartRelay) -> None:
    relay = await start_relay(hello_timeout=0.2)
    ws = await connect(relay.url)
    assert await closed_code(ws) == 4400


async def test_second_hello_is_answered_and_closes_4400(relay: Backend) -> None:
    scorer = await open_peer(relay, "scorer")
    await scorer.send({"type": "hello", "role": "viewer", "matchId": "m1"})
    assert (await scorer.answer())["code"] == "invalid_field"
    assert await closed_code(scorer.ws) == 4400


async def test_every_frame_is_answered_once_and_invalid_ones_change_nothing(
    relay: Backend,
) -> None:
    scorer = await open_peer(relay, "scorer")
    frames: list[str | bytes] = [
        "not json",
        "[1,2]",
        '{"type":"nope","clientEventId":"u1"}',
        '{"clientEventId":"t1"}',
        json.dumps({**clock("start", "f1"), "extra": 1}),
        json.dumps({"type": "raid", "raiderId": 7, "raidType": "empty", "clientEventId": "w1"}),
        b"\x00\x01binary",
        json.dumps(clock("start", "ok-not-set-up")),
    ]
    for frame in frames:
        await scorer.send(frame)
    codes = [(await scorer.answer())["code"] for _ in frames]
    assert codes == [
        "bad_frame",
        "bad_frame",
        "unknown_type",
        "invalid_field",
        "invalid_field",
        "invalid_field",
        "bad_frame",
        "not_set_up",
    ]
    await scorer.send(setup_frame())
    assert (await scorer.answer())["seq"] == 1


@pytest.mark.parametrize("size", [64 * 1024 + 1, 256 * 1024])
async def test_a_frame_over_64_kib_closes_1009(relay: Backend, size: int) -> None:
    scorer = await open_peer(relay, "scorer")
    await scorer.send(json.dumps({**clock("start", "big"), "pad": ""})[:-2] + "x" * size + '"}')
    assert await closed_code(scorer.ws) == 1009
    viewer = await open_peer(relay, "viewer")
    await viewer.send("y" * size)
    assert await closed_code(viewer.ws) == 1009
    again = await open_peer(relay, "scorer")
    assert again.welcome["seq"] == 0


async def test_a_frame_of_exactly_64_kib_is_answered(relay: Backend) -> None:
    scorer = await open_peer(relay, "scorer")
    frame = json.dumps({**clock("start", "big"), "pad": ""})
    await scorer.send(frame[:-2] + "x" * (64 * 1024 - len(frame)) + '"}')
    assert (await scorer.answer())["code"] == "invalid_field"
    await scorer.send(setup_frame())
    assert (await scorer.answer())["seq"] == 1


async def test_rate_limit_answers_rate_limited(start_relay: StartRelay) -> None:
    relay = await start_relay(rate_per_second=0.001, rate_burst=3)
    scorer = await open_peer(relay, "scorer")
    await scorer.send(setup_frame())
    for n in range(5):
        await scorer.send(clock("start", f"c{n}"))
    answers = [await scorer.answer() for _ in range(6)]
    rate_limited = [a for a in answers if a.get("code") == "rate_limited"]
    assert len(rate_limited) == 3
    assert {a["clientEventId"] for a in rate_limited} == {"c2", "c3", "c4"}
    assert sum(1 for a in answers if a["type"] == "ack") == 2  # setup, then c0


async def test_resume_gets_exactly_the_missed_events(relay: Backend) -> None:
    scorer, state = await started_match(relay)
    viewer = await open_peer(relay, "viewer")
    epoch, seen = viewer.welcome["epoch"], viewer.welcome["seq"]
    assert seen == 2
    await viewer.close()
    for n in range(3):
        await scorer.send(next_raid(state, touch=False, client_event_id=f"r{n}"))
        await scorer.answer()
        state = (await scorer.recv_type("event"))["state"]
    back = await open_peer(relay, "viewer", lastSeq=seen, epoch=epoch)
    assert back.welcome["recovered"] is True
    assert [e["seq"] for e in back.welcome["events"]] == [3, 4, 5]
    assert back.welcome["state"] == state
    stale = await open_peer(relay, "viewer", lastSeq=seen, epoch="another-log")
    assert stale.welcome["recovered"] is False
    assert [e["seq"] for e in stale.welcome["events"]] == [1, 2, 3, 4, 5]
    assert stale.welcome["state"] == state


async def test_resume_after_a_dropped_connection_resends_as_duplicates(relay: Backend) -> None:
    scorer, state = await started_match(relay)
    raid = next_raid(state, touch=True, client_event_id="lost-ack")
    await scorer.send(raid)
    # The connection drops before the scorer reads the ack.
    scorer.ws.transport.abort()
    again = await open_peer(relay, "scorer", lastSeq=2, epoch=scorer.welcome["epoch"])
    assert again.welcome["recovered"] is True
    await again.send(raid)
    answer = await again.answer()
    assert answer["type"] == "ack"
    assert answer["seq"] == 3
    # Whether or not the relay had read it before the drop, it is applied once.
    await again.send(clock("pause", "after"))
    assert (await again.answer())["seq"] == 4
    while not any(f["type"] == "event" and f["seq"] == 4 for f in again.seen):
        await again.recv()
    broadcast = [f["seq"] for f in again.seen if f["type"] == "event"]
    assert [e["seq"] for e in again.welcome["events"]] + broadcast == [3, 4]


async def test_viewers_per_address_are_capped(start_relay: StartRelay) -> None:
    relay = await start_relay(max_connections_per_address=2)
    first = await open_peer(relay)
    await open_peer(relay)
    ws = await connect(relay.url)
    await ws.send(json.dumps({"type": "hello", "role": "viewer", "matchId": "m1"}))
    assert await closed_code(ws) == 1013
    # Scorers and other addresses are not held back by this address's viewers.
    await open_peer(relay, "scorer")
    await open_peer(relay, source="127.0.0.2")
    await first.close()

    async def admitted() -> bool:
        try:
            peer = await open_peer(relay)
        except AssertionError:  # closed before its welcome
            return False
        await peer.close()
        return True

    await eventually(admitted)


async def test_heartbeat_drops_a_peer_that_stops_answering(start_relay: StartRelay) -> None:
    relay = await start_relay(ping_interval=0.2, ping_timeout=0.2, close_timeout=0.5)
    silent = await open_peer(relay, "viewer")
    watcher = await open_peer(relay, "viewer")
    # The silent peer's client stops reading: pings go unanswered.
    silent.ws.transport.pause_reading()

    async def dropped() -> bool:
        presence = await watcher.recv_type("presence")
        return bool(presence["viewers"] == 1)

    await eventually(dropped, interval=0)
    assert await metric(relay, 'kabaddi_connections{role="viewer"}') == 1


async def test_slow_viewer_is_closed_4408_and_others_keep_receiving(
    start_relay: StartRelay,
) -> None:
    relay = await start_relay(
        queue_max_frames=8, queue_max_bytes=64 * 1024, rate_per_second=10_000, rate_burst=10_000
    )
    scorer, _ = await started_match(relay)
    slow = await open_peer(relay, "viewer")
    fast = await open_peer(relay, "viewer")
    slow.ws.transport.pause_reading()
    seq = 2
    received = 2
    while await metric(relay, "kabaddi_queue_overflow_closes_total") == 0:
        for _ in range(20):
            seq += 1
            await scorer.send(clock("pause" if seq % 2 else "resume", f"p{seq}"))
        for _ in range(20):
            assert (await scorer.answer())["type"] == "ack"
        while received < seq:
            frame = await fast.recv_type("event")
            assert frame["seq"] == received + 1
            received = frame["seq"]
        assert seq < 5000, "the slow viewer was never closed"
    slow.ws.transport.resume_reading()
    assert await closed_code(slow.ws) == 4408
    # The others noticed nothing.
    seq += 1
    await scorer.send(clock("pause" if seq % 2 else "resume", f"p{seq}"))
    assert (await fast.recv_type("event"))["seq"] == seq
    await scorer.answer()


async def test_relay_shutdown_closes_connections_with_1001(relay: Backend) -> None:
    viewer = await open_peer(relay)
    await relay.stop()
    assert await closed_code(viewer.ws) == 1001
    if relay.process is not None:
        assert relay.process.returncode == 0


async def test_total_connections_are_capped(start_relay: StartRelay) -> None:
    relay = await start_relay(max_connections=1, scorer_reserve=0)
    await open_peer(relay)
    with pytest.raises(InvalidStatus) as refused:
        await connect(relay.url)
    assert refused.value.response.status_code == 503
    assert b"too many connections" in refused.value.response.body


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    return self_signed(tmp_path)


async def test_tls(start_relay: StartRelay, certificate: tuple[Path, Path]) -> None:
    cert, key = certificate
    relay = await start_relay(certfile=cert, keyfile=key)
    assert relay.url.startswith("wss://")
    context = ssl.create_default_context(cafile=cert)
    async with connect(relay.url, ssl=context) as ws:
        await ws.send(json.dumps({"type": "hello", "role": "viewer", "matchId": "m1"}))
        assert json.loads(await ws.recv())["type"] == "welcome"


async def test_answers_come_in_the_order_of_the_frames(relay: Backend) -> None:
    scorer = await open_peer(relay, "scorer")
    await scorer.send(setup_frame("s1"))
    await scorer.send("not json")
    await scorer.send(
        next_raid(
            {"raidingTeam": "home", "home": {"onCourt": ["h1"]}, "away": {"onCourt": ["a1"]}},
            touch=True,
            client_event_id="r1",
        )
    )
    await scorer.send(clock("start", "c1"))
    await scorer.send(setup_frame("s1"))
    answers = [await scorer.answer() for _ in range(5)]
    assert [(a["type"], a.get("clientEventId"), a.get("code")) for a in answers] == [
        ("ack", "s1", None),
        ("error", None, "bad_frame"),
        ("error", "r1", "rule_violation"),  # the clock has not started
        ("ack", "c1", None),
        ("ack", "s1", None),  # the duplicate
    ]
    assert answers[-1]["duplicate"] is True
