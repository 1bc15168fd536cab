"""Long run: the real scorer app hosts a match for a long time; its memory must stay flat.

The app runs as it does on a laptop (``bench.hosting_app``: the real ScorerApp, its
scoring window shown offscreen with every clock redrawing on its timer, and its relay
in a process of its own). A scripted second scorer scores the match at a compressed
pace: a raid start and a raid (mostly empty, some touches, some tackles) per step, a
clock pause and resume now and then, yellow cards, a half time at the midpoint; a
viewer follows along. Then nobody scores for ``--idle`` seconds: the window's timers
alone run, the reference a leak shows against.

The app reports its resident memory, the objects the collector tracks and the
references to None every ``--sample`` seconds. While scoring, all three grow with the
match the app holds (every event and its play-by-play line; their unset fields refer to
None): reported per event. The run holds when the idle phase keeps the references to
None within a few dozen (a binding that leaks one per label update loses thousands a
minute there) and grows neither memory nor objects beyond small bounds, the viewer ends
where the app does, and every event is acknowledged.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from bench.procs import rss_kib
from bench.scenarios.common import Outcome
from relay.owned import control_request, read_instance

ROOT = Path(__file__).resolve().parents[2]
NONE_DRIFT_LIMIT = 64  # references to None the idle phase may gain or lose
IDLE_OBJECT_LIMIT = 2000  # objects the idle phase may add
IDLE_RSS_LIMIT_KIB = 4096  # resident memory the idle phase may add
START_TIMEOUT_SECONDS = 120.0
ANSWER_TIMEOUT_SECONDS = 30.0

Json = dict[str, Any]


@dataclass
class Sample:
    phase: str
    t: float
    rss_kib: int
    objects: int
    none_refs: int
    last_seq: int
    relay_rss_kib: int | None


@dataclass
class Run:
    samples: list[Sample] = field(default_factory=list)
    events: int = 0
    refused: list[str] = field(default_factory=list)
    viewer_seq: int = 0


class AppUnderTest:
    """``python -m bench.hosting_app`` in its own process, read line by line."""

    def __init__(self, python: str, data_dir: Path, sample_s: float) -> None:
        env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
        env["PYTHONPATH"] = str(ROOT)
        self.started = time.monotonic()
        self.died_after: float | None = None
        self.process = subprocess.Popen(
            [
                python,
                "-m",
                "bench.hosting_app",
                str(data_dir),
                "--stats-every",
                str(sample_s),
            ],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.lines: asyncio.Queue[Json] = asyncio.Queue()
        self.phase = "start"
        self.hosting: Json = {}

    async def read_lines(self, run: Run) -> None:
        assert self.process.stdout is not None
        while True:
            raw = await asyncio.to_thread(self.process.stdout.readline)
            if not raw:
                if self.phase != "end":
                    self.died_after = time.monotonic() - self.started
                return
            line = json.loads(raw)
            if line["kind"] == "stats":
                relay_pid = self.hosting.get("relayPid")
                run.samples.append(
                    Sample(
                        self.phase,
                        line["t"],
                        line["rssKiB"],
                        line["objects"],
                        line["noneRefs"],
                        line["lastSeq"],
                        rss_kib(relay_pid) if relay_pid else None,
                    )
                )
            await self.lines.put(line)

    async def wait_for(self, kind: str) -> Json:
        async with asyncio.timeout(START_TIMEOUT_SECONDS):
            while True:
                line = await self.lines.get()
                if line["kind"] == kind:
                    return line

    def quit(self) -> int:
        """Quit as a scorer would (the app stops its relay); the exit code, also of a crash."""
        assert self.process.stdin is not None
        if self.process.poll() is None:
            with contextlib.suppress(BrokenPipeError):
                self.process.stdin.close()
        return self.process.wait(timeout=60)


class Scorer:
    """A second scorer on the hosted match: one event at a time, each waits for its answer."""

    def __init__(self, ws: ClientConnection, state: Json, seed: int) -> None:
        self.ws = ws
        self.state = state
        self.rng = random.Random(seed)
        self.count = 0
        self.seen_seq = 0

    async def send(self, frame: Json, run: Run) -> None:
        """Send ``frame``; return once it is answered and its event's state is read."""
        self.count += 1
        frame["clientEventId"] = f"longrun-{self.count}"
        await self.ws.send(json.dumps(frame))
        acked: int | None = None
        async with asyncio.timeout(ANSWER_TIMEOUT_SECONDS):
            while acked is None or self.seen_seq < acked:
                answer = json.loads(await self.ws.recv())
                if answer["type"] == "event" and answer.get("state"):
                    self.state = answer["state"]
                    self.seen_seq = max(self.seen_seq, answer["seq"])
                elif answer["type"] == "ack":
                    run.events += 1
                    acked = answer["seq"]
                elif answer["type"] == "error":
                    run.refused.append(f"{frame['type']}: {answer.get('message')}")
                    return

    def raid(self) -> tuple[Json, Json] | None:
        state = self.state
        attack = state["raidingTeam"]
        defence = "away" if attack == "home" else "home"
        raiders = state[attack]["onCourt"]
        defenders = state[defence]["onCourt"]
        if not raiders:
            return None
        raider = self.rng.choice(raiders)
        start: Json = {"type": "raidStart", "raiderId": raider}
        roll = self.rng.random()
        raid: Json = {"type": "raid", "raiderId": raider, "raidType": "empty"}
        if defenders and roll < 0.3:
            raid |= {"raidType": "successful", "touchedIds": [self.rng.choice(defenders)]}
        elif len(defenders) >= 2 and roll < 0.5:
            raid |= {"raidType": "unsuccessful", "tacklerIds": defenders[:2]}
        return start, raid

    def card(self) -> Json | None:
        side = self.rng.choice(["home", "away"])
        on_court = self.state[side]["onCourt"]
        if len(on_court) < 5:
            return None
        return {"type": "card", "playerId": self.rng.choice(on_court), "color": "yellow"}


