"""Scenario: the stadium. A crowd joins a match in progress and follows it at match pace.

One relay process; a scorer first plays the opening of a match (``--played`` events:
set-up, kick-off, raids), so every newcomer's welcome carries the state and the log so
far, as at a real venue. Then the crowd (``--viewers``, protocol 2 by default, over
``--viewer-procs`` load-generator processes, one per core by default, each connecting
``--connect-concurrency`` at a time) connects, and one scorer sends an event every
``1 / --rate`` seconds for ``--duration`` seconds. The relay and every load-generator
process get the most open files this machine allows (RLIMIT_NOFILE raised to its hard
limit).

Reported: viewers welcomed, connect failures (refused or timed out), how long the crowd
took to connect, send-to-viewer latency p50/p99/max, disconnects, the relay's peak RSS
and CPU. The goal: every viewer connected and p99 <= 100 ms.

Beside it, in the same run, the machine alone (:mod:`bench.bare_fanout`): the same
number of plain loopback TCP connections over the same number of load-generator
processes, one frame of the relay's size written to each by one thread and by one
thread per core, with no relay, websocket library or JSON in the way. No relay can be
faster than that floor here; ``--no-floor`` leaves it out.

``--workers N`` runs the relay as N node processes on one port sharing the match
through Redis (``--redis URL --workers N``, a redis-server started here as in
``redis_nodes``): the nodes accept from one listening socket, whichever is free.

``python -m bench.scenarios.stadium`` (19,000 viewers: several minutes).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from websockets.asyncio.client import connect

from bench import bare_fanout
from bench.loadgen import LoadSpec, Report, run_load
from bench.procs import RelayProcess
from bench.scenarios.common import (
    Outcome,
    add_viewer_client_argument,
    histogram_quantile,
    metrics,
    relay_flags,
)
from bench.scenarios.redis_nodes import RedisServer
from bench.worker import raise_fd_limit
from relay.rules.demo import demo_setup
from relay.rules.settings import SettingsOverrides

GOAL_P99_MS = 100.0
MATCH_ID = "bench"


def next_raid(state: dict[str, Any], n: int) -> dict[str, Any]:
    """A raid the rules accept in ``state`` (protocol-1 shape): empty, or one touch."""
    attack = state["raidingTeam"]
    defence = "away" if attack == "home" else "home"
    raid: dict[str, Any] = {
        "type": "raid",
        "clientEventId": f"opening-{n}",
        "raiderId": state[attack]["onCourt"][0],
        "raidType": "empty",
    }
    if n % 3 == 0 and state[defence]["onCourt"]:
        raid.update(raidType="successful", touchedIds=[state[defence]["onCourt"][-1]])
    return raid


async def play_opening(url: str, token: str, events: int) -> int:
    """Set-up, kick-off and raids up to ``events`` events; returns the last seq."""
    async with connect(url, open_timeout=30, max_size=None) as ws:
        hello = {"type": "hello", "role": "scorer", "matchId": MATCH_ID, "token": token}
        await ws.send(json.dumps({**hello, "name": "Opening"}))
        welcome = json.loads(await ws.recv())
        if welcome.get("state") is not None:
            raise RuntimeError("the bench match already exists")
        setup = demo_setup(
            "opening-setup", settings=SettingsOverrides(half_minutes=60, do_or_die_after_empty=0)
        )
        frames: list[dict[str, Any]] = [
            setup.model_dump(mode="json", by_alias=True, exclude_none=True),
            {"type": "clock", "action": "start", "clientEventId": "opening-start"},
        ]
        seq = 0
        n = 0
        state: dict[str, Any] = {}
        while seq < events:
            frame = frames.pop(0) if frames else next_raid(state, n)
            n += 1
            await ws.send(json.dumps(frame))
            while True:
                answer = json.loads(await ws.recv())
                if answer["type"] == "error":
                    raise RuntimeError(f"the opening was refused: {answer}")
                if answer["type"] == "event":
                    state, seq = answer["state"], answer["seq"]
                    break
        return seq


async def run(args: argparse.Namespace) -> Outcome:
    files = raise_fd_limit()
    outcome = Outcome("stadium")
    spec = LoadSpec(
        viewers=args.viewers,
        viewer_procs=args.viewer_procs,
        scorers=1,
        rate=args.rate,
        duration_s=args.duration,
        kind="technical",
        final_timeout_s=120,
        max_run_s=args.duration + 1200,
        protocol=args.protocol,
        connect_concurrency=args.connect_concurrency,
        lean_viewers=args.viewer_client == "lean",
    )
    with tempfile.TemporaryDirectory(prefix="bench-stadium-") as data:
        # Every handshake comes from 127.0.0.1: lift the per-address cap on connections
        # still in their handshake (the relay's overall cap, --max-pending, stays as it is).
        flags = relay_flags(
            args.viewers + 10,
            extra=[
                "--max-pending-per-address",
                str(args.viewer_procs * args.connect_concurrency + 50),
            ],
        )
        redis: RedisServer | None = None
        if args.workers:
            redis = RedisServer(Path(data) / "redis")
            redis.directory.mkdir()
            redis.start()
            flags += ["--redis", redis.url, "--workers", str(args.workers)]
        relay = RelayProcess(kind="relay", data_dir=Path(data) / "relay", extra_args=flags)
        try:
            relay.start()
            await asyncio.sleep(1.0 * args.workers)  # every node listening
            opened = await play_opening(relay.url, relay.token, args.played)
            began = time.monotonic()
            # With workers the process is their supervisor: its CPU and memory say nothing.
            pid = None if args.workers else lambda: relay.pid
            report = await run_load(spec, relay.url, relay.token, pid)
            wall = time.monotonic() - began
            refused, own = await relay_view(relay.port)
        finally:
            relay.stop()
            if redis is not None:
                redis.stop()
    floors = [] if args.no_floor else await machine_floor(args, report)
    outcome.tables.append(table(args, report, opened, files, wall, refused, own, floors))
    outcome.figures.update(goals(args, report, floors))
    outcome.problems += report.worker_failures
    return outcome


async def machine_floor(args: argparse.Namespace, report: Report) -> list[bare_fanout.BareResult]:
    """The bare fan-out with one sender thread, then one per core (after the relay stopped)."""
    size = report.event_frame_bytes() or 330
    return [
        await asyncio.to_thread(
            bare_fanout.measure, args.viewers, args.viewer_procs, size, 5, senders
        )
        for senders in (1, os.cpu_count() or 1)
    ]


def viewer_records(report: Report) -> list[dict[str, Any]]:
    return [c for c in report.clients if c["role"] == "viewer"]


async def relay_view(port: int) -> tuple[str, str]:
    """What the relay (one node of several: whichever answers) says: the connections
    it refused, and its own p50/p99 from a scorer's frame to the event handed to every
    connection (bucket bounds of its histogram)."""
    try:
        seen = await asyncio.to_thread(metrics, port, 30.0)
    except (OSError, TimeoutError):
        return "? (/metrics did not answer)", "?"
    bounds = [histogram_quantile(seen, "kabaddi_broadcast_latency_seconds", q) for q in (0.5, 0.99)]
    own = " / ".join("-" if b is None else f"<= {b * 1000:g}" for b in bounds)
    return str(int(seen.get("kabaddi_connections_refused_total", 0))), own


def table(
    args: argparse.Namespace,
    report: Report,
    opened: int,
    files: int,
    wall: float,
    refused: str,
    own: str,
    floors: list[bare_fanout.BareResult],
) -> str:
    viewers = viewer_records(report)
    failed = sum(c["failed_connects"] for c in viewers)
    never = sum(1 for c in viewers if c["connects"] == 0)
    rss = report.relay_peak_rss_kib()
    cpu = report.relay_cpu_percent()

    def ms(q: float) -> str:
        value = report.percentile_ms(q)
        return "-" if value is None else f"{value:.1f}"

    rows = [
        ("viewers (protocol, client)", f"{args.viewers} ({args.protocol}, {args.viewer_client})"),
        ("relay", f"--redis --workers {args.workers}" if args.workers else "one process, SQLite"),
        ("open files per process", f"{files}"),
        ("events played before the crowd", f"{opened}"),
        ("welcomed when the scoring began", f"{report.welcomed_viewers}"),
        ("connect attempts failed / viewers never in", f"{failed} / {never}"),
        ("why attempts failed", connect_errors(viewers) or "-"),
        ("connections the relay refused (/metrics)", refused),
        ("crowd connected in s", "-" if report.connect_s is None else f"{report.connect_s:.1f}"),
        ("events during the run (final seq)", f"{report.target_seq}"),
        ("events delivered", f"{report.events_delivered}"),
        ("latency p50 / p99 / max ms", f"{ms(0.5)} / {ms(0.99)} / {ms(1.0)}"),
        ("the relay's own p50 / p99 ms (whole run)", own),
        ("disconnects by close code", str(dict(report.closes())) if report.closes() else "none"),
        ("problems", "; ".join(report.convergence_problems()) or "none"),
        ("relay peak RSS MiB", "-" if rss is None else f"{rss / 1024:.0f}"),
        ("relay CPU % (whole run)", "-" if cpu is None else f"{cpu:.0f}"),
        ("wall time s", f"{wall:.0f}"),
    ]
    rows += [
        (f"machine alone, {floor.senders} sender thread(s): p50 / p99 / max ms", floor.line())
        for floor in floors
    ]
    width = max(len(k) for k, _ in rows)
    return "\n".join(["== stadium", *(f"  {k.ljust(width)}  {v}" for k, v in rows)])


def connect_errors(viewers: list[dict[str, Any]]) -> str:
    kinds: Counter[str] = Counter()
    for viewer in viewers:
        kinds.update(viewer.get("connect_errors", {}))
    return ", ".join(f"{kind} x{n}" for kind, n in kinds.most_common())


def goals(
    args: argparse.Namespace, report: Report, floors: list[bare_fanout.BareResult]
) -> dict[str, str]:
    viewers = viewer_records(report)
    failed = sum(c["failed_connects"] for c in viewers)
    everyone = report.welcomed_viewers == args.viewers and failed == 0
    p99 = report.percentile_ms(0.99)
    met = everyone and p99 is not None and p99 <= GOAL_P99_MS and not report.closes()
    return {
        f"every viewer connected and p99 <= {GOAL_P99_MS:g} ms": (
            f"{report.welcomed_viewers}/{args.viewers} welcomed, {failed} failed attempts, "
            f"p99 {p99 if p99 is None else round(p99, 1)} ms: {'met' if met else 'NOT met'}"
        ),
        **{
            f"the machine alone, {floor.senders} sender thread(s), p99 ms": (
                f"{floor.percentile(0.99):.1f}" if floor.percentile(0.99) is not None else "-"
            )
            for floor in floors
        },
    }


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bench.scenarios.stadium",
        description="A crowd of viewers joins a match in progress and follows it at match pace.",
    )
    p.add_argument("--viewers", type=int, default=19_000)
    p.add_argument(
        "--viewer-procs",
        type=int,
        default=2,
        help="load-generator processes (2: one per core; more only add wake-ups that "
        "compete with the relay, see the machine-alone rows)",
    )
    p.add_argument(
        "--connect-concurrency",
        type=int,
        default=120,
        help="handshakes in flight per viewer process (2 x 120 stays under the relay's "
        "--max-pending, 1024)",
    )
    p.add_argument("--played", type=int, default=100, help="events before the crowd comes")
    p.add_argument("--rate", type=float, default=0.2, help="events per second (0.2: one in 5 s)")
    p.add_argument("--duration", type=float, default=60.0, help="seconds of scoring")
    p.add_argument("--protocol", type=int, default=2, choices=[1, 2])
    p.add_argument(
        "--workers",
        type=int,
        default=0,
        help="relay nodes on Redis (--redis --workers N); 0: one relay process on SQLite",
    )
    p.add_argument(
        "--no-floor", action="store_true", help="leave out the bare fan-out of the machine alone"
    )
    add_viewer_client_argument(p)
    return p


def main(argv: list[str] | None = None) -> None:
    asyncio.run(run(parser().parse_args(argv))).exit()


if __name__ == "__main__":
    main()
