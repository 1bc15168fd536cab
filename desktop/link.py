"""What the app knows of its link to a relay, as plain values the widgets may read.

:mod:`desktop.client` fills them in; widgets import them from here and never the
client itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from relay.wire import Scorer

LinkState = Literal["idle", "connecting", "connected", "reconnecting", "unauthorized", "stopped"]


@dataclass(frozen=True)
class ConnectionStatus:
    state: LinkState
    queued: int = 0
    retry_at: float | None = None  # time.monotonic() of the next attempt
    latency_ms: float | None = None
    detail: str = ""


@dataclass(frozen=True)
class PresenceInfo:
    scorers: list[Scorer] = field(default_factory=list)
    viewers: int = 0


@dataclass(frozen=True)
class JoinTarget:
    url: str
    match_id: str
    token: str
    name: str
