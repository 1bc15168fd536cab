"""Scenario: relay nodes on Redis. What an append costs, and fan-out with 1 and 2 workers.

Part 1, cost per append: one scorer sends technical points one at a time (each waits
for its ack) to a relay on SQLite and to a relay on Redis (``--redis``, a redis-server
with ``appendfsync always`` on a unix socket), both started here. Reported: p50/p99/max
of frame sent -> ack received, measured by the scorer over loopback (so it includes
one websocket round trip on 127.0.0.1 besides the relay's own frame-in -> ack-out).

Part 2, fan-out: for each of ``--viewers`` (default 1,000 and 5,000), that many
protocol-2 viewers (several processes, on the load generator's lean client) and one
scorer at ``--rate`` events/s against ``--redis URL --workers 1``, then ``--workers 2``
on the same Redis, then the original Go design (``bench.go_relay``: built here if it
is not yet, when Debian's golang-go and golang-github-gorilla-websocket-dev are
installed; it ignores ``protocol`` and sends its own small frames), all in the same
run. Reported per row: offered and delivered frames/s, send -> viewer p50/p99, and
whether every viewer got every event in order; then the growth from 1 to 2 workers,
2 workers against Go, and the goals (5,000 x 50: 2 workers >= 1.0 x Go; 1,000 x 50:
2 workers p99 <= 20 ms).

The machine load (``/proc/loadavg``) is printed before each part: the figures mean
little without it on a shared machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from websockets.asyncio.client import connect

from bench import go_relay
from bench.loadgen import LoadSpec, run_load
from bench.procs import RelayProcess, wait_for_port
from bench.scenarios.common import Outcome, add_viewer_client_argument, relay_flags
from bench.worker import raise_fd_limit
from relay.rules.demo import demo_setup
from relay.rules.events import Clock, Technical
from relay.wire import encode

REDIS_SETTINGS = ("--appendonly", "yes", "--appendfsync", "always")
GOAL_RATIO, GOAL_RATIO_VIEWERS = 1.0, 5000
GOAL_P99_MS, GOAL_P99_VIEWERS = 20.0, 1000


def go_reference() -> Path | None:
    """The Go reference relay (``bench.go_relay``), built now if it is not yet; None
    (with why) when it cannot be."""
    built = go_relay.binary()
    if built is not None:
        return built
    try:
        return go_relay.build()
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"go reference left out: {exc}", flush=True)
        return None


def load() -> str:
    """The 1, 5 and 15 minute load averages."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


