"""The relay's counters, rendered in the Prometheus text format for ``/metrics``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

# Seconds from a scorer's frame arriving to its event being handed to every connection.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


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

    def render(self, name: str) -> list[str]:
        lines = [f"# TYPE {name} histogram"]
        for bound, count in zip(self.buckets, self.counts, strict=True):
            lines.append(f'{name}_bucket{{le="{bound}"}} {count}')
        lines.append(f'{name}_bucket{{le="+Inf"}} {self.count}')
        lines.append(f"{name}_sum {self.total}")
        lines.append(f"{name}_count {self.count}")
        return lines


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
    commits: int = 0
    broadcast_latency: Histogram = field(default_factory=Histogram)

    def render(self, matches_in_memory: int) -> str:
        lines = ["# TYPE kabaddi_connections gauge"]
        for role in ("scorer", "viewer", "pending"):
            lines.append(f'kabaddi_connections{{role="{role}"}} {self.connections[role]}')
        lines += [
            "# TYPE kabaddi_frames_in_total counter",
            f"kabaddi_frames_in_total {self.frames_in}",
            "# TYPE kabaddi_frames_out_total counter",
            f"kabaddi_frames_out_total {self.frames_out}",
            "# TYPE kabaddi_events_accepted_total counter",
            f"kabaddi_events_accepted_total {self.events_accepted}",
            "# TYPE kabaddi_events_duplicate_total counter",
            f"kabaddi_events_duplicate_total {self.events_duplicate}",
            "# TYPE kabaddi_errors_total counter",
        ]
        for code in sorted(self.errors):
            lines.append(f'kabaddi_errors_total{{code="{code}"}} {self.errors[code]}')
        lines += [
            "# TYPE kabaddi_queue_overflow_closes_total counter",
            f"kabaddi_queue_overflow_closes_total {self.queue_overflow_closes}",
            "# TYPE kabaddi_connections_refused_total counter",
            f"kabaddi_connections_refused_total {self.connections_refused}",
            "# TYPE kabaddi_matches_in_memory gauge",
            f"kabaddi_matches_in_memory {matches_in_memory}",
        ]
        lines += self.broadcast_latency.render("kabaddi_broadcast_latency_seconds")
        return "\n".join(lines) + "\n"
