"""Scenario 5: at least 100,000 random frames (seeded) against a live relay process.

Scorer connections send, pipelined, a seeded mix of frames: valid technical points,
events of every type with random field values, valid events with a field dropped,
added or of the wrong type, JSON that is not an object, broken JSON and garbage
text, binary frames, deeply nested JSON, and frames just under the 64 KiB limit with a
field longer than any real one. (A second ``hello`` and frames over 64 KiB are left
out: they close the connection, with 4400 and 1009, by design; so does a scorer's
stream of invalid frames, which this relay is told to allow.) Viewers follow
the match. The relay holds when it is still alive and healthy, every scorer frame got
exactly one answer (``ack`` or ``error``) with nothing left outstanding, a last valid
frame on each connection is acknowledged (no stuck connection), and the viewers end
at the relay's seq without gaps.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from bench.clients import Client, ClientConfig
from bench.procs import RelayProcess
from bench.scenarios.common import Outcome, http_json, log_problems, relay_flags
from relay.rules.demo import demo_setup
from relay.wire import CLIENT_TYPES

MATCH = "fuzz"
TYPES = sorted(CLIENT_TYPES - {"hello"})  # the scorer events
FIELDS = ["raiderId", "raidType", "touchedIds", "bonus", "tacklerIds", "lineOutIds", "team",
          "points", "reason", "playerId", "color", "outId", "inId", "action", "targetSeq",
          "rules", "home", "away", "firstRaid", "settings", "at", "by"]  # fmt: skip
WINDOW = 64  # frames in flight per connection


def _value(rng: random.Random, depth: int = 0) -> Any:
    pick = rng.randrange(10 if depth < 3 else 7)
    if pick == 0:
        return rng.randint(-(2**70), 2**70)
    if pick == 1:
        return rng.choice([0, 1, -1, 7, 10**6, 1.5, float("1e308")])
    if pick == 2:
        return rng.choice(["", "h1", "a1", "home", "away", "empty", "successful", "start", "pkl"])
    if pick == 3:
        return "".join(chr(rng.randrange(32, 0x2FFF)) for _ in range(rng.randrange(0, 80)))
    if pick == 4:
        return rng.choice([None, True, False])
    if pick == 5:
        return f"h{rng.randrange(0, 14)}" if rng.random() < 0.5 else f"a{rng.randrange(0, 14)}"
    if pick == 6:
        return "x" * rng.randrange(0, 300)
    if pick == 7:
        return [_value(rng, depth + 1) for _ in range(rng.randrange(0, 8))]
    return {rng.choice(FIELDS): _value(rng, depth + 1) for _ in range(rng.randrange(0, 5))}


def fuzz_frame(rng: random.Random, n: int) -> str | bytes:
    cid = f"fz{n}"
    r = rng.random()
    if r < 0.15:
        team = rng.choice(["home", "away"])
        return json.dumps(
            {"type": "technical", "clientEventId": cid, "team": team, "points": 1, "reason": "fz"}
        )
    if r < 0.45:
        frame = {"type": rng.choice(TYPES), "clientEventId": cid}
        for _ in range(rng.randrange(0, 6)):
            frame[rng.choice(FIELDS)] = _value(rng)
        return json.dumps(frame)
    if r < 0.60:
        frame = {"type": "raid", "clientEventId": cid, "raiderId": "h1", "raidType": "empty"}
        key = rng.choice([*frame, "extra", "touchedIds"])
        action = rng.randrange(3)
        if action == 0:
            frame.pop(key, None)
        else:
            frame[key] = _value(rng)
        return json.dumps(frame)
    if r < 0.70:
        return json.dumps(_value(rng))
    if r < 0.80:
        text = json.dumps({"type": rng.choice(TYPES), "clientEventId": cid, "x": _value(rng)})
        return text[: rng.randrange(0, len(text) + 1)] + rng.choice(["", "}", "]]", "\\", "\x00"])
    if r < 0.88:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(0, 200)))
    if r < 0.93:
        depth = rng.randrange(10, 5000)
        return (
            "[" * depth + "]" * depth if rng.random() < 0.5 else '{"a":' * depth + "1" + "}" * depth
        )
    if r < 0.95:
        return json.dumps(
            {
                "type": "technical",
                "clientEventId": cid,
                "reason": "y" * rng.randrange(60_000, 65_000),
            }
        )
    kind = rng.choice(["warp", "hello2", "", "Raid", "EVENT"])
    return json.dumps({"type": kind, "clientEventId": cid})


class FuzzScorer:
    def __init__(self, url: str, token: str, index: int, frames: int, seed: int) -> None:
        self.url, self.token, self.index, self.frames = url, token, index, frames
        self.rng = random.Random(seed * 100 + index)
        self.sent = 0
        self.answers = 0
        self.codes: Counter[str] = Counter()
        self.closes: list[int | None] = []
        self.probe_acked = False
        self.acked: dict[str, int] = {}

    async def run(self, deadline: float) -> None:
        async with connect(self.url, max_size=None, compression=None, open_timeout=10) as ws:
            hello = {"type": "hello", "role": "scorer", "matchId": MATCH, "token": self.token,
                     "clientId": f"fuzz{self.index}", "name": "fuzz"}  # fmt: skip
            await ws.send(json.dumps(hello))
            welcome = json.loads(await ws.recv())
            assert welcome["type"] == "welcome", welcome
            window = asyncio.Semaphore(WINDOW)
            reader = asyncio.create_task(self._read(ws, window))
            try:
                for n in range(self.frames):
                    if time.monotonic() > deadline:
                        break
                    await asyncio.wait_for(window.acquire(), max(0.1, deadline - time.monotonic()))
                    await ws.send(fuzz_frame(self.rng, self.index * 10**7 + n))
                    self.sent += 1
                probe = {"type": "technical", "clientEventId": f"probe{self.index}", "team": "home",
                         "points": 1, "reason": "probe"}  # fmt: skip
                await asyncio.wait_for(window.acquire(), max(0.1, deadline - time.monotonic()))
                await ws.send(json.dumps(probe))
                self.sent += 1
                while self.answers < self.sent and time.monotonic() < deadline:  # noqa: ASYNC110
                    await asyncio.sleep(0.05)
            except (ConnectionClosed, TimeoutError):
                pass
            finally:
                reader.cancel()
                self.closes.append(ws.close_code)

    async def _read(self, ws: ClientConnection, window: asyncio.Semaphore) -> None:
        async for text in ws:
            frame = json.loads(text)
            kind = frame.get("type")
            if kind in ("ack", "error"):
                self.answers += 1
                if kind == "ack":
                    self.acked.setdefault(frame["clientEventId"], frame["seq"])
                label = "ack" if kind == "ack" else frame["code"]
                self.codes[label + (" duplicate" if frame.get("duplicate") else "")] += 1
                if frame.get("clientEventId") == f"probe{self.index}" and kind == "ack":
                    self.probe_acked = True
                window.release()


async def set_up(url: str, token: str) -> None:
    """Sets the match up, so that valid events in the mix are accepted."""
    setup = demo_setup(client_event_id="fuzz-setup").model_dump(mode="json", by_alias=True)
    async with connect(url, open_timeout=10) as ws:
        hello = {"type": "hello", "role": "scorer", "matchId": MATCH, "token": token}
        await ws.send(json.dumps(hello))
        await ws.send(json.dumps(setup))
        while True:
            frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
            if frame["type"] in ("ack", "error"):
                assert frame["type"] == "ack", frame
                return


async def run(args: argparse.Namespace) -> Outcome:
    outcome = Outcome("fuzz")
    per = -(-args.frames // args.connections)
    started = time.monotonic()
    deadline = started + args.max_seconds
    with tempfile.TemporaryDirectory(prefix="bench-relay-") as data:
        relay = RelayProcess(
            data_dir=Path(data),
            extra_args=relay_flags(
                64, rate=10**6, burst=10**6, extra=["--invalid-frame-burst", str(10**9)]
            ),
        )
        relay.start()
        try:
            until = asyncio.Event()
            viewers = [
                Client(f"fv{i}", ClientConfig(url=relay.url, match_id=MATCH)) for i in range(2)
            ]
            viewer_tasks = [asyncio.create_task(v.run(until)) for v in viewers]
            await set_up(relay.url, relay.token)
            scorers = [
                FuzzScorer(relay.url, relay.token, i, per, args.seed)
                for i in range(args.connections)
            ]
            await asyncio.gather(*(s.run(deadline) for s in scorers), return_exceptions=True)
            alive = relay.alive()
            health = await asyncio.to_thread(http_json, relay.port, "/healthz") if alive else None
            state = (
                await asyncio.to_thread(http_json, relay.port, f"/api/matches/{MATCH}")
                if alive
                else None
            )
            last_seq = state["lastSeq"] if isinstance(state, dict) else None
            path = f"/api/matches/{MATCH}/events"
            events = await asyncio.to_thread(http_json, relay.port, path) if alive else []
            while last_seq is not None and time.monotonic() < deadline:
                if all(v.record.last_seq >= last_seq for v in viewers):
                    break
                await asyncio.sleep(0.05)
            until.set()
            await asyncio.wait(viewer_tasks, timeout=15)
        finally:
            relay.stop()
    elapsed = time.monotonic() - started
    sent = sum(s.sent for s in scorers)
    answers = sum(s.answers for s in scorers)
    codes: Counter[str] = Counter()
    for s in scorers:
        codes.update(s.codes)
    if not alive:
        outcome.problems.append("the relay process died")
    if health is None:
        outcome.problems.append("no /healthz answer")
    if sent < args.frames:
        outcome.problems.append(f"only {sent} of {args.frames} frames sent before the deadline")
    if answers != sent:
        outcome.problems.append(f"{sent} frames sent, {answers} answered")
    stuck = [s.index for s in scorers if not s.probe_acked]
    if stuck:
        outcome.problems.append(f"connections {stuck} did not acknowledge their last valid frame")
    closed = [c for s in scorers for c in s.closes if c not in (None, 1000)]
    if closed:
        outcome.problems.append(f"relay closed fuzz connections: {closed}")
    acked = {cid: seq for s in scorers for cid, seq in s.acked.items()}
    outcome.problems += log_problems(events, acked)
    if events and events[-1]["seq"] != last_seq:
        outcome.problems.append(f"log ends at {events[-1]['seq']}, state says {last_seq}")
    for v in viewers:
        v.finish()
        r = v.record
        if r.last_seq != last_seq or r.gaps or r.closes:
            outcome.problems.append(
                f"{v.name}: seq {r.last_seq}/{last_seq}, {r.gaps} gaps, {r.closes}"
            )
    outcome.tables.append(
        "\n".join([
            f"== fuzz: {args.connections} connections, seed {args.seed}",
            f"  frames sent / answered   {sent} / {answers}",
            f"  answers by kind          {dict(sorted(codes.items()))}",
            f"  relay final seq          {last_seq}",
            f"  events in the log        {len(events)}",
            f"  frames/s                 {sent / elapsed:.0f}",
            f"  wall time s              {elapsed:.1f}",
        ])
    )  # fmt: skip
    return outcome


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bench.scenarios.fuzz",
        description="Seeded random frames against a live relay.",
    )
    p.add_argument("--frames", type=int, default=100_000)
    p.add_argument("--connections", type=int, default=4)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--max-seconds", type=float, default=900.0, help="hard stop")
    return p  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    asyncio.run(run(parser().parse_args(argv))).exit()


if __name__ == "__main__":
    main()
