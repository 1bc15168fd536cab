"""One load-generator process: runs some viewers and scorers in one event loop.

Started by :mod:`bench.loadgen` as ``python -m bench.worker SPEC.json RESULT.json``.
It talks to the coordinator through files in the spec's ``controlDir``:

- writes ``ready-NAME`` once all its viewers are welcomed;
- scorers send for their duration, wait (bounded) for every answer, then the worker
  writes ``sent-NAME.json`` (highest acknowledged seq, frames sent);
- waits for ``stop.json`` (``{"seq": N}``, the final seq), lets each client catch up
  to it (bounded), closes everything and writes RESULT.json.

Everything is bounded by ``maxRunS``: the process ends by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import resource
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench.clients import Client, ClientConfig, Scorer, ScorerConfig

POLL_S = 0.05


def raise_fd_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text() or "null")
    except (OSError, ValueError):
        return None


async def _wait_file(path: Path, deadline: float) -> Any:
    while time.monotonic() < deadline:
        data = _read_json(path)
        if data is not None:
            return data
        await asyncio.sleep(POLL_S)
    return None


def _write(path: Path, data: Any) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data))
    tmp.replace(path)


async def run(spec: dict[str, Any]) -> dict[str, Any]:
    raise_fd_limit()
    started = time.monotonic()
    deadline = started + spec.get("maxRunS", 600)
    control = Path(spec["controlDir"])
    name = spec["name"]

    def config(**faults: float | None) -> ClientConfig:
        return ClientConfig(
            url=spec["url"],
            match_id=spec.get("matchId", "bench"),
            token=spec.get("token"),
            reconnect=spec.get("reconnect", True),
            protocol=spec.get("protocol", 1),
            lean=spec.get("leanViewers", False),
            **faults,  # type: ignore[arg-type]
        )

    viewers: list[Client] = []
    for i in range(spec.get("viewers", 0)):
        faults: dict[str, float | None] = {}
        if i < spec.get("stallViewers", 0):
            faults["stall_after_s"] = spec["stallAfter"]
        elif i < spec.get("stallViewers", 0) + spec.get("abortViewers", 0):
            faults["abort_after_s"] = spec["abortAfter"]
        viewers.append(Client(f"{name}-v{i}", config(**faults)))
    scorers = [
        Scorer(
            s["name"],
            config(),
            ScorerConfig(
                rate=s["rate"],
                duration_s=s["duration"],
                sets_up=s.get("setsUp", False),
                kind=s.get("kind", "raid"),
                invalid_every=s.get("invalidEvery", 0),
                duplicate_every=s.get("duplicateEvery", 0),
                seed=s.get("seed", 0),
                expect_answers=s.get("expectAnswers", True),
                turn=tuple(s.get("turn", (0, 1))),
            ),
        )
        for s in spec.get("scorers", [])
    ]
    until = asyncio.Event()
    tasks: list[asyncio.Task[None]] = []
    # Connect in waves so thousands of handshakes do not all land at once.
    wave = spec.get("connectConcurrency", 100)
    for start in range(0, len(viewers), wave):
        group = viewers[start : start + wave]
        tasks += [asyncio.create_task(v.run(until)) for v in group]
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(
                asyncio.gather(*(v.welcomed.wait() for v in group)),
                max(1.0, deadline - time.monotonic()),
            )
    _write(control / f"ready-{name}", {"viewers": sum(v.welcomed.is_set() for v in viewers)})

    if scorers:
        tasks += [asyncio.create_task(s.run(until)) for s in scorers]
        # The scorer that sets up goes first, so the others find a match.
        for s in sorted(scorers, key=lambda s: not s.scorer.sets_up):
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(s.welcomed.wait(), 30)
        await asyncio.gather(*(s.send_loop() for s in scorers), return_exceptions=True)
        await asyncio.gather(*(s.settle(spec.get("settleS", 30)) for s in scorers))
        _write(
            control / f"sent-{name}.json",
            {
                "maxAckedSeq": max(s.tally.max_acked_seq for s in scorers),
                "sent": sum(s.tally.sent for s in scorers),
            },
        )

    stop = await _wait_file(control / "stop.json", deadline)
    target = stop["seq"] if isinstance(stop, dict) else None
    live = [c for c in [*viewers, *scorers] if not (c.record.stalled or c.record.aborted)]
    catch_up = time.monotonic() + spec.get("finalTimeoutS", 30)
    while target is not None and time.monotonic() < min(catch_up, deadline):
        if all(c.record.last_seq >= target for c in live):
            break
        await asyncio.sleep(POLL_S)
    until.set()
    await asyncio.wait(tasks, timeout=15)
    for task in tasks:
        task.cancel()
    return _result(name, viewers, scorers, spec.get("latencySamples", 100_000))


def _result(
    name: str, viewers: list[Client], scorers: list[Scorer], samples: int
) -> dict[str, Any]:
    latencies: list[int] = []
    clients = []
    for client in [*viewers, *scorers]:
        record = client.finish()
        latencies += record.latencies_us
        data = asdict(record)
        data["latencies_us"] = len(record.latencies_us)
        clients.append(data)
    if len(latencies) > samples:
        latencies = random.Random(0).sample(latencies, samples)
    return {
        "name": name,
        "clients": clients,
        "scorers": [{"name": s.name, **asdict(s.tally)} for s in scorers],
        "latenciesUs": latencies,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.worker",
        description="A load-generator process (started by bench.loadgen): viewers and "
        "scorers from SPEC (JSON), results to RESULT (JSON).",
    )
    parser.add_argument("spec", type=Path)
    parser.add_argument("result", type=Path)
    args = parser.parse_args(argv)
    spec = json.loads(args.spec.read_text())
    result = asyncio.run(run(spec))
    _write(args.result, result)


if __name__ == "__main__":
    main()
