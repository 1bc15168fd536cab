"""Scenario 2: SIGKILL the relay at random moments under scenario 1's load, and restart it.

The relay is killed (no shutdown code runs) at random moments, at least 20 times in
a full run, and restarted on the same data directory and port. Clients reconnect by
themselves with ``lastSeq``/``epoch``; scorers re-send what was not acknowledged.
The relay holds when, in the final log, every acknowledged ``clientEventId`` is there
exactly once with the seq it was acknowledged with, seqs run 1..N without gaps, and
every client ends caught up at N with an identical state. Time to recover (from a
client seeing its connection drop to its next ``welcome``) is reported.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from pathlib import Path

from bench.procs import RelayProcess
from bench.scenarios.common import Outcome, base_parser, http_json, log_problems, relay_flags
from bench.scenarios.multi_scorer import drive


async def run(args: argparse.Namespace) -> Outcome:
    outcome = Outcome("crash")
    rng = random.Random(args.seed)
    kills: list[float] = []  # seconds each restart took until the port listened again
    with tempfile.TemporaryDirectory(prefix="bench-relay-") as data:
        clients = args.viewers + args.scorers
        relay = RelayProcess(data_dir=Path(data), extra_args=relay_flags(clients, rate=50))
        relay.start()

        async def killer() -> None:
            # Kills spread over the scoring time, each at a random moment in its slot.
            slot = args.duration / args.kills
            start = time.monotonic()
            for n in range(args.kills):
                moment = start + slot * (n + rng.uniform(0.1, 0.9))
                await asyncio.sleep(max(0.0, moment - time.monotonic()))
                relay.kill()
                await asyncio.sleep(rng.uniform(0.0, args.max_down))
                kills.append(await asyncio.to_thread(relay.start))

        try:
            report = await drive(args, relay, killer)
            events = await asyncio.to_thread(http_json, relay.port, "/api/matches/bench/events")
        finally:
            relay.stop()
    outcome.tables.append(report.table(f"crash: {len(kills)} SIGKILLs and restarts"))
    outcome.problems += list(report.worker_failures)
    outcome.problems += report.answer_problems(connections_may_drop=True)
    outcome.problems += report.convergence_problems()
    outcome.problems += log_problems(events, report.acked())
    if len(kills) < args.kills:
        outcome.problems.append(f"only {len(kills)} of {args.kills} kills happened")
    recover = report.recover_ms()
    outcome.figures.update(
        kills=len(kills),
        acked_events=len(report.acked()),
        log_length=len(events),
        resent_after_reconnect=report.total("resent_after_reconnect"),
        duplicate_acks=report.total("duplicate_acks"),
        reconnects=sum(c["connects"] - 1 for c in report.clients),
        relay_restart_ms_max=round(1000 * max(kills), 1) if kills else None,
        client_recover_ms_p50=round(recover[len(recover) // 2], 1) if recover else None,
        client_recover_ms_max=round(recover[-1], 1) if recover else None,
    )
    return outcome


def parser() -> argparse.ArgumentParser:
    p = base_parser("crash", "SIGKILL and restart the relay under multi-scorer load.")
    p.add_argument("--kills", type=int, default=20, help="SIGKILLs over the run (default 20)")
    p.add_argument("--max-down", type=float, default=1.0, help="max seconds down per kill")
    return p


def main(argv: list[str] | None = None) -> None:
    asyncio.run(run(parser().parse_args(argv))).exit()


if __name__ == "__main__":
    main()
