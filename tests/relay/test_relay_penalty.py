"""Addresses closed again and again for misbehaving are refused for a while."""

from __future__ import annotations

import json
import logging

import pytest
from conftest import StartRelay
from relay_kit import HANG, closed_code, eventually, open_peer
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from relay.penalty import PenaltyBox


def test_refused_after_the_limit_until_the_lockout_passes() -> None:
    now = [0.0]
    box = PenaltyBox(limit=3, lockout=60, clock=lambda: now[0])
    for _ in range(2):
        box.offended("10.0.0.1", "test")
    assert not box.refused("10.0.0.1")
    now[0] = 50
    box.offended("10.0.0.1", "test")
    assert box.refused("10.0.0.1")
    assert not box.refused("10.0.0.2")
    assert box.refused_addresses == 1
    now[0] = 109  # 59 s after the last offence
    assert box.refused("10.0.0.1")
    now[0] = 110
    assert not box.refused("10.0.0.1")
    assert box.refused_addresses == 0


def test_addresses_kept_are_bounded() -> None:
    box = PenaltyBox(limit=1, lockout=60, max_addresses=10, clock=lambda: 0.0)
    for n in range(100):
        box.offended(f"10.0.0.{n}", "test")
    assert box.refused_addresses == 10


async def test_a_viewer_that_keeps_coming_back_to_send_is_refused(
    start_relay: StartRelay, caplog: pytest.LogCaptureFixture
) -> None:
    relay = await start_relay(abuse_max_closes=3)
    caplog.set_level(logging.WARNING, logger="relay.penalty")
    for n in range(3):
        viewer = await open_peer(relay, "viewer", source="127.0.0.2")
        await viewer.send({"type": "clock", "action": "start", "clientEventId": f"v{n}"})
        assert await closed_code(viewer.ws) == 4403
    with pytest.raises(InvalidStatus) as refused:
        await connect(relay.url, open_timeout=HANG, local_addr=("127.0.0.2", 0))
    assert refused.value.response.status_code == 503
    assert b"this address misbehaved" in refused.value.response.body
    other = await open_peer(relay, "viewer", source="127.0.0.3")
    assert other.welcome["type"] == "welcome"
    if relay.relay is not None:
        lines = [r.getMessage() for r in caplog.records if r.name == "relay.penalty"]
        assert lines == [
            "127.0.0.2 closed 3 times for misbehaving (a viewer sent a frame): refusing it for 60 s"
        ]


async def test_frames_over_64_kib_count_as_misbehaving(start_relay: StartRelay) -> None:
    relay = await start_relay(abuse_max_closes=2)
    for _ in range(2):
        ws = await connect(relay.url, open_timeout=HANG, local_addr=("127.0.0.4", 0))
        await ws.send(json.dumps({"type": "hello", "role": "viewer", "matchId": "m1"}))
        await ws.recv()
        await ws.send("x" * (256 * 1024))
        assert await closed_code(ws) == 1009

    # The relay notes the offence as its side of the connection ends, which may be
    # just after the client has seen the close.
    async def refused() -> bool:
        try:
            ws = await connect(relay.url, open_timeout=HANG, local_addr=("127.0.0.4", 0))
        except InvalidStatus as refusal:
            return refusal.response.status_code == 503
        await ws.close()
        return False

    await eventually(refused)
