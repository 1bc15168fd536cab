"""The status bar's content: connection, queue, round-trip time, who is here."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QLabel, QWidget

from desktop.link import ConnectionStatus, PresenceInfo
from desktop.ticker import VisibleTicker


def describe(status: ConnectionStatus, now: float) -> str:
    queued = f" · {status.queued} event(s) queued" if status.queued else ""
    if status.state == "connected":
        latency = f" · RTT {status.latency_ms:.0f} ms" if status.latency_ms is not None else ""
        problem = f" · {status.detail}" if status.detail else ""  # the relay cannot store
        return f"● Connected{latency}{queued}{problem}"
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


class StatusLine(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("status_line")
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
        text = describe(self.status, time.monotonic())
        names = ", ".join(
            f"{s.name} (you)" if s.name == self.me else s.name for s in self.presence.scorers
        )
        if names:
            text += f"   Scorers: {names}"
        text += f"   Viewers: {self.presence.viewers}"
        self.setText(text)
        color = {"connected": "#1B5E20", "unauthorized": "#B00020", "stopped": "#B00020"}.get(
            self.status.state, "#8A6D00"
        )
        self.setStyleSheet(f"color: {color}; font-weight: 600; padding: 2px 6px;")