async def follow(url: str, match_id: str, run: Run, stop: asyncio.Event) -> None:
    async with connect(url, max_size=None) as ws:
        await ws.send(json.dumps({"type": "hello", "role": "viewer", "matchId": match_id}))
        while not stop.is_set():
            try:
                async with asyncio.timeout(0.5):
                    frame = json.loads(await ws.recv())
            except TimeoutError:
                continue
            if frame["type"] in ("welcome", "event"):
                run.viewer_seq = max(run.viewer_seq, frame.get("seq", 0))


async def score(scorer: Scorer, run: Run, seconds: float, rate: float) -> None:
    started = time.monotonic()
    steps = 0
    half_time_at = seconds / 2
    halved = False
    while time.monotonic() - started < seconds:
        steps += 1
        if not halved and time.monotonic() - started > half_time_at:
            halved = True
            await scorer.send({"type": "clock", "action": "endHalf"}, run)
            await scorer.send({"type": "clock", "action": "start"}, run)
        elif steps % 40 == 0:
            await scorer.send({"type": "clock", "action": "pause"}, run)
            await scorer.send({"type": "clock", "action": "resume"}, run)
        elif steps % 97 == 0 and (card := scorer.card()) is not None:
            await scorer.send(card, run)
        else:
            pair = scorer.raid()
            if pair is not None:
                for frame in pair:
                    await scorer.send(frame, run)
        # Pace: ``rate`` events a second on average (a step sends about two).
        target = started + run.events / rate
        await asyncio.sleep(max(0.0, target - time.monotonic()))


async def run_scenario(args: argparse.Namespace) -> tuple[Run, Json]:
    run = Run()
    with tempfile.TemporaryDirectory(prefix="bench-longrun-") as tmp:
        app = AppUnderTest(args.app_python, Path(tmp) / "data", args.sample)
        reader = asyncio.create_task(app.read_lines(run))
        try:
            app.hosting = hosting = await app.wait_for("hosting")
            url = f"ws://127.0.0.1:{hosting['port']}/ws"
            stop_viewer = asyncio.Event()
            viewer = asyncio.create_task(follow(url, hosting["matchId"], run, stop_viewer))
            async with connect(url, max_size=None) as ws:
                hello = {
                    "type": "hello",
                    "role": "scorer",
                    "matchId": hosting["matchId"],
                    "token": hosting["token"],
                    "name": "Bench",
                }
                await ws.send(json.dumps(hello))
                welcome = json.loads(await ws.recv())
                scorer = Scorer(ws, welcome["state"], args.seed)
                await scorer.send({"type": "clock", "action": "start"}, run)
                app.phase = "scoring"
                await score(scorer, run, args.duration, args.rate)
            app.phase = "idle"
            await asyncio.sleep(args.idle)
            stop_viewer.set()
            await viewer
            app.phase = "end"
            hosting["exit"] = await asyncio.to_thread(app.quit)
            hosting["relaySeq"] = scorer.state.get("lastSeq")
        finally:
            if app.process.poll() is None:
                app.process.kill()
            await asyncio.wait_for(reader, 30)
            await stop_relay(Path(tmp) / "data" / "relay")
            hosting["diedAfter"] = app.died_after
    return run, hosting


async def stop_relay(relay_dir: Path) -> None:
    """Stop the app's relay if the app could not (it crashed)."""
    instance = read_instance(relay_dir)
    if instance is not None:
        with contextlib.suppress(OSError, TimeoutError):
            await control_request(instance.control_port, "POST", "/shutdown", instance.secret)


