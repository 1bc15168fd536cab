"""Scenario: relay nodes on Redis. What an append costs, and fan-out with 1 and 2 workers.

Part 1, cost per append: one scorer sends technical points one at a time (each waits
for its ack) to a relay on SQLite and to a relay on Redis (``--redis``, a redis-server
with ``appendfsync always`` on a unix socket), both started here. Reported: p50/p99/max
of frame sent -> ack received, measured by the scorer over loopback (so it includes
one websocket round trip on 127.0.0.1 besides the relay's own frame-in -> ack-out).

Part 2, fan-out: ``--viewers`` viewers (several processes) and one scorer at ``--rate``
events/s against ``--redis URL --workers 1`` and then ``--workers 2`` on the same
Redis, and against the original Go design (``../shared/reference/seed-go-relay``,
built here with Debian's golang-go and golang-github-gorilla-websocket-dev when they
are installed; its frames carry a tiny state where protocol 1's carry the whole
match). Reported per row: offered and delivered frames/s, send -> viewer p50/p99,
and whether every viewer got every event in order.

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

from bench.loadgen import LoadSpec, run_load
from bench.procs import RelayProcess, wait_for_port
from bench.scenarios.common import Outcome, relay_flags
from bench.worker import raise_fd_limit
from relay.rules.demo import demo_setup
from relay.rules.events import Clock, Technical
from relay.wire import encode

REDIS_SETTINGS = ("--appendonly", "yes", "--appendfsync", "always")
ROOT = Path(__file__).resolve().parents[2]
GO_REFERENCE = next(
    (
        folder / "shared/reference/seed-go-relay"
        for folder in ROOT.parents
        if (folder / "shared/reference/seed-go-relay/main.go").is_file()
    ),
    ROOT.parent / "shared/reference/seed-go-relay",
)
GOPATH = Path("/usr/share/gocode")


def build_go_reference(work: Path) -> Path | None:
    """The Go reference relay built into ``work``, or None (with why) when it cannot be."""
    go = shutil.which("go")
    if go is None or not (GOPATH / "src/github.com/gorilla/websocket").is_dir():
        print("go reference skipped: apt-get install golang-go golang-github-gorilla-websocket-dev")
        return None
    if not (GO_REFERENCE / "main.go").is_file():
        print(f"go reference skipped: no {GO_REFERENCE}/main.go")
        return None
    source = work / "go-src"
    shutil.copytree(GO_REFERENCE, source)
    binary = work / "seed-go-relay"
    env = {
        **os.environ,
        "GO111MODULE": "off",
        "GOPATH": str(GOPATH),
        "GOCACHE": str(work / "gocache"),
    }
    subprocess.run([go, "build", "-o", str(binary), "."], cwd=source, env=env, check=True)
    return binary


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


class GoRelay(RelayProcess):
    """The Go reference relay as a process the load generator can drive."""

    def __init__(self, binary: Path) -> None:
        super().__init__(kind="reference")
        self.binary = binary

    def command(self) -> list[str]:
        return [str(self.binary), "-addr", f"127.0.0.1:{self.port}"]


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
    outcome.tables.append(
        f"fan-out: {args.viewers} viewers, 1 scorer at {args.rate} ev/s for {args.duration} s,"
        f" load {load()}"
    )
    outcome.tables.append("relay       offered/s delivered/s  p50 ms  p99 ms complete")
    go = build_go_reference(work) if args.go else None
    for workers in (1, 2, 0) if go else (1, 2):
        if workers:
            flags = [*relay_flags(args.viewers + 1), "--redis", redis.url]
            flags += ["--workers", str(workers)]
            relay = RelayProcess(data_dir=work / f"fanout-{workers}", extra_args=flags)
            relay.start()
        else:
            assert go is not None
            relay = GoRelay(go)
            relay.start()
        wait_for_port(relay.port, 20, relay.proc)
        await asyncio.sleep(1.0 * workers)  # every worker listening before the viewers come
        spec = LoadSpec(
            viewers=args.viewers,
            viewer_procs=max(1, min(4, args.viewers // 500)),
            scorers=1,
            rate=args.rate,
            duration_s=args.duration,
            kind="technical",
            match_id=f"fanout-{workers}",
            final_timeout_s=120,
            max_run_s=args.duration + 600,
        )
        try:
            report = await run_load(spec, relay.url, relay.token)
        finally:
            relay.stop()
        delivered = report.frames_per_s()
        p50, p99 = report.percentile_ms(0.5), report.percentile_ms(0.99)
        complete = not report.problems()
        name = f"{workers} worker{'s' if workers > 1 else ''}" if workers else "go ref."
        outcome.tables.append(
            f"{name:10} {args.rate * (args.viewers + 1):10.0f} {delivered:11.0f} "
            f"{p50 or 0:7.1f} {p99 or 0:7.1f} {'yes' if complete else 'NO'}"
        )
        key = f"fanout_{workers}_workers_fps" if workers else "fanout_go_reference_fps"
        outcome.figures[key] = round(delivered)
        if workers and not complete:
            outcome.problems += [f"{name}: {p}" for p in report.problems()]


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.scenarios.redis_nodes")
    parser.add_argument("--appends", type=int, default=1000, help="events in the cost part")
    parser.add_argument("--viewers", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=50.0, help="events/s of the scorer")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of scoring")
    parser.add_argument(
        "--no-go", dest="go", action="store_false", help="leave out the Go reference relay"
    )
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
