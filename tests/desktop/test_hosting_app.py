"""The whole app: start screen -> host -> setup dialog with demo squads -> score by keys."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from desktop_helpers import submit_demo, until
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from desktop.app import ScorerApp
from desktop.hosting import qr_image


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[ScorerApp]:
    scorer_app = ScorerApp(tmp_path / "data", host_address="127.0.0.1")
    yield scorer_app
    await scorer_app.shutdown()


async def test_host_set_up_and_score(app: ScorerApp, qtbot: QtBot) -> None:
    screen = app.show_start()
    screen.name.setText("Asha")
    screen.port.setValue(0)
    qtbot.mouseClick(screen.host_button, Qt.MouseButton.LeftButton)
    await until(lambda: app.window is not None and app.setup_dialog is not None)
    assert app.hosted is not None
    details = app.details
    assert details is not None
    assert details.viewer_url == (
        f"http://127.0.0.1:{app.hosted.port}/viewer.html?matchId={details.match_id}"
    )
    assert details.token == app.hosted.token
    assert app.hosted.process is not None  # a relay process of its own
    assert app.hosted.pid == app.hosted.process.pid != os.getpid()
    assert app.join_panel is not None
    assert not app.join_panel.qr.pixmap().isNull()

    dialog = app.setup_dialog
    assert dialog is not None
    dialog.load_demo()
    dialog.toss.setCurrentIndex(1)  # the away team won the toss
    dialog.submit()
    window = app.window
    assert window is not None
    client = app.client
    await until(lambda: client.ledger.last_seq == 1)
    state = client.ledger.confirmed
    assert state is not None
    assert (state.home.name, state.away.name, state.raiding_team) == (
        "Patna Pirates",
        "Bengaluru Bulls",
        "away",
    )
    for key in "c12s":  # clock; away #1 raids, touches home #2
        qtbot.keyClicks(window, key)
    await until(lambda: client.ledger.last_seq == 3)
    assert window.band.away.score.text() == "1"
    assert window.home_panel.tiles["h2"].status == "out"
    assert window.windowTitle().endswith("Asha (hosting)")


def test_qr_code_is_a_readable_image(qtbot: QtBot) -> None:
    image = qr_image("http://192.0.2.1:3000/viewer.html?matchId=m1")
    assert not image.isNull()
    assert image.width() == image.height() > 100
    assert image.pixelColor(0, 0).lightness() > 200  # quiet zone is white
    assert isinstance(image, QImage)


async def test_second_app_joins_the_hosted_match(tmp_path: Path, qtbot: QtBot) -> None:
    host = ScorerApp(tmp_path / "host", host_address="127.0.0.1")
    guest = ScorerApp(tmp_path / "guest", host_address="127.0.0.1")
    try:
        details = await host.host("Asha", 0)
        await until(lambda: host.setup_dialog is not None)
        submit_demo(host.setup_dialog)
        await until(lambda: host.client.ledger.last_seq == 1)

        screen = guest.show_start()
        screen.name.setText("Ravi")
        screen.relay_url.setCurrentText(details.relay_url)
        screen.match_id.setCurrentText(details.match_id)
        screen.token.setText(details.token)
        qtbot.mouseClick(screen.join_button, Qt.MouseButton.LeftButton)
        await until(lambda: guest.client.ledger.last_seq == 1)
        assert guest.setup_dialog is None
        assert host.window is not None
        assert guest.window is not None

        qtbot.keyClicks(guest.window, "c")
        await until(lambda: host.client.ledger.last_seq == 2)
        for key in "73s":
            qtbot.keyClicks(host.window, key)
        await until(lambda: guest.client.ledger.last_seq == 3)
        assert guest.window.band.home.score.text() == "1"
        assert host.client.ledger.confirmed == guest.client.ledger.confirmed
        await until(lambda: "Ravi" in host.window.status_line.text())  # type: ignore[union-attr]
    finally:
        await guest.shutdown()
        await host.shutdown()


async def test_hosting_again_continues_the_match(tmp_path: Path, qtbot: QtBot) -> None:
    first = ScorerApp(tmp_path / "data", host_address="127.0.0.1")
    details = await first.host("Asha", 0)
    await until(lambda: first.setup_dialog is not None)
    submit_demo(first.setup_dialog)
    await until(lambda: first.client.ledger.last_seq == 1)
    await first.shutdown()  # the laptop restarts

    again = ScorerApp(tmp_path / "data", host_address="127.0.0.1")
    try:
        screen = again.show_start()
        screen.name.setText("Asha")
        screen.port.setValue(0)
        # The match in progress comes first, chosen already, named by teams and score.
        assert screen.hosted_match.currentIndex() == 0
        assert screen.hosted_match.currentData() == details.match_id
        label = screen.hosted_match.currentText()
        assert label.startswith("Continue Patna Pirates 0–0 Bengaluru Bulls · Not started · ")
        assert screen.hosted_match.itemText(1) == "A new match"
        qtbot.mouseClick(screen.host_button, Qt.MouseButton.LeftButton)
        await until(lambda: again.client.ledger.last_seq == 1)
        assert again.details is not None
        assert again.details.match_id == details.match_id
        assert again.setup_dialog is None  # already set up
        state = again.client.ledger.confirmed
        assert state is not None
        assert state.home.name == "Patna Pirates"
    finally:
        await again.shutdown()