def last_of(samples: list[Sample], phase: str) -> Sample | None:
    matching = [s for s in samples if s.phase == phase]
    return matching[-1] if matching else None


def first_of(samples: list[Sample], phase: str) -> Sample | None:
    matching = [s for s in samples if s.phase == phase]
    return matching[0] if matching else None


def judge(run: Run, hosting: Json, args: argparse.Namespace) -> Outcome:
    outcome = Outcome("longrun")
    rows = [
        "phase     t(s)   app RSS MiB  objects  refs to None  seq   relay RSS MiB",
    ]
    step = max(1, len(run.samples) // 40)
    for sample in run.samples[::step] + run.samples[-1:]:
        relay = f"{sample.relay_rss_kib / 1024:.1f}" if sample.relay_rss_kib else "-"
        rows.append(
            f"{sample.phase:8} {sample.t:6.0f} {sample.rss_kib / 1024:11.1f} {sample.objects:8d}"
            f" {sample.none_refs:13d} {sample.last_seq:5d} {relay:>14}"
        )
    outcome.tables.append("\n".join(rows))
    begin = first_of(run.samples, "scoring")
    scored = last_of(run.samples, "scoring")
    idle_start = first_of(run.samples, "idle")
    idle_end = last_of(run.samples, "idle")
    died = hosting.get("diedAfter")
    if died is not None:
        outcome.problems.append(
            f"the app died {died:.0f} s into the run (exit {hosting.get('exit')});"
            f" the relay went on: {run.events} events acknowledged, viewer at seq"
            f" {run.viewer_seq} of {hosting.get('relaySeq')}"
        )
        return outcome
    if not (begin and scored and idle_start and idle_end):
        outcome.problems.append("too few samples: run longer or sample more often")
        return outcome
    end = run.samples[-1]
    events_in_scoring = max(1, scored.last_seq - begin.last_seq)
    outcome.figures.update(
        events_acknowledged=run.events,
        events_refused=len(run.refused),
        viewer_last_seq=run.viewer_seq,
        app_last_seq=end.last_seq,
        scoring_rss_mib=f"{begin.rss_kib / 1024:.1f} -> {scored.rss_kib / 1024:.1f}"
        f" ({(scored.rss_kib - begin.rss_kib) / events_in_scoring:.2f} KiB per event)",
        scoring_objects=f"{begin.objects} -> {scored.objects}"
        f" ({(scored.objects - begin.objects) / events_in_scoring:.1f} per event)",
        scoring_none_refs=f"{begin.none_refs} -> {scored.none_refs}"
        f" ({(scored.none_refs - begin.none_refs) / events_in_scoring:.1f} per event)",
        idle_rss_mib=f"{idle_start.rss_kib / 1024:.1f} -> {idle_end.rss_kib / 1024:.1f}",
        idle_objects=f"{idle_start.objects} -> {idle_end.objects}",
        idle_none_refs=f"{idle_start.none_refs} -> {idle_end.none_refs}"
        f" ({idle_end.none_refs - idle_start.none_refs:+d})",
        app_exit=hosting.get("exit"),
    )
    if abs(idle_end.none_refs - idle_start.none_refs) > NONE_DRIFT_LIMIT:
        outcome.problems.append("references to None drifted while nobody scored: a leak")
    if idle_end.objects - idle_start.objects > IDLE_OBJECT_LIMIT:
        outcome.problems.append("objects grew while nobody scored")
    if idle_end.rss_kib - idle_start.rss_kib > IDLE_RSS_LIMIT_KIB:
        outcome.problems.append("memory grew while nobody scored")
    if run.refused:
        outcome.problems.append(f"{len(run.refused)} events refused, e.g. {run.refused[0]}")
    if run.viewer_seq != end.last_seq:
        outcome.problems.append(f"viewer at seq {run.viewer_seq}, app at {end.last_seq}")
    if hosting.get("exit") != 0:
        outcome.problems.append(f"the app exited with {hosting.get('exit')}")
    return outcome


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.scenarios.longrun", description=__doc__)
    parser.add_argument("--duration", type=float, default=600.0, help="seconds of scoring")
    parser.add_argument("--idle", type=float, default=120.0, help="seconds without events after")
    parser.add_argument("--rate", type=float, default=2.0, help="events per second")
    parser.add_argument("--sample", type=float, default=10.0, help="seconds between samples")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--app-python",
        default=sys.executable,
        help="the interpreter that runs the app (another venv: another Qt binding)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    run, hosting = asyncio.run(run_scenario(args))
    judge(run, hosting, args).exit()


if __name__ == "__main__":
    main()
