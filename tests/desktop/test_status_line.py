"""The status bar's words for each connection state."""

from __future__ import annotations

from desktop.link import ConnectionStatus
from desktop.widgets.status_line import describe


def test_connected_says_when_the_relay_cannot_store_events() -> None:
    fine = ConnectionStatus("connected", queued=0, latency_ms=12.4)
    assert describe(fine, now=0) == "● Connected · RTT 12 ms"
    failing = ConnectionStatus(
        "connected", queued=2, latency_ms=12.4, detail="The relay could not store this event."
    )
    assert describe(failing, now=0) == (
        "● Connected · RTT 12 ms · 2 event(s) queued · The relay could not store this event."
    )


def test_reconnecting_counts_down_with_the_queue() -> None:
    status = ConnectionStatus("reconnecting", queued=3, retry_at=107.6)
    assert describe(status, now=100.0) == "○ Offline — reconnecting in 8 s · 3 event(s) queued"
