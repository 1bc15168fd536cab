"""The status bar's content: connection, queue, round-trip time, who is here.

It says what is known now: how long ago the relay was last heard from (a frame or the
answer to a heartbeat ping), how long an event has waited for its acknowledgement, and
who was here as of when. Past a missed heartbeat it says "waiting for the relay" and
shows the presence as stale; offline, nobody is listed as present. Ages are measured
on ``now`` (the client's monotonic clock; tests pass their own).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QWidget

from desktop.link import HEARTBEAT_SECONDS, ConnectionStatus, PresenceInfo
from desktop.ticker import VisibleTicker

# The relay answers a heartbeat every HEARTBEAT_SECONDS; one missed, plus slack for a
# slow network, and what we know is out of date.
STALE_AFTER_SECONDS = 2 * HEARTBEAT_SECONDS + 1
# An event sent and not acknowledged for this long: the relay is not keeping up.
UNANSWERED_AFTER_SECONDS = 5.0


def _events(count: int) -> str:
    return f"{count} event{'s' if count != 1 else ''}"


def is_stale(status: ConnectionStatus, now: float) -> bool:
    """Connected, but nothing heard from the relay for longer than a heartbeat."""
    heard = status.heard_at
    return status.state == "connected" and heard is not None and now - heard > STALE_AFTER_SECONDS


def describe(status: ConnectionStatus, now: float) -> str:
    queued = f" · {_events(status.queued)} queued" if status.queued else ""
    if status.state == "connected":
        problem = f" · {status.detail}" if status.detail else ""  # the relay cannot store
        waiting = status.unanswered_since
        if is_stale(status, now):
            silent = round(now - (status.heard_at or now))
            return f"◌ Waiting for the relay: nothing heard for {silent} s{queued}{problem}"
        if waiting is not None and now - waiting > UNANSWERED_AFTER_SECONDS:
            unanswered = round(now - waiting)
            return (
                f"◌ Waiting for the relay: no answer to an event for {unanswered} s"
                f"{queued}{problem}"
            )
        latency = ""
        if status.latency_ms is not None:
            latency = (
                " · RTT < 1 ms" if status.latency_ms < 1 else f" · RTT {status.latency_ms:.0f} ms"
            )
        # Late but not yet stale: say how late, so the words never claim more than is known.
        late = ""
        if status.heard_at is not None and now - status.heard_at > HEARTBEAT_SECONDS + 1:
            late = f" · last heard {round(now - status.heard_at)} s ago"
        if queued and waiting is not None and now - waiting >= 1:
            queued += f", waiting {round(now - waiting)} s for the answer"
        return f"● Connected{latency}{late}{queued}{problem}"
    if status.state == "reconnecting":
        wait = max(0, round((status.retry_at or now) - now))
        return f"○ Offline — reconnecting in {wait} s{queued}"
    if status.state == "connecting":
        return f"◌ Connecting…{queued}"
    if status.state == "unauthorized":
        return f"✕ Refused by the relay: {status.detail or 'wrong scorer token'}{queued}"
    if status.state == "stopped" and status.detail:
        return f"✕ Not connected: {status.detail}{queued}"
    return f"○ Offline{queued}"


def describe_presence(status: ConnectionStatus, presence: PresenceInfo, me: str, now: float) -> str:
    names = ", ".join(f"{s.name} (you)" if s.name == me else s.name for s in presence.scorers)
    if status.state in ("idle", "connecting"):
        return "Scorers: not known until connected"
    if status.state != "connected":
        seen = f" (last seen: {names})" if names else ""
        return f"Scorers: not known while offline{seen}"
    if is_stale(status, now):
        heard = round(now - (status.heard_at or now))
        return f"Scorers as of {heard} s ago: {names or 'none'}   Viewers: {presence.viewers}"
    text = f"Scorers: {names}" if names else ""
    return f"{text}   Viewers: {presence.viewers}".strip()


class StatusLine(QLabel):
    def __init__(
        self, parent: QWidget | None = None, now: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self.setObjectName("status_line")
        self.now = now
        self.status = ConnectionStatus("idle")
        self.presence = PresenceInfo()
        self.me = ""  # this scorer's name, marked "(you)"
        self._ticker = VisibleTicker(self, 500, self.refresh)
        self.refresh()

    def show_status(self, status: ConnectionStatus) -> None:
        self.status = status
        self.refresh()

    def show_presence(self, presence: PresenceInfo) -> None:
        self.presence = presence
        self.refresh()

    def refresh(self) -> None:
        now = self.now()
        text = describe(self.status, now)
        text += "   " + describe_presence(self.status, self.presence, self.me, now)
        self.setText(text)
        state = self.status.state
        if state == "connected" and (is_stale(self.status, now) or "Waiting for the relay" in text):
            state = "reconnecting"  # amber: not to be trusted right now
        color = {"connected": "#1B5E20", "unauthorized": "#B00020", "stopped": "#B00020"}.get(
            state, "#8A6D00"
        )
        self.setStyleSheet(f"color: {color}; font-weight: 600; padding: 2px 6px;")
