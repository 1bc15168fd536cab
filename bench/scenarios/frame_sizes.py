"""Frame sizes: what each event of the 80-raid fixture match costs on the wire, per version.

The fixture match (tests/rules/fixtures/full_match.json, 173 events) is played through
the relay's own room (real store, the match's own timing) to a protocol-1 and a
protocol-2 viewer, and the bytes of every ``event`` frame each was sent are measured.
The fixture's ``clientEventId``\\ s are short ("r18"); the scorer app sends 22
characters (``desktop.stamps.new_event_id``: 128 random bits, URL-safe base64), so
the run is repeated with ids of that length and alphabet in their place. The welcome a
newcomer gets at full time (the whole state and the log) is measured too.

``python -m bench.scenarios.frame_sizes`` (about 2 seconds).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import json
import statistics
import tempfile
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from bench.scenarios.common import Outcome
from relay.config import RelayConfig
from relay.metrics import Metrics
from relay.room import Room
from relay.rules.events import Event
from relay.store import Store
from relay.wire import Hello

FIXTURE = Path(__file__).resolve().parents[2] / "tests" / "rules" / "fixtures" / "full_match.json"
GOAL_MEDIAN, GOAL_MAX = 400, 1500


class Sink:
    """A room member that keeps the bytes it was sent."""

    def __init__(self, connection_id: str) -> None:
        self.connection_id = connection_id
        self.role = "viewer"
        self.client_id = self.name = connection_id
        self.frames: list[bytes] = []

    def send(self, frame: bytes) -> None:
        self.frames.append(frame)

    def close(self, code: int, reason: str) -> None:
        raise RuntimeError(f"closed: {code} {reason}")

    def events(self) -> list[bytes]:
        return [f for f in self.frames if f.startswith(b'{"type":"event"')]


async def play(rows: list[dict[str, Any]], data_dir: Path) -> dict[str, Any]:
    adapter: TypeAdapter[Event] = TypeAdapter(Event)
    store = Store(data_dir / "sizes.sqlite3")
    await store.open()
    try:
        now = [rows[0]["at"]]
        room = Room("sizes", "ep", store, Metrics(), clock=lambda: now[0])
        scorer, old, new = Sink("s"), Sink("v1"), Sink("v2")
        room.join(scorer, Hello(role="scorer", match_id="sizes", name="Scorer"))
        room.join(old, Hello(role="viewer", match_id="sizes"))
        room.join(new, Hello(role="viewer", match_id="sizes", protocol=2))
        for row in rows:
            now[0] = row["at"]
            room.submit(scorer, adapter.validate_python(row["event"]), 0.0)
        async with asyncio.timeout(60):
            await store.events("sizes")
        cap = RelayConfig().viewer_welcome_events
        welcomes = {
            (version, events): len(
                room.welcome(
                    Hello(role="viewer", match_id="sizes", protocol=version), Sink("late"), events
                )
            )
            for version in (1, 2)
            for events in (None, cap)
        }
    finally:
        await store.close()
    return {"v1": old.events(), "v2": new.events(), "welcomes": welcomes}


def with_app_ids(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with ids like the app's: 22 URL-safe base64 characters (here derived
    from the fixture's ids, so that every run measures the same bytes)."""
    renamed: list[dict[str, Any]] = json.loads(json.dumps(rows))
    for row in renamed:
        digest = hashlib.sha256(row["event"]["clientEventId"].encode()).digest()[:16]
        row["event"]["clientEventId"] = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    return renamed


def distribution(sizes: list[int]) -> str:
    ordered = sorted(sizes)

    def at(q: float) -> int:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return (
        f"n={len(ordered):3} min={ordered[0]:5} p10={at(0.1):5} "
        f"median={statistics.median(ordered):7.1f} p90={at(0.9):5} p99={at(0.99):5} "
        f"max={ordered[-1]:5} total={sum(ordered):7}"
    )


def run(args: argparse.Namespace) -> Outcome:
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    outcome = Outcome("frame sizes")
    lines = [f"event frame bytes over the 80-raid fixture match ({len(rows)} events)"]
    for label, played in (("fixture ids", rows), ("app ids", with_app_ids(rows))):
        with tempfile.TemporaryDirectory(prefix="bench-sizes-") as data:
            seen = asyncio.run(play(played, Path(data)))
        v1 = [len(f) for f in seen["v1"]]
        v2 = [len(f) for f in seen["v2"]]
        lines.append(f"  {label}:")
        lines.append(f"    protocol 1, all events      {distribution(v1)}")
        lines.append(f"    protocol 2, all events      {distribution(v2)}")
        lines.append(f"    protocol 2, setup (seq 1)   {v2[0]} bytes")
        lines.append(f"    protocol 2, seq 2..{len(v2):<3}      {distribution(v2[1:])}")
        largest = max(range(1, len(v2)), key=lambda i: v2[i])
        lines.append(
            f"    protocol 2 largest after setup: seq {largest + 1}, "
            f"{seen['v2'][largest][:160].decode()}…"
        )
        welcomes = seen["welcomes"]
        cap = RelayConfig().viewer_welcome_events
        lines.append(
            f"    welcome at full time, whole log (a scorer's): protocol 1 "
            f"{welcomes[1, None]} bytes, protocol 2 {welcomes[2, None]} bytes"
        )
        lines.append(
            f"    welcome at full time, latest {cap} events (a viewer's): protocol 1 "
            f"{welcomes[1, cap]} bytes, protocol 2 {welcomes[2, cap]} bytes"
        )
        rest = v2[1:]
        median, most = statistics.median(rest), max(rest)
        met = "met" if median <= GOAL_MEDIAN and most <= GOAL_MAX else "NOT met"
        outcome.figures[f"{label}: protocol-2 median <= 400 B, max <= 1500 B (after setup)"] = (
            f"{median:.1f} / {most}: {met}"
        )
    outcome.tables.append("\n".join(lines))
    return outcome


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.scenarios.frame_sizes",
        description="Bytes of every event frame of the fixture match, protocol 1 and 2.",
    )
    run(parser.parse_args(argv)).exit()


if __name__ == "__main__":
    main()
