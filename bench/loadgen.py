"""The load generator: scorers and viewers in their own processes, against a relay process.

:func:`run_load` starts worker processes (:mod:`bench.worker`), viewers first, then
the scorers; when the scorers are done and every frame is answered it announces the
final seq, lets every client catch up, and gathers what each saw. :class:`Report`
sums it up: latency percentiles, frames delivered per second, disconnects by close
code, answers per frame, final seq and state per connection, relay CPU and memory.

CLI (starts its own relay, optionally behind the latency proxy)::

    python -m bench.loadgen --relay ours --viewers 200 --scorers 4 --rate 10 \
        --duration 30 --delay-ms 50 200
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.latency_proxy import LatencyProxy
from bench.procs import RelayProcess, cpu_seconds, rss_kib

MATCH_ID = "bench"
QS = (0.5, 0.99, 1.0)


@dataclass
class LoadSpec:
    viewers: int = 20
    viewer_procs: int = 1
    scorers: int = 1
    scorer_procs: int = 1
    rate: float = 10.0  # frames/s per scorer
    duration_s: float = 10.0
    kind: str = "raid"  # or "technical"
    invalid_every: int = 0
    duplicate_every: int = 0
    stall_viewers: int = 0  # per viewer process
    stall_after_s: float = 2.0
    abort_viewers: int = 0  # per viewer process
    abort_after_s: float = 2.0
    expect_acks: bool = True  # False against the reference relay
    match_id: str = MATCH_ID
    settle_s: float = 30.0
    final_timeout_s: float = 30.0
    max_run_s: float = 600.0
    seed: int = 0
    protocol: int = 1  # the wire protocol version every client asks for
    connect_concurrency: int = 100  # handshakes in flight per viewer process
    # Viewers on bench.lean_ws (a frame costs the load generator a few microseconds)
    # instead of websockets' client (tens): what the load generator spends is CPU the
    # relay under test does not get on a shared machine.
    lean_viewers: bool = False


@dataclass
class Report:
    spec: LoadSpec
    clients: list[dict[str, Any]]
    scorers: list[dict[str, Any]]
    latencies_us: list[int]
    target_seq: int
    wall_s: float
    relay_samples: list[tuple[float, int | None, float | None]] = field(default_factory=list)
    worker_failures: list[str] = field(default_factory=list)
    connect_s: float | None = None  # until every viewer process had its viewers welcomed
    welcomed_viewers: int | None = None  # viewers welcomed by then

    # --- figures ---
    def percentile_ms(self, q: float, latencies_us: list[int] | None = None) -> float | None:
        ordered = sorted(self.latencies_us if latencies_us is None else latencies_us)
        if not ordered:
            return None
        index = min(len(ordered) - 1, int(q * len(ordered)))
        return ordered[index] / 1000

    @property
    def events_delivered(self) -> int:
        return sum(c["events"] for c in self.clients)

    def event_frame_bytes(self) -> int | None:
        """Mean size of an ``event`` frame as viewers received it."""
        sized = [c for c in self.clients if c["event_bytes"]]
        if not sized:
            return None
        total = sum(int(c["event_bytes"]) for c in sized)
        return total // max(1, sum(int(c["events"]) for c in sized))

    def frames_per_s(self) -> float:
        spans = [
            (c["first_event_ns"], c["last_event_ns"]) for c in self.clients if c["first_event_ns"]
        ]
        if not spans:
            return 0.0
        span_s = (max(e for _, e in spans) - min(s for s, _ in spans)) / 1e9
        return self.events_delivered / span_s if span_s > 0 else 0.0

    def closes(self, live_only: bool = False) -> Counter[int | None]:
        return Counter(code for c in self._live(live_only) for code, _, _ in c["closes"])

    def final_seqs(self, live_only: bool = True) -> Counter[int]:
        return Counter(c["last_seq"] for c in self._live(live_only))

    def final_hashes(self, live_only: bool = True) -> Counter[str | None]:
        return Counter(c["state_hash"] for c in self._live(live_only))

    def _live(self, live_only: bool) -> list[dict[str, Any]]:
        return [c for c in self.clients if not live_only or not (c["stalled"] or c["aborted"])]

    def total(self, key: str) -> int:
        return sum(s[key] for s in self.scorers)

    def errors(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for s in self.scorers:
            counts.update(s["errors"])
        return counts

    def error_samples(self) -> dict[str, str]:
        samples: dict[str, str] = {}
        for s in self.scorers:
            for code, message in s["error_samples"].items():
                samples.setdefault(code, message)
        return samples

    def answers(self) -> int:
        return self.total("acks") + sum(self.errors().values())

    def relay_peak_rss_kib(self) -> int | None:
        values = [rss for _, rss, _ in self.relay_samples if rss is not None]
        return max(values) if values else None

    def relay_cpu_percent(self) -> float | None:
        points = [(t, cpu) for t, _, cpu in self.relay_samples if cpu is not None]
        if len(points) < 2 or points[-1][0] <= points[0][0]:
            return None
        if any(b[1] < a[1] for a, b in itertools.pairwise(points)):
            return None  # the relay was restarted: CPU time of several processes
        return 100 * (points[-1][1] - points[0][1]) / (points[-1][0] - points[0][0])

    # --- invariants ---
    def problems(self) -> list[str]:
        """Broken invariants of a run without faults: empty when the relay held."""
        found = list(self.worker_failures)
        closes = self.closes()
        if closes:
            found.append(f"disconnects: {dict(closes)}")
        found += self.answer_problems()
        found += self.convergence_problems()
        return found

    def answer_problems(self, connections_may_drop: bool = False) -> list[str]:
        """Every frame answered once; with drops, frames in flight on a dropped connection
        may go unanswered (the scorer re-sends the events among them)."""
        found = []
        sent, answers = self.total("sent"), self.answers()
        unexpected = self.total("unexpected_answers")
        lost = self.total("unanswered_at_close")
        if lost and not connections_may_drop:
            found.append(f"{lost} frames never answered (their connection closed)")
        if self.spec.expect_acks and sent != answers + lost:
            found.append(f"{sent} frames sent, {answers} answered, {lost} lost with a connection")
        if unexpected:
            found.append(f"{unexpected} answers for frames already answered")
        if self.total("wrong_duplicate_answers"):
            found.append("a duplicate was acknowledged with a different seq")
        if self.spec.expect_acks and self.total("unacked_at_end"):
            found.append(f"{self.total('unacked_at_end')} events never acknowledged")
        return found

    def acked(self) -> dict[str, int]:
        acked: dict[str, int] = {}
        for s in self.scorers:
            acked.update(s["acked"])
        return acked

    def recover_ms(self) -> list[float]:
        return sorted(ms for c in self.clients for ms in c["recover_ms"])

    def convergence_problems(self) -> list[str]:
        found = []
        seqs, hashes = self.final_seqs(), self.final_hashes()
        if len(seqs) != 1 or next(iter(seqs)) != self.target_seq:
            found.append(f"final seqs differ: {dict(seqs)} (expected {self.target_seq})")
        if len(hashes) != 1:
            found.append(f"final states differ: {len(hashes)} distinct")
        gaps = sum(c["gaps"] for c in self.clients)
        repeats = sum(c["repeats"] for c in self.clients)
        if gaps:
            found.append(f"{gaps} seq gaps")
        if repeats:
            found.append(f"{repeats} events delivered twice")
        return found

    def table(self, title: str) -> str:
        def ms(value: float | None) -> str:
            return "-" if value is None else f"{value:.1f}"

        rss = self.relay_peak_rss_kib()
        cpu = self.relay_cpu_percent()
        rows = [
            ("clients (viewers+scorers)", f"{len(self.clients)}"),
            ("final seq", f"{self.target_seq}"),
            ("scorer frames sent / answered", f"{self.total('sent')} / {self.answers()}"),
            ("acks (duplicates)", f"{self.total('acks')} ({self.total('duplicate_acks')})"),
            ("errors", ", ".join(f"{k}={v}" for k, v in sorted(self.errors().items())) or "-"),
            ("events delivered", f"{self.events_delivered}"),
            ("delivered frames/s", f"{self.frames_per_s():.0f}"),
            ("latency p50 / p99 / max ms", " / ".join(ms(self.percentile_ms(q)) for q in QS)),
            ("disconnects by close code", str(dict(self.closes())) if self.closes() else "none"),
            ("distinct final seqs/states", f"{len(self.final_seqs())}/{len(self.final_hashes())}"),
            ("relay peak RSS MiB", "-" if rss is None else f"{rss / 1024:.1f}"),
            ("relay CPU %", "-" if cpu is None else f"{cpu:.0f}"),
            ("wall time s", f"{self.wall_s:.1f}"),
        ]  # fmt: skip
        width = max(len(k) for k, _ in rows)
        return "\n".join([f"== {title}", *(f"  {k.ljust(width)}  {v}" for k, v in rows)])


def _worker_specs(spec: LoadSpec, url: str, token: str, control: Path) -> list[dict[str, Any]]:
    common = {
        "url": url,
        "matchId": spec.match_id,
        "token": token,
        "controlDir": str(control),
        "settleS": spec.settle_s,
        "finalTimeoutS": spec.final_timeout_s,
        "maxRunS": spec.max_run_s,
        "protocol": spec.protocol,
        "connectConcurrency": spec.connect_concurrency,
        "leanViewers": spec.lean_viewers,
    }
    specs = []
    per_proc = [spec.viewers // spec.viewer_procs] * spec.viewer_procs
    for i in range(spec.viewers % spec.viewer_procs):
        per_proc[i] += 1
    for i, count in enumerate(per_proc):
        specs.append(
            {
                **common,
                "name": f"v{i}",
                "viewers": count,
                "stallViewers": spec.stall_viewers,
                "stallAfter": spec.stall_after_s,
                "abortViewers": spec.abort_viewers,
                "abortAfter": spec.abort_after_s,
            }
        )
    scorers = [
        {
            "name": f"s{i}",
            "rate": spec.rate,
            "duration": spec.duration_s,
            "setsUp": i == 0,
            "kind": spec.kind,
            "invalidEvery": spec.invalid_every,
            "duplicateEvery": spec.duplicate_every,
            "seed": spec.seed * 1000 + i,
            "expectAnswers": spec.expect_acks,
            "turn": [i, spec.scorers],
        }
        for i in range(spec.scorers)
    ]
    for p in range(spec.scorer_procs):
        mine = scorers[p :: spec.scorer_procs]
        if mine:
            specs.append({**common, "name": f"s{p}", "scorers": mine})
    return specs


async def run_load(
    spec: LoadSpec,
    url: str,
    token: str = "bench-token",
    relay_pid: Callable[[], int | None] | None = None,
    during: Callable[[], Awaitable[None]] | None = None,
) -> Report:
    """Runs one load against ``url``; ``during`` runs beside the scorers (fault injection)."""
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        control = Path(tmp)
        specs = _worker_specs(spec, url, token, control)
        procs: dict[str, subprocess.Popen[bytes]] = {}

        def launch(worker: dict[str, Any]) -> None:
            spec_path = control / f"{worker['name']}.spec.json"
            spec_path.write_text(json.dumps(worker))
            result_path = control / f"{worker['name']}.result.json"
            procs[worker["name"]] = subprocess.Popen(
                [sys.executable, "-m", "bench.worker", str(spec_path), str(result_path)],
                stderr=open(control / f"{worker['name']}.stderr", "wb"),  # noqa: SIM115
            )

        viewer_specs = [w for w in specs if "scorers" not in w]
        scorer_specs = [w for w in specs if "scorers" in w]
        samples: list[tuple[float, int | None, float | None]] = []
        sampler = asyncio.create_task(_sample(relay_pid, samples)) if relay_pid else None
        try:
            for worker in viewer_specs:
                launch(worker)
            await _until(
                lambda: all((control / f"ready-{w['name']}").exists() for w in viewer_specs),
                spec.max_run_s,
                procs,
            )
            connect_s = time.monotonic() - began
            welcomed = sum(
                int(
                    (json.loads((control / f"ready-{w['name']}").read_text()) or {}).get(
                        "viewers", 0
                    )
                )
                for w in viewer_specs
            )
            for worker in scorer_specs:
                launch(worker)
            fault: asyncio.Future[None] | None = asyncio.ensure_future(during()) if during else None
            await _until(
                lambda: all((control / f"sent-{w['name']}.json").exists() for w in scorer_specs),
                spec.max_run_s,
                procs,
            )
            if fault is not None:
                await fault
            sent = [
                json.loads((control / f"sent-{w['name']}.json").read_text()) for w in scorer_specs
            ]
            target = (
                max(s["maxAckedSeq"] for s in sent)
                if spec.expect_acks
                else sum(s["sent"] for s in sent)
            )
            (control / "stop.json").write_text(json.dumps({"seq": target}))
            await _until(
                lambda: all(p.poll() is not None for p in procs.values()), spec.max_run_s, None
            )
        finally:
            for proc in procs.values():
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
            if sampler is not None:
                sampler.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await sampler
        wall_s = time.monotonic() - began
        report = _gather(spec, control, specs, procs, target, wall_s, samples)
        report.connect_s, report.welcomed_viewers = connect_s, welcomed
        return report


def _all_exist(control: Path, prefix: str, workers: list[dict[str, Any]], suffix: str) -> bool:
    return all((control / f"{prefix}{w['name']}{suffix}").exists() for w in workers)


def _announce_final_seq(control: Path, scorers: list[dict[str, Any]], acks: bool) -> int:
    sent = [json.loads((control / f"sent-{w['name']}.json").read_text()) for w in scorers]
    target: int = max(s["maxAckedSeq"] for s in sent) if acks else sum(s["sent"] for s in sent)
    (control / "stop.json").write_text(json.dumps({"seq": target}))
    return target


def _gather(
    spec: LoadSpec,
    control: Path,
    specs: list[dict[str, Any]],
    procs: dict[str, subprocess.Popen[bytes]],
    target: int,
    wall_s: float,
    samples: list[tuple[float, int | None, float | None]],
) -> Report:
    clients: list[dict[str, Any]] = []
    scorers: list[dict[str, Any]] = []
    latencies: list[int] = []
    failures = []
    for worker in specs:
        name = worker["name"]
        path = control / f"{name}.result.json"
        if procs[name].returncode != 0 or not path.exists():
            err = (control / f"{name}.stderr").read_text()[-2000:]
            failures.append(f"worker {name} exited {procs[name].returncode}: {err}")
            continue
        result = json.loads(path.read_text())
        clients += result["clients"]
        scorers += result["scorers"]
        latencies += result["latenciesUs"]
    return Report(spec, clients, scorers, latencies, target, wall_s, samples, failures)


async def _until(
    done: Callable[[], bool], timeout_s: float, procs: dict[str, subprocess.Popen[bytes]] | None
) -> None:
    deadline = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the load did not reach its next phase in time")
        if procs and any(p.poll() not in (None, 0) for p in procs.values()):
            raise RuntimeError("a load-generator process failed")
        await asyncio.sleep(0.05)


async def _sample(
    relay_pid: Callable[[], int | None], out: list[tuple[float, int | None, float | None]]
) -> None:
    while True:
        pid = relay_pid()
        if pid is not None:
            out.append((time.monotonic(), rss_kib(pid), cpu_seconds(pid)))
        await asyncio.sleep(0.5)


def relay_args(args: argparse.Namespace) -> list[str]:
    return list(args.relay_arg or [])


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--viewers", type=int, default=50)
    parser.add_argument("--viewer-procs", type=int, default=2, help="processes for viewers")
    parser.add_argument("--scorers", type=int, default=2)
    parser.add_argument("--rate", type=float, default=10.0, help="frames/s per scorer")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of scoring")
    parser.add_argument(
        "--delay-ms", type=float, nargs=2, default=None, metavar=("MIN", "MAX"),
        help="put the latency proxy between every client and the relay",
    )  # fmt: skip
    parser.add_argument(
        "--relay-arg", action="append", metavar="ARG",
        help="extra argument for `python -m relay` (repeat, e.g. --relay-arg=--ping-interval=1)",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=0)


async def _cli(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="bench-relay-") as data:
        kind = "reference" if args.relay == "reference" else "relay"
        relay = RelayProcess(kind=kind, data_dir=Path(data), extra_args=relay_args(args))
        relay.start()
        spec = LoadSpec(
            viewers=args.viewers, viewer_procs=args.viewer_procs, scorers=args.scorers,
            rate=args.rate, duration_s=args.duration, kind=args.kind,
            invalid_every=args.invalid_every, duplicate_every=args.duplicate_every,
            expect_acks=args.relay != "reference", seed=args.seed,
        )  # fmt: skip
        try:
            if args.delay_ms:
                async with LatencyProxy(relay.port, delay_ms=tuple(args.delay_ms)) as proxy:
                    url = f"ws://127.0.0.1:{proxy.port}/ws"
                    report = await run_load(spec, url, relay.token, lambda: relay.pid)
            else:
                report = await run_load(spec, relay.url, relay.token, lambda: relay.pid)
        finally:
            relay.stop()
    print(report.table(f"{args.relay} relay, {args.viewers} viewers, {args.scorers} scorers"))
    for code, message in report.error_samples().items():
        print(f"  e.g. {code}: {message}")
    problems = report.problems()
    for problem in problems:
        print(f"  PROBLEM: {problem}")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.loadgen",
        description="Drive a relay process (ours or the reference) with scorer and viewer "
        "processes through the wire contract, and report latency, throughput and invariants.",
    )
    parser.add_argument("--relay", choices=["ours", "reference"], default="ours")
    parser.add_argument("--kind", choices=["raid", "technical"], default="raid")
    parser.add_argument("--invalid-every", type=int, default=0)
    parser.add_argument("--duplicate-every", type=int, default=0)
    add_common_arguments(parser)
    sys.exit(asyncio.run(_cli(parser.parse_args(argv))))


if __name__ == "__main__":
    main()
