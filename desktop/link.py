"""What the app knows of its link to a relay, as plain values the widgets may read.

:mod:`desktop.client` fills them in; widgets import them from here and never the
client itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from relay.wire import Scorer

# How often the client pings the relay (a heartbeat whose answer also measures the RTT).
HEARTBEAT_SECONDS = 3.0

LinkState = Literal["idle", "connecting", "connected", "reconnecting", "unauthorized", "stopped"]


@dataclass(frozen=True)
class ConnectionStatus:
    state: LinkState
    queued: int = 0
    retry_at: float | None = None  # time.monotonic() of the next attempt
    latency_ms: float | None = None
    detail: str = ""
    # time.monotonic() (the client's clock) of the last frame or pong from the relay, and
    # of the oldest event sent on this connection that the relay has not answered yet.
    heard_at: float | None = None
    unanswered_since: float | None = None


@dataclass(frozen=True)
class PresenceInfo:
    scorers: list[Scorer] = field(default_factory=list)
    viewers: int = 0
    received_at: float | None = None  # time.monotonic() when the relay said so


@dataclass(frozen=True)
class JoinTarget:
    url: str
    match_id: str
    token: str
    name: str
