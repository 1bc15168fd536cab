"""Scenario 1: several scorers at once, many viewers, 50–200 ms of latency with jitter.

The failure this product exists for: on a cloud VM, two scorers sending at once
disconnected everyone. Here 4 scorers at 10 frames/s each (valid raids for the turn,
technical points, some invalid frames and some re-sent duplicates) and 200 viewers
go through the latency proxy for 2 minutes. The relay holds when:

- nobody is disconnected;
- every scorer frame is answered exactly once (ack or error);
- every viewer and scorer ends at the same seq with an identical state, without gaps.

Latency p50/p99 (scorer send to viewer receive) is printed beside the injected one.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

from bench.latency_proxy import LatencyProxy
from bench.loadgen import LoadSpec, Report, run_load
from bench.procs import RelayProcess
from bench.scenarios.common import (
    Outcome,
    base_parser,
    histogram_quantile,
    metrics,
    relay_flags,
)


def load_spec(args: argparse.Namespace) -> LoadSpec:
    return LoadSpec(
        viewers=args.viewers,
        viewer_procs=args.viewer_procs,
        scorers=args.scorers,
        rate=args.rate,
        duration_s=args.duration,
        kind="raid",
        invalid_every=20,
        duplicate_every=15,
        seed=args.seed,
        max_run_s=args.duration + 300,
    )


@contextlib.asynccontextmanager
async def through_proxy(args: argparse.Namespace, relay: RelayProcess) -> AsyncIterator[str]:
    """The URL clients use: the relay's, or the latency proxy's in front of it."""
    low, high = args.delay_ms
    if high <= 0:
        yield relay.url
        return
    async with LatencyProxy(relay.port, delay_ms=(low, high), seed=args.seed) as proxy:
        yield f"ws://127.0.0.1:{proxy.port}/ws"


async def drive(
    args: argparse.Namespace,
    relay: RelayProcess,
    during: Callable[[], Awaitable[None]] | None = None,
) -> Report:
    async with through_proxy(args, relay) as url:
        return await run_load(
            load_spec(args), url, relay.token, lambda: relay.pid if relay.alive() else None, during
        )


async def run(args: argparse.Namespace) -> Outcome:
    outcome = Outcome("multi_scorer")
    with tempfile.TemporaryDirectory(prefix="bench-relay-") as data:
        clients = args.viewers + args.scorers
        relay = RelayProcess(data_dir=Path(data), extra_args=relay_flags(clients, rate=50))
        relay.start()
        seen: dict[str, float] = {}

        async def relay_view_at_the_end() -> None:
            await asyncio.sleep(args.duration)
            with contextlib.suppress(OSError, TimeoutError):  # figures only, not invariants
                seen.update(await asyncio.to_thread(metrics, relay.port))

        try:
            report = await drive(args, relay, relay_view_at_the_end)
        finally:
            relay.stop()
    low, high = args.delay_ms
    outcome.tables.append(
        report.table(f"multi_scorer: injected one-way latency {low:g}–{high:g} ms")
    )
    outcome.problems += report.problems()
    outcome.figures["p50_ms"] = report.percentile_ms(0.5)
    outcome.figures["p99_ms"] = report.percentile_ms(0.99)
    # The relay's own view: frame in to event handed to every connection (bucket bounds).
    for q in (0.5, 0.99):
        bound = histogram_quantile(seen, "kabaddi_broadcast_latency_seconds", q)
        outcome.figures[f"relay_internal_p{int(q * 100)}_ms_at_most"] = (
            None if bound is None else bound * 1000
        )
    return outcome


def parser() -> argparse.ArgumentParser:
    return base_parser("multi_scorer", __doc__.splitlines()[0] if __doc__ else "")


def main(argv: list[str] | None = None) -> None:
    asyncio.run(run(parser().parse_args(argv))).exit()


if __name__ == "__main__":
    main()
