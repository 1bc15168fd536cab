"""The relay's counters, exported for ``/metrics`` through ``prometheus_client``.

The relay counts in a plain :class:`Metrics` (an increment is an attribute add on the
event loop, no lock); :class:`RelayCollector` reads it at scrape time. The registry
also carries the process (CPU, memory, open files), platform and garbage-collector
collectors operators expect from any service.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import get_args

from prometheus_client import (
    GC_COLLECTOR,
    PLATFORM_COLLECTOR,
    PROCESS_COLLECTOR,
    CollectorRegistry,
    generate_latest,
)
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

from relay.store import StoreHealth
from relay.wire import ErrorCode

# Seconds from a scorer's frame arriving to its event being handed to every connection.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
ROLES = ("scorer", "viewer", "pending")


@dataclass
class Histogram:
    buckets: tuple[float, ...] = LATENCY_BUCKETS
    counts: list[int] = field(default_factory=lambda: [0] * len(LATENCY_BUCKETS))
    total: float = 0.0
    count: int = 0

    def observe(self, value: float) -> None:
        self.total += value
        self.count += 1
        for index, bound in enumerate(self.buckets):
            if value <= bound:
                self.counts[index] += 1

    def family(self, name: str, documentation: str) -> HistogramMetricFamily:
        cumulative = [(str(b), c) for b, c in zip(self.buckets, self.counts, strict=True)]
        return HistogramMetricFamily(
            name,
            documentation,
            buckets=[*cumulative, ("+Inf", self.count)],
            sum_value=self.total,
        )


@dataclass
class Metrics:
    connections: Counter[str] = field(default_factory=Counter)  # open, by role
    frames_in: int = 0
    frames_out: int = 0
    events_accepted: int = 0
    events_duplicate: int = 0
    errors: Counter[str] = field(default_factory=Counter)  # by code
    queue_overflow_closes: int = 0
    connections_refused: int = 0
    broadcast_latency: Histogram = field(default_factory=Histogram)


class Collectors(Collector):
    """Several collectors (any of them None) registered as one."""

    def __init__(self, *collectors: Collector | None) -> None:
        self._collectors = [c for c in collectors if c is not None]

    def collect(self) -> Iterable[Metric]:
        for collector in self._collectors:
            yield from collector.collect()


class RelayCollector(Collector):
    def __init__(
        self,
        metrics: Metrics,
        matches_in_memory: Callable[[], int],
        store_health: Callable[[], StoreHealth],
    ) -> None:
        self._metrics = metrics
        self._matches_in_memory = matches_in_memory
        self._store_health = store_health

    def collect(self) -> Iterable[Metric]:
        m = self._metrics
        connections = GaugeMetricFamily(
            "kabaddi_connections", "Open websocket connections, by role.", labels=["role"]
        )
        for role in ROLES:
            connections.add_metric([role], m.connections[role])
        yield connections
        yield counter("kabaddi_frames_in", "Frames received from clients.", m.frames_in)
        yield counter("kabaddi_frames_out", "Frames written to clients.", m.frames_out)
        yield counter(
            "kabaddi_events_accepted", "Scorer events committed and acked.", m.events_accepted
        )
        yield counter(
            "kabaddi_events_duplicate",
            "Scorer events re-sent and acked as duplicates.",
            m.events_duplicate,
        )
        errors = CounterMetricFamily(
            "kabaddi_errors", "Error frames sent, by code.", labels=["code"]
        )
        for code in sorted(set(get_args(ErrorCode)) | set(m.errors)):
            errors.add_metric([code], m.errors[code])
        yield errors
        yield counter(
            "kabaddi_queue_overflow_closes",
            "Connections closed 4408 for not reading fast enough.",
            m.queue_overflow_closes,
        )
        yield counter(
            "kabaddi_connections_refused",
            "Websocket connections refused by the connection caps.",
            m.connections_refused,
        )
        yield GaugeMetricFamily(
            "kabaddi_matches_in_memory", "Matches loaded.", value=self._matches_in_memory()
        )
        yield m.broadcast_latency.family(
            "kabaddi_broadcast_latency_seconds",
            "From a scorer's frame arriving to its event handed to every connection.",
        )
        yield from store_families(self._store_health())


def store_families(health: StoreHealth) -> Iterable[Metric]:
    yield GaugeMetricFamily(
        "kabaddi_store_up",
        "1 while the store commits writes; 0 while it refuses them (see /healthz).",
        value=1 if health.ok else 0,
    )
    failing = 0.0 if health.failing_since is None else time.time() - health.failing_since
    yield GaugeMetricFamily(
        "kabaddi_store_failing_seconds", "How long the store has refused writes.", value=failing
    )
    yield counter("kabaddi_store_commits", "Transactions committed.", health.commits)
    yield counter(
        "kabaddi_store_failed_commits", "Transactions that failed.", health.failed_commits
    )
    yield GaugeMetricFamily(
        "kabaddi_store_busy_seconds",
        "How long the store's writer thread has been on its current work (0 when idle).",
        value=health.busy_seconds,
    )
    yield GaugeMetricFamily(
        "kabaddi_store_queued",
        "Writes and reads waiting for the store's writer thread.",
        value=health.queued,
    )


def counter(name: str, documentation: str, value: float) -> CounterMetricFamily:
    return CounterMetricFamily(name, documentation, value=value)


def relay_registry(collector: RelayCollector) -> CollectorRegistry:
    """The relay's counters beside the process, platform and GC collectors."""
    registry = CollectorRegistry(auto_describe=False)
    for standard in (PROCESS_COLLECTOR, PLATFORM_COLLECTOR, GC_COLLECTOR):
        registry.register(standard)
    registry.register(collector)
    return registry


def exposition(registry: CollectorRegistry) -> str:
    return generate_latest(registry).decode()
