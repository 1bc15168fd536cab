"""Hosting: a match keeps its port, says why when it cannot, and notices nobody reaching it."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from desktop_helpers import until
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from ws_peers import peer

from desktop import recents
from desktop.app import ScorerApp
from desktop.ports import DEFAULT_PORT


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


@pytest.fixture(autouse=True)
def _app_outlives_its_windows() -> Iterator[None]:
    """As ``kabaddi-scorer`` runs: closing one app's last window does not stop the loop."""
    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    qt_app.setQuitOnLastWindowClosed(False)
    yield
    qt_app.setQuitOnLastWindowClosed(True)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_a_continued_match_keeps_its_port_or_says_why_it_moved(
    tmp_path: Path, qtbot: QtBot
) -> None:
    first_port, spare = free_ports(2)
    first = ScorerApp(tmp_path / "data", host_address="127.0.0.1", fallback_ports=(spare,))
    details = await first.host("Asha", first_port)
    assert details.port == first_port
    assert recents.port_for(details.match_id) == first_port
    await first.shutdown()

    # The port field left at its default: the match goes back to its own port.
    again = ScorerApp(tmp_path / "data", host_address="127.0.0.1", fallback_ports=(spare,))
    try:
        assert (await again.host("Asha", DEFAULT_PORT, details.match_id)).port == first_port
        assert again.window is not None
        assert not again.window.notice.isVisible()
    finally:
        await again.shutdown()

    with socket.socket() as squatter:  # another program took the port meanwhile
        squatter.bind(("127.0.0.1", first_port))
        squatter.listen(1)
        moved = ScorerApp(tmp_path / "data", host_address="127.0.0.1", fallback_ports=(spare,))
        try:
            moved_details = await moved.host("Asha", DEFAULT_PORT, details.match_id)
            assert moved_details.port == spare
            assert moved_details.viewer_url.startswith(f"http://127.0.0.1:{spare}/")
            assert recents.port_for(details.match_id) == spare
            assert moved.window is not None
            assert moved.window.notice.isVisible()
            text = moved.window.notice.text()
            assert f"now listens on port {spare}: port {first_port} is in use" in text
        finally:
            await moved.shutdown()


async def test_nobody_else_connecting_brings_advice_and_a_viewer_clears_it(
    tmp_path: Path, qtbot: QtBot
) -> None:
    clock = Clock()
    app = ScorerApp(tmp_path / "data", host_address="127.0.0.1", clock=clock, reach_patience=60)
    try:
        details = await app.host("Asha", 0)
        hosted = app.hosted
        assert hosted is not None
        assert app.join_panel is not None
        await until(lambda: app.client.status.state == "connected")
        await until(lambda: app.setup_dialog is not None)
        app.setup_dialog.submit()  # type: ignore[union-attr]
        await until(lambda: app.client.ledger.last_seq == 1)

        clock.now = 59
        await app.check_reach()
        assert not app.join_panel.advice.isVisible()
        clock.now = 61
        await app.check_reach()
        advice = app.join_panel.advice
        assert advice.isVisible()
        assert advice.text().startswith("Nobody else has connected in a minute")
        assert details.viewer_url in advice.text()
        assert app.window is not None
        assert app.window.notice.isVisible()

        viewer = await peer(details.local_url, details.match_id, "viewer")
        try:
            await app.check_reach()
            assert app.reach.reached
            assert not app.join_panel.advice.isVisible()
        finally:
            await viewer.close()
    finally:
        await app.shutdown()