class RedisServer:
    """A redis-server as the relay requires it, on a unix socket in a temporary dir."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.socket = directory / "redis.sock"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise SystemExit("redis-server is not installed (apt-get install redis-server)")
        command = [binary, "--port", "0", "--unixsocket", str(self.socket)]
        command += ["--dir", str(self.directory), "--save", "", *REDIS_SETTINGS]
        command += ["--maxmemory-policy", "noeviction"]
        self.proc = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not self.socket.exists():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


async def append_costs(url: str, token: str, events: int) -> list[float]:
    """Milliseconds from sending each event to its ack, one event at a time."""
    async with connect(url, max_size=None) as ws:
        hello = {"type": "hello", "role": "scorer", "matchId": "cost", "token": token}
        await ws.send(json.dumps(hello))
        json.loads(await ws.recv())
        costs: list[float] = []
        frames = [
            encode(demo_setup("cost-setup")),
            encode(Clock(client_event_id="c", action="start")),
        ]
        frames += [
            encode(Technical(client_event_id=f"t{n}", team="home", points=1, reason="bench"))
            for n in range(events)
        ]
        for index, frame in enumerate(frames):
            sent = time.perf_counter()
            await ws.send(frame)
            while True:
                answer = json.loads(await ws.recv())
                if answer["type"] in ("ack", "error"):
                    break
            if answer["type"] != "ack":
                raise RuntimeError(f"refused: {answer}")
            if index >= 2:
                costs.append((time.perf_counter() - sent) * 1000)
        return costs


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def part_costs(
    args: argparse.Namespace, redis: RedisServer, work: Path, outcome: Outcome
) -> None:
    outcome.tables.append(f"cost per append, {args.appends} events, load {load()}")
    outcome.tables.append("backend   p50 ms  p99 ms  max ms")
    for name, extra in (("sqlite", []), ("redis", ["--redis", redis.url])):
        relay = RelayProcess(data_dir=work / f"cost-{name}", extra_args=[*relay_flags(10), *extra])
        relay.start()
        try:
            costs = await append_costs(relay.url, relay.token, args.appends)
        finally:
            relay.stop()
        p50, p99 = quantile(costs, 0.5), quantile(costs, 0.99)
        outcome.tables.append(f"{name:8} {p50:7.2f} {p99:7.2f} {max(costs):7.2f}")
        outcome.figures[f"append_{name}_p50_ms"] = round(p50, 2)
        outcome.figures[f"append_{name}_p99_ms"] = round(p99, 2)


async def part_fanout(
    args: argparse.Namespace, redis: RedisServer, work: Path, outcome: Outcome
) -> None:
    go = go_reference() if args.go else None
    for viewers in args.viewers:
        outcome.tables.append(
            f"fan-out: {viewers} protocol-{args.protocol} viewers ({args.viewer_client} client),"
            f" 1 scorer at {args.rate:g} ev/s for {args.duration:g} s, load {load()}"
        )
        outcome.tables.append("relay       offered/s delivered/s  p50 ms  p99 ms complete")
        delivered: dict[str, float] = {}
        for workers in (1, 2, 0) if go else (1, 2):
            name = f"{workers} worker{'s' if workers > 1 else ''}" if workers else "go ref."
            row = await fanout_row(args, redis, work, viewers, workers, go)
            p50, p99, fps, problems = row
            outcome.tables.append(
                f"{name:10} {args.rate * (viewers + 1):10.0f} {fps:11.0f} "
                f"{p50 or 0:7.1f} {p99 or 0:7.1f} {'yes' if not problems else 'NO'}"
            )
            key = f"fanout_{workers}_workers" if workers else "fanout_go_reference"
            outcome.figures[
                f"{key}_fps" if viewers == args.viewers[0] else f"{key}_fps_{viewers}"
            ] = round(fps)
            delivered[name] = fps
            if workers and problems:
                outcome.problems += [f"{viewers} viewers, {name}: {p}" for p in problems]
            if workers == 2 and viewers == GOAL_P99_VIEWERS and args.rate == 50 and p99:
                met = "met" if p99 <= GOAL_P99_MS and not problems else "NOT met"
                outcome.figures[f"goal: 2 workers p99 <= {GOAL_P99_MS:g} ms at 1000 x 50"] = (
                    f"{p99:.1f} ms: {met}"
                )
        if delivered.get("1 worker"):
            growth = delivered["2 workers"] / delivered["1 worker"]
            outcome.figures[f"1 -> 2 workers at {viewers} viewers"] = f"x{growth:.2f}"
        if delivered.get("go ref."):
            ratio = delivered["2 workers"] / delivered["go ref."]
            label = f"2 workers / Go at {viewers} viewers"
            if viewers == GOAL_RATIO_VIEWERS and args.rate == 50:
                label = f"goal: {label} >= {GOAL_RATIO:g}"
                met = "met" if ratio >= GOAL_RATIO else "NOT met"
                outcome.figures[label] = f"{ratio:.2f}: {met}"
            else:
                outcome.figures[label] = f"{ratio:.2f}"


async def fanout_row(
    args: argparse.Namespace,
    redis: RedisServer,
    work: Path,
    viewers: int,
    workers: int,
    go: Path | None,
) -> tuple[float | None, float | None, float, list[str]]:
    """One relay (``workers`` nodes on Redis, or 0: the Go reference) under the load:
    p50, p99, delivered frames/s and what broke."""
    if workers:
        flags = [*relay_flags(viewers + 1), "--redis", redis.url, "--workers", str(workers)]
        flags += ["--max-pending-per-address", "2000"]
        relay = RelayProcess(data_dir=work / f"fanout-{viewers}-{workers}", extra_args=flags)
    else:
        relay = RelayProcess(kind="go", executable=go)
    relay.start()
    try:
        wait_for_port(relay.port, 20, relay.proc)
        await asyncio.sleep(1.0 * workers)  # every worker listening before the viewers come
        spec = LoadSpec(
            viewers=viewers,
            viewer_procs=max(1, min(8, viewers // 500)),
            scorers=1,
            rate=args.rate,
            duration_s=args.duration,
            kind="technical",
            match_id=f"fanout-{viewers}-{workers}",
            final_timeout_s=120,
            max_run_s=args.duration + 600,
            protocol=args.protocol,
            lean_viewers=args.viewer_client == "lean",
        )
        report = await run_load(spec, relay.url, relay.token)
    finally:
        relay.stop()
    return (
        report.percentile_ms(0.5),
        report.percentile_ms(0.99),
        report.frames_per_s(),
        report.problems(),
    )


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.scenarios.redis_nodes")
    parser.add_argument("--appends", type=int, default=1000, help="events in the cost part")
    parser.add_argument("--viewers", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--rate", type=float, default=50.0, help="events/s of the scorer")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of scoring")
    parser.add_argument(
        "--protocol", type=int, default=2, choices=[1, 2], help="what every client asks for"
    )
    parser.add_argument(
        "--no-go", dest="go", action="store_false", help="leave out the Go reference relay"
    )
    add_viewer_client_argument(parser)
    return parser


async def run(args: argparse.Namespace) -> Outcome:
    raise_fd_limit()
    outcome = Outcome("relay nodes on Redis")
    print(f"cpus: {os.cpu_count()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-redis-") as tmp:
        work = Path(tmp)
        redis = RedisServer(work / "redis")
        redis.directory.mkdir()
        redis.start()
        try:
            await part_costs(args, redis, work, outcome)
            await part_fanout(args, redis, work, outcome)
        finally:
            redis.stop()
    return outcome


def main() -> None:
    asyncio.run(run(parser().parse_args())).exit()


if __name__ == "__main__":
    main()
