"""The relay's settings, with the defaults a venue needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from relay.paths import default_data_dir
from relay.wire import MAX_FRAME_BYTES


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
    # Every connection hears from the relay at least this often (presence, when nothing
    # else was sent to the whole match): a page can tell a quiet match from a dead link.
    heartbeat: float = 15.0
    hello_timeout: float = 10.0
    close_timeout: float = 5.0
    # Seconds a new connection has to finish its HTTP request (or websocket upgrade).
    open_timeout: float = 10.0
    # A connection whose unsent frames pass either bound is closed with 4408.
    queue_max_bytes: int = 1024 * 1024
    queue_max_frames: int = 1000
    # Frames a scorer may send: sustained rate per second and burst.
    rate_per_second: float = 20.0
    rate_burst: int = 50
    # Invalid frames a scorer may send (burst, then one per ``invalid_frame_seconds``)
    # before the connection is closed with 4400.
    invalid_frame_burst: int = 10
    invalid_frame_seconds: float = 10.0
    # Viewers and scorers after their hello. The last ``scorer_reserve`` places are
    # for scorers only, so a crowd of viewers can never lock the scorers out.
    max_connections: int = 2000
    scorer_reserve: int = 50
    # Viewers (and connections not yet identified) from one address.
    max_connections_per_address: int = 200
    # Connections still in their HTTP request or waiting for their hello. When the
    # budget is full the oldest that has not yet sent its request is dropped for the
    # newcomer (one that has is in the middle of its handshake: the newcomer is answered
    # 503 instead); one address may hold at most ``max_pending_per_address`` of them
    # (more are answered 503 at once).
    max_pending: int = 1024
    max_pending_per_address: int = 32
    # Connections the kernel holds for the relay to accept (listen(2)'s backlog; Linux
    # caps it at net.core.somaxconn). A crowd arriving while the relay is busy waits
    # there instead of having its SYNs dropped; asyncio accepts up to this many at once,
    # so it is kept at most ``max_pending``.
    listen_backlog: int = 1024
    # Wrong scorer tokens from one address: after ``auth_free_failures`` each further
    # attempt must wait (1 s, doubling), after ``auth_max_failures`` the address is
    # refused for ``auth_lockout_seconds``. Failures are forgotten after the lockout time.
    auth_free_failures: int = 3
    auth_max_failures: int = 10
    auth_lockout_seconds: float = 600.0
    # An address whose connections are closed for misbehaving ``abuse_max_closes`` times
    # (a viewer sending frames, a scorer sending invalid ones, a frame over 64 KiB) is
    # refused at accept until ``abuse_lockout_seconds`` after its last offence.
    abuse_max_closes: int = 5
    abuse_lockout_seconds: float = 60.0
    # Limits a real match never reaches; they bound what one token can make the relay do.
    max_events_per_match: int = 5000
    max_matches_per_day: int = 200
    # Matches without connections kept in memory; older ones are evicted and reload from disk.
    max_idle_matches: int = 64
    # Events sent in a welcome at most; a client further behind starts from the state.
    welcome_events: int = 1000
    # Shared matches: redis://HOST:PORT/DB, rediss://... or unix:///path; None keeps SQLite.
    redis_url: str | None = None
    # Run on a Redis that could lose acknowledged events (reported by /healthz).
    redis_unsafe_durability: bool = False
    # Seconds between reads of every loaded match's head in Redis (finds lost messages).
    redis_head_check: float = 1.0
    # A listening socket inherited from the supervising parent (the workers of
    # --workers): its file descriptor, accepted from instead of binding host and port.
    listen_fd: int | None = None
    # A viewer's welcome carries at most this many events: one hello must not make the
    # relay send a whole match (the pages show the latest lines).
    viewer_welcome_events: int = 50
    # The websocket's own limit: a bigger frame closes the connection with 1009
    # before it is buffered.
    max_message_bytes: int = MAX_FRAME_BYTES
    # A match's state, events or CSV (large answers): per address, sustained and burst.
    download_rate: float = 5.0
    download_burst: int = 20
    # /metrics: when set, requests must carry ``Authorization: Bearer <token>``.
    metrics_token: str | None = None
    # Announce the relay on the LAN (mDNS, see relay.advertise) under ``name`` (None: the
    # host name). Off here, for relays embedded in tools and tests; the command line turns
    # it on unless given --no-advertise.
    advertise: bool = False
    name: str | None = None
