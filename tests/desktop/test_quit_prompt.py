"""Quitting while events have not reached the relay asks first, and loses nothing either way."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from desktop_helpers import TOKEN, until
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.app import ScorerApp
from desktop.client import JoinTarget, ScorerClient
from desktop.outbox import Outbox
from desktop.scoring import ScoringController
from desktop.widgets.main_window import MainWindow
from relay.rules.demo import demo_setup


def unreachable_relay() -> str:
    """A loopback address nobody listens on: the relay is away."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"ws://127.0.0.1:{port}/ws"


@pytest.fixture
async def offline(tmp_path: Path, qtbot: QtBot) -> AsyncIterator[tuple[MainWindow, str]]:
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    client = ScorerClient(outbox, client_id="desk-1")
    window = MainWindow(ScoringController(client))
    qtbot.addWidget(window)
    window.show()
    url = unreachable_relay()
    client.join(JoinTarget(url, "m1", TOKEN, "Asha"))
    await until(lambda: client.status.state == "reconnecting")
    yield window, url
    await client.stop()
    outbox.close()


async def test_quitting_with_queued_events_asks_and_can_be_declined(
    offline: tuple[MainWindow, str], qtbot: QtBot
) -> None:
    window, url = offline
    closed: list[None] = []
    window.closed.connect(lambda: closed.append(None))
    window.controller.client.submit(demo_setup())

    window.close()
    box = window.quit_box
    assert box is not None
    assert box.isVisible()
    # Opened with open(), not exec(): the event loop (and the connection) carries on.
    assert box.windowModality() == Qt.WindowModality.WindowModal
    assert "1 event has not reached the relay yet" in box.text()
    assert "Nothing is lost either way" in box.text()
    assert window.isVisible()

    qtbot.mouseClick(box.keep_button, Qt.MouseButton.LeftButton)
    await until(lambda: window.quit_box is None)
    assert window.isVisible()
    assert closed == []

    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    box = window.quit_box
    assert box is not None
    qtbot.mouseClick(box.quit_button, Qt.MouseButton.LeftButton)
    await until(lambda: not window.isVisible())
    assert closed == [None]
    assert len(window.controller.client.outbox.pending(url, "m1")) == 1, "still queued"


async def test_quitting_with_nothing_queued_does_not_ask(
    offline: tuple[MainWindow, str],
) -> None:
    window, _ = offline
    window.close()
    assert window.quit_box is None
    assert not window.isVisible()


async def test_the_app_shuts_down_without_asking(tmp_path: Path) -> None:
    app = ScorerApp(tmp_path / "data", host_address="127.0.0.1")
    url = unreachable_relay()
    window = app.join(JoinTarget(url, "m1", TOKEN, "Asha"))
    app.client.submit(demo_setup())
    await app.shutdown()
    assert window.quit_box is None
    assert app.window is None
    reopened = Outbox(tmp_path / "data" / "scorer-outbox.sqlite3")
    assert len(reopened.pending(url, "m1")) == 1
    reopened.close()
