"""Closing a hosted match's window asks: keep the relay running for the others, or stop it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from desktop_helpers import submit_demo, until
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot
from ws_peers import HANG, clock_start, peer

from desktop.app import ScorerApp
from desktop.hosting import JoinDetails
from relay.owned import INSTANCE_FILE, read_instance


@pytest.fixture(autouse=True)
def _closing_windows_does_not_quit() -> Iterator[None]:
    """As in the app (``desktop.__main__``): the event loop outlives the last window."""
    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    qt_app.setQuitOnLastWindowClosed(False)
    yield
    qt_app.setQuitOnLastWindowClosed(True)


@pytest.fixture
async def hosting(tmp_path: Path) -> AsyncIterator[tuple[ScorerApp, JoinDetails]]:
    app = ScorerApp(tmp_path / "data", host_address="127.0.0.1")
    details = await app.host("Asha", 0)
    await until(lambda: app.setup_dialog is not None)
    submit_demo(app.setup_dialog)
    await until(lambda: app.client.ledger.last_seq == 1)
    yield app, details
    await app.shutdown()


def prompt_button(app: ScorerApp, name: str) -> QPushButton:
    assert app.close_prompt is not None
    box = app.close_prompt.box
    assert box is not None
    assert box.isVisible()
    button = box.findChild(QPushButton, name)
    assert button is not None
    return button


async def test_stop_closes_everyone_with_1001_and_ends_the_relay(
    hosting: tuple[ScorerApp, JoinDetails], qtbot: QtBot
) -> None:
    app, details = hosting
    assert app.hosted is not None
    process = app.hosted.process
    assert process is not None
    viewer = await peer(details.local_url, details.match_id, "viewer")
    finished: list[bool] = []
    app.finished.connect(lambda: finished.append(True))
    window = app.window
    assert window is not None

    window.close()
    assert window.isVisible()  # held back while the scorer answers
    qtbot.mouseClick(prompt_button(app, "stop_relay"), Qt.MouseButton.LeftButton)

    assert await viewer.close_code() == 1001
    await until(lambda: process.poll() is not None, HANG)
    assert process.returncode == 0
    await until(lambda: bool(finished))
    assert not window.isVisible()
    assert not (app.relay_dir / INSTANCE_FILE).exists()


async def test_keep_running_leaves_the_match_to_the_others_and_reopening_reattaches(
    hosting: tuple[ScorerApp, JoinDetails], qtbot: QtBot, tmp_path: Path
) -> None:
    app, details = hosting
    assert app.hosted is not None
    process = app.hosted.process
    assert process is not None
    scorer = await peer(details.local_url, details.match_id, "scorer", details.token)
    finished: list[bool] = []
    app.finished.connect(lambda: finished.append(True))
    assert app.window is not None

    app.window.close()
    qtbot.mouseClick(prompt_button(app, "keep_relay"), Qt.MouseButton.LeftButton)
    await until(lambda: bool(finished))
    await app.shutdown()  # what the app does once the window is gone

    assert process.poll() is None
    assert await scorer.score(clock_start("c1")) == 2

    again = ScorerApp(tmp_path / "data", host_address="127.0.0.1")
    try:
        await again.open()
        assert again.hosted is not None
        assert again.hosted.pid == process.pid
        assert again.details is not None
        assert again.details.match_id == details.match_id
        assert again.details.token == details.token
        await until(lambda: again.client.ledger.last_seq == 2)
        assert again.start_screen is None
    finally:
        await again.shutdown()  # stops the relay: the fixture's app no longer owns it
        await scorer.close()
    await until(lambda: process.poll() is not None, HANG)


async def test_cancel_keeps_the_window_and_the_relay(
    hosting: tuple[ScorerApp, JoinDetails], qtbot: QtBot
) -> None:
    app, _details = hosting
    window = app.window
    assert window is not None
    assert app.close_prompt is not None
    window.close()
    box = app.close_prompt.box
    assert box is not None
    box.reject()
    await asyncio.sleep(0.1)
    assert window.isVisible()
    assert app.hosted is not None
    assert await app.hosted.running()


async def test_a_relay_that_cannot_start_says_why_on_the_start_screen(
    tmp_path: Path, qtbot: QtBot
) -> None:
    app = ScorerApp(tmp_path / "data", host_address="127.0.0.1")
    # The relay's database path is taken by a folder: the relay stops at once.
    (app.relay_dir / "kabaddi.sqlite3").mkdir(parents=True)
    try:
        screen = app.show_start()
        screen.name.setText("Asha")
        screen.port.setValue(0)
        qtbot.mouseClick(screen.host_button, Qt.MouseButton.LeftButton)
        await until(lambda: "Could not start the relay" in screen.error.text(), HANG)
        text = screen.error.text()
        assert "The relay stopped at once (exit code 1)" in text
        assert "unable to open database file" in text  # the end of the relay's own log
        assert screen.host_button.isEnabled()
        assert app.window is None
        assert read_instance(app.relay_dir) is None
    finally:
        await app.shutdown()
