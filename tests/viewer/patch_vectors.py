"""Patch vectors: what the relay broadcast to protocol-2 clients over the 80-raid match.

A room with a real store plays the fixture match to a protocol-1 and a protocol-2
viewer. Each step is the protocol-2 state before the event, the patch the relay sent,
the state after it (the state the relay sent protocol 1 for that seq, in the protocol-2
shape) and that protocol-1 state itself: the pages' patch code must get from one to
the next, and draw the same thing protocol 1 would.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from relay.metrics import Metrics
from relay.room import Room
from relay.rules.events import Event
from relay.rules.state import MatchState
from relay.shape import wire_state
from relay.store import Store
from relay.wire import Hello

FIXTURE = Path(__file__).resolve().parents[1] / "rules" / "fixtures" / "full_match.json"


class Viewer:
    def __init__(self, connection_id: str) -> None:
        self.connection_id = connection_id
        self.role = "viewer"
        self.client_id = self.name = connection_id
        self.frames: list[dict[str, Any]] = []

    def send(self, frame: bytes) -> None:
        self.frames.append(json.loads(frame))

    def close(self, code: int, reason: str) -> None:
        raise AssertionError(f"closed: {code} {reason}")

    def events(self) -> list[dict[str, Any]]:
        return [f for f in self.frames if f["type"] == "event"]


async def broadcast_fixture(data_dir: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The event frames of the fixture match as protocol 1 and protocol 2 got them."""
    adapter: TypeAdapter[Event] = TypeAdapter(Event)
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    store = Store(data_dir / "relay.sqlite3")
    await store.open()
    try:
        now = [rows[0]["at"]]
        room = Room("vectors", "ep", store, Metrics(), clock=lambda: now[0])
        scorer, old, new = Viewer("s"), Viewer("v1"), Viewer("v2")
        room.join(scorer, Hello(role="scorer", match_id="vectors"))
        room.join(old, Hello(role="viewer", match_id="vectors"))
        room.join(new, Hello(role="viewer", match_id="vectors", protocol=2))
        for row in rows:
            now[0] = row["at"]  # the match as it was timed
            room.submit(scorer, adapter.validate_python(row["event"]), 0.0)
        async with asyncio.timeout(30):
            await store.events("vectors")
    finally:
        await store.close()
    assert len(old.events()) == len(new.events()) == len(rows)
    return old.events(), new.events()


def vectors(data_dir: Path) -> list[dict[str, Any]]:
    full, patched = asyncio.run(broadcast_fixture(data_dir))
    steps = []
    previous: Any = None
    for one, two in zip(full, patched, strict=True):
        after = wire_state(MatchState.model_validate(one["state"]))
        steps.append(
            {
                "seq": two["seq"],
                "previous": previous,
                "patch": two["patch"],
                "next": after,
                "protocol1": one["state"],
            }
        )
        previous = after
    return steps


def write_vectors(path: Path, data_dir: Path) -> int:
    steps = vectors(data_dir)
    path.write_text(json.dumps(steps), encoding="utf-8")
    return len(steps)
