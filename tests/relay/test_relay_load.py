"""Four scorers firing valid and invalid events as fast as they can while 50 viewers watch.

This is the situation that used to disconnect every scorer. Now: nobody is
disconnected, every scorer frame is answered exactly once, and every connection ends
on the same seq with an identical state, having seen every event once and in order.
"""

from __future__ import annotations

import asyncio
import json
import random
from typing import Any

from conftest import StartRelay
from relay_kit import HANG, Peer, clock, http_get, metric, next_raid, open_peer, started_match

SCORERS = 4
VIEWERS = 50
FRAMES_PER_SCORER = 150


class Watcher:
    """Reads every frame of a connection, checking the seq order as it goes."""

    def __init__(self, peer: Peer) -> None:
        self.peer = peer
        self.seq: int = peer.welcome["seq"]
        self.state: dict[str, Any] | None = peer.welcome["state"]
        self.answers: dict[str, list[dict[str, Any]]] = {}
        self.updated = asyncio.Event()
        self.task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for raw in self.peer.ws:
            frame = json.loads(raw)
            if frame["type"] == "event":
                assert frame["seq"] == self.seq + 1, "events out of order or missing"
                self.seq, self.state = frame["seq"], frame["state"]
                self.updated.set()
            elif frame["type"] in ("ack", "error"):
                key = frame.get("clientEventId") or "?"
                self.answers.setdefault(key, []).append(frame)
                self.updated.set()

    async def answer_to(self, client_event_id: str, nth: int) -> dict[str, Any]:
        """The ``nth`` answer to ``client_event_id``, once it has come."""
        await self.until(lambda: len(self.answers.get(client_event_id, ())) >= nth)
        return self.answers[client_event_id][nth - 1]

    async def reach(self, seq: int) -> None:
        await self.until(lambda: self.seq >= seq)

    async def until(self, done: Any) -> None:
        async with asyncio.timeout(HANG):
            while not done():
                self.updated.clear()
                if self.task.done():
                    self.task.result()
                    raise AssertionError("connection ended")
                await self.updated.wait()


async def score(watcher: Watcher, name: str, rng: random.Random) -> list[str]:
    """Send frames, raids as fast as answers come; return their clientEventIds."""
    sent: list[str] = []
    for n in range(FRAMES_PER_SCORER):
        client_event_id = f"{name}-{n}"
        sent.append(client_event_id)
        roll = rng.random()
        state = watcher.state
        assert state is not None
        if roll < 0.6:
            frame = next_raid(state, touch=rng.random() < 0.5, client_event_id=client_event_id)
        elif roll < 0.7:
            frame = clock("start", client_event_id)  # already running: rule_violation
        elif roll < 0.8:
            frame = {"type": "raid", "raiderId": "nobody", "raidType": "empty"}
            frame["clientEventId"] = client_event_id
        elif roll < 0.9:
            frame = {"type": "card", "playerId": "h1", "colour": "red"}  # misspelt field
            frame["clientEventId"] = client_event_id
        elif sent[:-1]:
            sent.pop()  # a re-send of an earlier frame: it is answered again
            client_event_id = rng.choice(sent)
            sent.append(client_event_id)
            frame = next_raid(state, touch=False, client_event_id=client_event_id)
        else:
            frame = next_raid(state, touch=False, client_event_id=client_event_id)
        await watcher.peer.send(frame)
        if frame["type"] == "raid" and roll < 0.6:
            # The next raid is derived from the state this one leads to: wait for its answer
            # (the other scorers do not wait, so raids still collide and get refused).
            answer = await watcher.answer_to(client_event_id, sent.count(client_event_id))
            if answer["type"] == "ack":
                await watcher.reach(answer["seq"])
    return sent


async def test_four_scorers_and_fifty_viewers(start_relay: StartRelay) -> None:
    # Invalid frames are part of the mix here: allow more of them than a real client sends.
    relay = await start_relay(rate_per_second=10_000, rate_burst=10_000, invalid_frame_burst=1000)
    setter, _ = await started_match(relay)
    await setter.close()
    viewers = [Watcher(await open_peer(relay, "viewer")) for _ in range(VIEWERS)]
    scorers = [
        Watcher(await open_peer(relay, "scorer", name=f"S{n}", clientId=f"s{n}"))
        for n in range(SCORERS)
    ]
    sent = await asyncio.gather(
        *(score(w, f"s{n}", random.Random(n)) for n, w in enumerate(scorers))
    )

    for watcher, ids in zip(scorers, sent, strict=True):
        await watcher.until(
            lambda w=watcher, ids=ids: sum(map(len, w.answers.values())) >= len(ids)
        )
        # Exactly one answer per frame, each to the frame's own clientEventId.
        expected: dict[str, int] = {}
        for client_event_id in ids:
            expected[client_event_id] = expected.get(client_event_id, 0) + 1
        assert {k: len(v) for k, v in watcher.answers.items()} == expected
        # A re-sent event that was accepted is acknowledged again with the same seq.
        for answers in watcher.answers.values():
            acked = {a["seq"] for a in answers if a["type"] == "ack"}
            assert len(acked) <= 1

    acks = [a for w in scorers for v in w.answers.values() for a in v if a["type"] == "ack"]
    final = max(a["seq"] for a in acks)
    assert final > 2 + SCORERS  # the scorers got plenty through
    everyone = viewers + scorers
    for watcher in everyone:
        await watcher.reach(final)
    assert {w.seq for w in everyone} == {final}
    assert all(w.state == scorers[0].state for w in everyone)
    assert all(not w.task.done() for w in everyone), "a connection was dropped"
    assert (await http_get(relay, "/api/matches/m1")).json() == scorers[0].state
    assert await metric(relay, "kabaddi_queue_overflow_closes_total") == 0
    assert await metric(relay, 'kabaddi_connections{role="viewer"}') == VIEWERS
    assert await metric(relay, 'kabaddi_connections{role="scorer"}') == SCORERS
    for watcher in everyone:
        await watcher.peer.close()
