"""Scenario 3: viewers that stop reading and connections dropped without a close frame.

Two runs in one invocation, each against a fresh relay process with a short heartbeat
and small send-queue bounds: a baseline, then the same load where, in every viewer
process, some viewers stop reading their socket entirely and some abort their TCP
connection (no close frame, no FIN) a few seconds in. The relay holds when:

- the other clients see no disconnect, every frame answered, and all end at the same
  seq and state (as in scenario 1);
- their p99 latency stays within noise of the baseline (at most 2x + 25 ms; the
  machine's CPU is shared with the load generator);
- the relay's peak RSS stays within the baseline's plus the queue bounds of the
  stuck connections plus 32 MiB;
- by the end of scoring the relay has closed every stuck connection (its open
  viewer count, from /metrics, equals the live viewers): with 4408 when a send
  queue overflowed, or by the heartbeat.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import tempfile
import time
from pathlib import Path

from bench.loadgen import LoadSpec, Report, run_load
from bench.procs import RelayProcess
from bench.scenarios.common import Outcome, base_parser, metrics, relay_flags

QUEUE_MAX_BYTES = 256 * 1024
OPEN_VIEWERS = 'kabaddi_connections{role="viewer"}'
CLOSE_TIMEOUT_S = 5.0  # the relay's close handshake timeout (RelayConfig.close_timeout)


async def _one_run(args: argparse.Namespace, faulty: bool) -> tuple[Report, dict[str, float]]:
    spec = LoadSpec(
        viewers=args.viewers,
        viewer_procs=args.viewer_procs,
        scorers=args.scorers,
        rate=args.rate,
        duration_s=args.duration,
        kind="technical",
        stall_viewers=args.stall if faulty else 0,
        abort_viewers=args.abort if faulty else 0,
        stall_after_s=args.fault_after,
        abort_after_s=args.fault_after,
        seed=args.seed,
        max_run_s=args.duration + 300,
    )
    seen: dict[str, float] = {}
    flags = relay_flags(
        args.viewers + args.scorers,
        rate=50,
        extra=[
            "--ping-interval", str(args.heartbeat), "--ping-timeout", str(args.heartbeat),
            "--queue-max-frames", str(args.queue_frames),
            "--queue-max-bytes", str(QUEUE_MAX_BYTES),
        ],
    )  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench-relay-") as data:
        relay = RelayProcess(data_dir=Path(data), extra_args=flags)
        relay.start()

        async def watch_the_relay() -> None:
            # Poll /metrics until the relay has let go of every stuck viewer (or give up
            # after heartbeat, close timeout and a margin); note how long that took.
            live = args.viewers - (args.stall + args.abort) * args.viewer_procs * faulty
            began = time.monotonic()
            give_up = began + args.fault_after + 4 * args.heartbeat + CLOSE_TIMEOUT_S + 10
            while True:
                with contextlib.suppress(OSError, TimeoutError):  # busy: ask again
                    seen.update(await asyncio.to_thread(metrics, relay.port))
                if not faulty or seen.get(OPEN_VIEWERS) == live or time.monotonic() > give_up:
                    break
                await asyncio.sleep(0.25)
            seen["closed_after_s"] = time.monotonic() - began - args.fault_after

        try:
            report = await run_load(
                spec, relay.url, relay.token, lambda: relay.pid, watch_the_relay
            )
        finally:
            relay.stop()
    return report, seen


async def run(args: argparse.Namespace, check_latency: bool = True) -> Outcome:
    outcome = Outcome("slow_consumers")
    base, _ = await _one_run(args, faulty=False)
    hit, seen = await _one_run(args, faulty=True)
    outcome.tables.append(base.table("slow_consumers: baseline"))
    outcome.tables.append(hit.table("slow_consumers: with stuck and dropped viewers"))
    outcome.problems += base.problems()
    outcome.problems += hit.worker_failures
    live_closes = hit.closes(live_only=True)
    if live_closes:
        outcome.problems.append(f"live clients disconnected: {dict(live_closes)}")
    outcome.problems += hit.answer_problems() + hit.convergence_problems()

    stuck = (args.stall + args.abort) * args.viewer_procs
    live_viewers = args.viewers - stuck
    open_viewers = seen.get(OPEN_VIEWERS)
    if open_viewers != live_viewers:
        outcome.problems.append(f"relay has {open_viewers} viewers open, {live_viewers} are live")
    base_p99, hit_p99 = _live_p99(base), _live_p99(hit)
    if check_latency and base_p99 and hit_p99 and hit_p99 > 2 * base_p99 + 25:
        outcome.problems.append(f"p99 {hit_p99:.1f} ms vs baseline {base_p99:.1f} ms")
    base_rss, hit_rss = base.relay_peak_rss_kib(), hit.relay_peak_rss_kib()
    bound = None
    if base_rss is not None and hit_rss is not None:
        bound = base_rss + args.stall * args.viewer_procs * QUEUE_MAX_BYTES // 1024 + 32 * 1024
        if hit_rss > bound:
            outcome.problems.append(f"relay RSS {hit_rss} KiB over the bound {bound} KiB")
    outcome.figures.update(
        stuck_viewers=stuck,
        relay_open_viewers_at_check=open_viewers,
        stuck_closed_within_s=round(seen.get("closed_after_s", 0), 1),
        closes_4408=seen.get("kabaddi_queue_overflow_closes_total"),
        baseline_p99_ms=base_p99,
        faulty_p99_ms=hit_p99,
        baseline_peak_rss_kib=base_rss,
        faulty_peak_rss_kib=hit_rss,
        rss_bound_kib=bound,
    )
    return outcome


def _live_p99(report: Report) -> float | None:
    return report.percentile_ms(0.99)


def parser() -> argparse.ArgumentParser:
    p = base_parser(
        "slow_consumers",
        "Stuck and dropped viewers beside live ones; baseline comparison in the same run.",
        duration=30.0, viewers=200, scorers=2, delay=(0, 0),
    )  # fmt: skip
    p.add_argument("--stall", type=int, default=10, help="viewers per process that stop reading")
    p.add_argument("--abort", type=int, default=10, help="viewers per process that drop TCP")
    p.add_argument("--fault-after", type=float, default=3.0, help="seconds into the run")
    p.add_argument("--heartbeat", type=float, default=1.0, help="relay ping interval/timeout")
    p.add_argument("--queue-frames", type=int, default=50, help="relay send-queue bound")
    return p


def main(argv: list[str] | None = None) -> None:
    asyncio.run(run(parser().parse_args(argv))).exit()


if __name__ == "__main__":
    main()
