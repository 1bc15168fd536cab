"""What the scenarios share: the relay's settings for a bench run, HTTP look-ups, output."""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.procs import LOOPBACK


def relay_flags(
    connections: int,
    rate: float = 1000.0,
    burst: int = 1000,
    extra: Sequence[str] = (),
) -> list[str]:
    """CLI flags for ``python -m relay`` so that a bench load from 127.0.0.1 is admitted."""
    return [
        "--max-connections", str(connections + 100),
        "--max-connections-per-address", str(connections + 100),
        "--rate", str(rate),
        "--burst", str(burst),
        *extra,
    ]  # fmt: skip


def add_viewer_client_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--viewer-client",
        choices=["lean", "websockets"],
        default="lean",
        help="the load generator's viewers: bench.lean_ws (a few microseconds a frame) or "
        "websockets' client (tens, as in figures before 1 December 2026 19:00)",
    )


def http_json(port: int, path: str, timeout_s: float = 30.0) -> Any:
    with urllib.request.urlopen(f"http://{LOOPBACK}:{port}{path}", timeout=timeout_s) as reply:
        return json.loads(reply.read())


def metrics(port: int, timeout_s: float = 10.0) -> dict[str, float]:
    """The relay's /metrics as {"name{labels}": value}."""
    url = f"http://{LOOPBACK}:{port}/metrics"
    with urllib.request.urlopen(url, timeout=timeout_s) as reply:
        text = reply.read().decode()
    values = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            values[name] = float(value)
    return values


def histogram_quantile(values: dict[str, float], name: str, q: float) -> float | None:
    """The upper bound of the bucket holding quantile ``q`` of a /metrics histogram."""
    prefix = f'{name}_bucket{{le="'
    buckets = sorted(
        (float(key[len(prefix) : -2]), count)
        for key, count in values.items()
        if key.startswith(prefix) and not key.endswith('"+Inf"}')
    )
    total = values.get(f"{name}_count", 0.0)
    if not total:
        return None
    for bound, count in buckets:
        if count >= q * total:
            return bound
    return float("inf")


def log_problems(events: list[dict[str, Any]], acked: dict[str, int]) -> list[str]:
    """Checks the relay's final log against what scorers saw acknowledged."""
    found = []
    seqs = [e["seq"] for e in events]
    if seqs != list(range(1, len(seqs) + 1)):
        found.append(f"log seqs are not 1..{len(seqs)} without gaps")
    in_log: dict[str, list[int]] = {}
    for e in events:
        in_log.setdefault(e["event"]["clientEventId"], []).append(e["seq"])
    twice = [cid for cid, s in in_log.items() if len(s) > 1]
    if twice:
        found.append(f"{len(twice)} events applied more than once, e.g. {twice[0]}")
    lost = [cid for cid in acked if cid not in in_log]
    if lost:
        found.append(f"{len(lost)} acknowledged events lost, e.g. {lost[0]}")
    moved = [cid for cid, seq in acked.items() if cid in in_log and in_log[cid][0] != seq]
    if moved:
        found.append(f"{len(moved)} acknowledged events with another seq in the log")
    return found


@dataclass
class Outcome:
    title: str
    tables: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)

    def show(self) -> None:
        print("\n".join(self.tables))
        for key, value in self.figures.items():
            print(f"  {key}: {value}")
        for problem in self.problems:
            print(f"  BROKEN: {problem}")
        print(f"{self.title}: {'FAILED' if self.problems else 'held'}")

    def exit(self) -> None:
        self.show()
        sys.exit(1 if self.problems else 0)


def base_parser(prog: str, description: str, **defaults: Any) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"python -m bench.scenarios.{prog}", description=description
    )
    parser.add_argument(
        "--duration", type=float, default=defaults.get("duration", 120.0), help="seconds of scoring"
    )
    parser.add_argument("--viewers", type=int, default=defaults.get("viewers", 200))
    parser.add_argument("--viewer-procs", type=int, default=defaults.get("viewer_procs", 2))
    parser.add_argument("--scorers", type=int, default=defaults.get("scorers", 4))
    parser.add_argument(
        "--rate", type=float, default=defaults.get("rate", 10.0), help="frames/s per scorer"
    )
    parser.add_argument(
        "--delay-ms",
        type=float,
        nargs=2,
        default=defaults.get("delay", (50, 200)),
        metavar=("MIN", "MAX"),
        help="injected one-way latency (0 0: no proxy)",
    )
    parser.add_argument("--seed", type=int, default=0)
    return parser  # fmt: skip
