"""Protocol 2 over a real relay: both versions on one match, resuming, refusing the unknown."""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Callable
from typing import Any

import json_merge_patch
from relay_kit import (
    HANG,
    Backend,
    Peer,
    clock,
    closed_code,
    next_raid,
    open_peer,
    setup_frame,
    started_match,
)
from websockets.asyncio.client import connect

from relay.shape import match_state
from relay.wire import LoggedEvent


class PatchedState:
    """What a protocol-2 client knows: the welcome's state, patched by each event."""

    def __init__(self, welcome: dict[str, Any]) -> None:
        assert welcome["protocol"] == 2
        self.epoch: str = welcome["epoch"]
        self.seq: int = welcome["seq"]
        self.state: Any = welcome["state"]
        self.applied: list[int] = [logged["seq"] for logged in welcome["events"]]

    def resume(self, welcome: dict[str, Any]) -> None:
        assert welcome["recovered"] is True
        missed = [logged["seq"] for logged in welcome["events"] if logged["seq"] > self.seq]
        self.applied += missed
        self.seq, self.state = welcome["seq"], welcome["state"]

    def apply(self, frame: dict[str, Any]) -> None:
        assert "state" not in frame
        if frame["seq"] <= self.seq:
            return
        assert frame["seq"] == self.seq + 1, f"gap: {self.seq} -> {frame['seq']}"
        self.state = json_merge_patch.merge(copy.deepcopy(self.state), frame["patch"])
        self.seq = frame["seq"]
        self.applied.append(frame["seq"])


async def events_until(peer: Peer, seq: int, on_event: Any) -> None:
    while True:
        frame = await peer.recv_type("event")
        on_event(frame)
        if frame["seq"] >= seq:
            return


def ignore(count: int) -> None:
    pass


async def play(
    scorer: Peer, state: dict[str, Any], raids: int, acked: Callable[[int], None] = ignore
) -> int:
    """Send ``raids`` valid raids, each as soon as the one before it is broadcast."""
    for n in range(raids):
        await scorer.send(next_raid(state, touch=n % 3 == 0, client_event_id=f"burst-{n}"))
        answer = await scorer.answer()
        assert answer["type"] == "ack", answer
        acked(n + 1)
        state = (await scorer.recv_type("event"))["state"]
    return int(state["lastSeq"])


async def test_a_protocol_1_and_a_protocol_2_viewer_end_with_the_same_state(
    relay: Backend,
) -> None:
    old = await open_peer(relay, "viewer", "m1")
    new = await open_peer(relay, "viewer", "m1", protocol=2)
    assert (old.welcome["protocol"], new.welcome["protocol"]) == (1, 2)
    patched = PatchedState(new.welcome)
    scorer, state = await started_match(relay)
    last = await play(scorer, state, 30)
    full: dict[str, Any] = {}

    def keep(frame: dict[str, Any]) -> None:
        assert "patch" not in frame
        full.clear()
        full.update(frame["state"])

    await events_until(old, last, keep)
    await events_until(new, last, patched.apply)
    assert patched.applied == list(range(1, last + 1))
    assert json.loads(match_state(patched.state).model_dump_json()) == full
    # A newcomer of either version is welcomed with that same state.
    late_old = await open_peer(relay, "viewer", "m1")
    late_new = await open_peer(relay, "viewer", "m1", protocol=2)
    assert late_old.welcome["state"] == full
    assert late_new.welcome["state"] == patched.state
    old_log = [LoggedEvent.model_validate(e) for e in late_old.welcome["events"]]
    assert [LoggedEvent.model_validate(e) for e in late_new.welcome["events"]] == old_log
    assert [e["seq"] for e in late_new.welcome["events"]] == list(range(1, last + 1))


async def test_a_protocol_2_viewer_dropped_mid_burst_resumes_without_gap_or_repeat(
    relay: Backend,
) -> None:
    scorer, state = await started_match(relay)
    viewer = await open_peer(relay, "viewer", "m1", protocol=2)
    patched = PatchedState(viewer.welcome)
    assert patched.seq == 2
    burst = 40
    halfway = asyncio.Event()

    def acked(count: int) -> None:
        if count >= burst // 2:
            halfway.set()

    sending = asyncio.ensure_future(play(scorer, state, burst, acked))
    # Take part of the burst, then lose the connection without a close handshake.
    await events_until(viewer, patched.seq + 10, patched.apply)
    viewer.ws.transport.abort()
    dropped_at = patched.seq
    async with asyncio.timeout(HANG):
        await halfway.wait()  # the burst goes on without us
    back = await open_peer(
        relay, "viewer", "m1", protocol=2, lastSeq=patched.seq, epoch=patched.epoch
    )
    assert back.welcome["recovered"] is True
    assert back.welcome["events"], "nothing was missed while away"
    patched.resume(back.welcome)
    last = await sending
    if patched.seq < last:
        await events_until(back, last, patched.apply)
    assert patched.applied == list(range(1, last + 1)), f"dropped at {dropped_at}"
    assert last == 2 + burst
    check = await open_peer(relay, "viewer", "m1")
    assert json.loads(match_state(patched.state).model_dump_json()) == check.welcome["state"]


async def test_an_unknown_protocol_gets_an_error_naming_the_versions_spoken(
    relay: Backend,
) -> None:
    ws = await connect(relay.url, open_timeout=HANG)
    await ws.send(json.dumps({"type": "hello", "role": "viewer", "matchId": "m1", "protocol": 3}))
    async with asyncio.timeout(HANG):
        error = json.loads(await ws.recv())
    assert error["type"] == "error"
    assert error["code"] == "invalid_field"
    assert "protocol 3 is unknown: this relay speaks protocols 1 and 2" in error["message"]
    assert await closed_code(ws) == 4400


async def test_a_protocol_2_scorer_gets_acks_and_patches(relay: Backend) -> None:
    scorer = await open_peer(relay, "scorer", "m2", name="Asha", protocol=2)
    assert (scorer.welcome["protocol"], scorer.welcome["state"]) == (2, None)
    await scorer.send(setup_frame("s1"))
    assert (await scorer.answer())["seq"] == 1
    setup = await scorer.recv_type("event")
    assert setup["patch"]["home"]["squad"][:2] == ["h1", "h2"]
    assert setup["patch"]["home"]["players"]["h1"]["name"] == "Pardeep"
    await scorer.send(clock("start", "c1"))
    assert (await scorer.answer())["seq"] == 2
    started = await scorer.recv_type("event")
    # Only what changed: the phase, the clock, the bookkeeping of the log.
    assert set(started["patch"]) == {"phase", "clock", "lastSeq", "lastEventAt"}
    assert started["patch"]["phase"] == "firstHalf"
    assert started["patch"]["clock"]["running"] is True
