"""The status bar's words for each connection state."""

from __future__ import annotations

from pathlib import Path

from desktop_helpers import TOKEN, until
from pytestqt.qtbot import QtBot

from desktop.client import JoinTarget, ScorerClient
from desktop.link import ConnectionStatus, PresenceInfo
from desktop.outbox import Outbox
from desktop.widgets.main_window import MainWindow
from desktop.widgets.status_line import describe, describe_presence
from relay.server import Relay
from relay.wire import Scorer


def test_connected_says_when_the_relay_cannot_store_events() -> None:
    fine = ConnectionStatus("connected", queued=0, latency_ms=12.4)
    assert describe(fine, now=0) == "● Connected · RTT 12 ms"
    failing = ConnectionStatus(
        "connected", queued=2, latency_ms=12.4, detail="The relay could not store this event."
    )
    assert describe(failing, now=0) == (
        "● Connected · RTT 12 ms · 2 events queued · The relay could not store this event."
    )


def test_reconnecting_counts_down_with_the_queue() -> None:
    status = ConnectionStatus("reconnecting", queued=3, retry_at=107.6)
    assert describe(status, now=100.0) == "○ Offline — reconnecting in 8 s · 3 events queued"


def test_a_missed_heartbeat_turns_connected_into_waiting() -> None:
    status = ConnectionStatus("connected", latency_ms=0.3, heard_at=100.0)
    assert describe(status, now=103.0) == "● Connected · RTT < 1 ms"
    assert describe(status, now=105.0) == "● Connected · RTT < 1 ms · last heard 5 s ago"
    assert describe(status, now=107.0) == "● Connected · RTT < 1 ms · last heard 7 s ago"
    assert describe(status, now=108.0) == "◌ Waiting for the relay: nothing heard for 8 s"


def test_an_event_without_an_ack_turns_connected_into_waiting() -> None:
    status = ConnectionStatus(
        "connected", queued=1, latency_ms=4.0, heard_at=106.0, unanswered_since=100.0
    )
    assert describe(status, now=100.5) == "● Connected · RTT 4 ms · 1 event queued"
    assert describe(status, now=104.0) == (
        "● Connected · RTT 4 ms · 1 event queued, waiting 4 s for the answer"
    )
    assert describe(status, now=107.0) == (
        "◌ Waiting for the relay: no answer to an event for 7 s · 1 event queued"
    )


def test_presence_is_stale_after_a_missed_heartbeat_and_unknown_offline() -> None:
    here = PresenceInfo([Scorer(client_id="1", name="Asha"), Scorer(client_id="2", name="Ravi")])
    fresh = ConnectionStatus("connected", heard_at=50.0)
    assert describe_presence(fresh, here, "Ravi", now=52.0) == (
        "Scorers: Asha, Ravi (you)   Viewers: 0"
    )
    assert describe_presence(fresh, here, "Ravi", now=60.0) == (
        "Scorers as of 10 s ago: Asha, Ravi (you)   Viewers: 0"
    )
    offline = ConnectionStatus("reconnecting", retry_at=70.0, heard_at=50.0)
    assert describe_presence(offline, here, "Ravi", now=60.0) == (
        "Scorers: not known while offline (last seen: Asha, Ravi (you))"
    )


async def test_the_window_stops_listing_the_host_once_the_relay_goes_quiet(
    window: MainWindow, relay: Relay, tmp_path: Path, qtbot: QtBot
) -> None:
    outbox = Outbox(tmp_path / "ravi.sqlite3")
    ravi = ScorerClient(outbox, client_id="desk-2")
    ravi.join(JoinTarget(relay.url, "m1", TOKEN, "Ravi"))
    line = window.status_line
    try:
        await until(lambda: len(window.view.presence.scorers) == 2)
        ages = [2.0]
        line.now = lambda: (line.status.heard_at or 0.0) + ages[0]  # the client's own clock
        line.refresh()
        assert "Scorers: Asha (you), Ravi" in line.text()
        assert line.text().startswith("● Connected")
        ages[0] = 12.0  # a heartbeat missed: the host may be frozen
        line.refresh()
        assert line.text().startswith("◌ Waiting for the relay: nothing heard for 12 s")
        assert "Scorers as of 12 s ago: Asha (you), Ravi" in line.text()
        await relay.stop()
        await until(lambda: window.view.status.state == "reconnecting")
        assert "Scorers: not known while offline" in line.text()
    finally:
        await ravi.stop()
        outbox.close()
