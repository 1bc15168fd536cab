"""The relay's settings, with the defaults a venue needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from relay.paths import default_data_dir


@dataclass(frozen=True)
class RelayConfig:
    host: str = "127.0.0.1"
    port: int = 3000
    data_dir: Path = field(default_factory=default_data_dir)
    # None: read ``token`` in the data dir, or create it there once.
    token: str | None = None
    certfile: Path | None = None
    keyfile: Path | None = None
    # Keepalive: ping every interval, drop a peer that has not answered within the timeout.
    ping_interval: float = 20.0
    ping_timeout: float = 20.0
    hello_timeout: float = 10.0
    close_timeout: float = 5.0
    # A connection whose unsent frames pass either bound is closed with 4408.
    queue_max_bytes: int = 1024 * 1024
    queue_max_frames: int = 1000
    # Frames a connection may send: sustained rate per second and burst.
    rate_per_second: float = 20.0
    rate_burst: int = 50
    max_connections: int = 2000
    max_connections_per_address: int = 200
    # Matches without connections kept in memory; older ones are evicted and reload from disk.
    max_idle_matches: int = 64
    # Events sent in a welcome at most; a client further behind starts from the state.
    welcome_events: int = 1000
    # Incoming frames up to this size get a ``too_large`` error; bigger ones close with 1009.
    max_message_bytes: int = 1024 * 1024
    # Shared matches: redis://HOST:PORT/DB, rediss://... or unix:///path; None keeps SQLite.
    redis_url: str | None = None
    # Run on a Redis that could lose acknowledged events (reported by /healthz).
    redis_unsafe_durability: bool = False
    # Seconds between reads of every loaded match's head in Redis (finds lost messages).
    redis_head_check: float = 1.0
    # Share the port with other processes (SO_REUSEPORT), as the workers of --workers do.
    reuse_port: bool = False
