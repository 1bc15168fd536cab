"""A crowd big enough that broadcasts are written from every core (``relay.fan_out``):
every viewer, on either protocol, gets every event once and in order and ends with the
state the scorer saw; and so does a viewer whose relay-side output had to wait."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from relay_kit import Backend, Peer, open_peer, started_match
from test_relay_protocol2 import PatchedState, events_until, play

from relay.parallel_write import PARALLEL_FROM
from relay.shape import match_state

VIEWERS = 2 * PARALLEL_FROM + 20  # more than that on each protocol
RAIDS = 15


async def test_a_crowd_gets_every_event_once_in_order_on_either_protocol(
    relay: Backend,
) -> None:
    crowd = [
        await open_peer(relay, "viewer", "m1", protocol=2 if n % 2 else 1) for n in range(VIEWERS)
    ]
    scorer, state = await started_match(relay)
    last = await play(scorer, state, RAIDS)
    final = (await open_peer(relay, "viewer", "m1")).welcome["state"]

    async def follow(peer: Peer) -> dict[str, Any]:
        if peer.welcome["protocol"] == 2:
            patched = PatchedState(peer.welcome)
            await events_until(peer, last, patched.apply)
            assert patched.applied == list(range(1, last + 1))
            return dict(json.loads(match_state(patched.state).model_dump_json()))
        seqs: list[int] = []
        full: dict[str, Any] = {}

        def keep(frame: dict[str, Any]) -> None:
            seqs.append(frame["seq"])
            full.clear()
            full.update(frame["state"])

        await events_until(peer, last, keep)
        assert seqs == list(range(peer.welcome["seq"] + 1, last + 1))
        return full

    ends = await asyncio.gather(*(follow(peer) for peer in crowd))
    assert all(end == final for end in ends)
