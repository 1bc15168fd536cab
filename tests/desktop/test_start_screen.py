"""The start screen: joining by keyboard with a token read aloud; the match to go back to."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from desktop_helpers import until
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from desktop.app import ScorerApp
from relay.server import Relay, RelayConfig

READ_ALOUD = "7KQM-3XPD-H9RA-WC4E"


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[ScorerApp]:
    scorer_app = ScorerApp(tmp_path / "data")
    yield scorer_app
    await scorer_app.shutdown()


async def test_type_the_token_as_heard_see_it_and_join_with_enter(
    app: ScorerApp, tmp_path: Path, qtbot: QtBot
) -> None:
    config = RelayConfig(host="127.0.0.1", port=0, data_dir=tmp_path / "r", token=READ_ALOUD)
    config.data_dir.mkdir()
    async with Relay(config) as relay:
        screen = app.show_start()
        qtbot.addWidget(screen)
        screen.name.setText("Ravi")
        screen.relay_url.setCurrentText(relay.url)
        screen.match_id.setCurrentText("m1")
        assert screen.token.echoMode() == QLineEdit.EchoMode.Password
        qtbot.mouseClick(screen.show_token, Qt.MouseButton.LeftButton)
        assert screen.token.echoMode() == QLineEdit.EchoMode.Normal
        assert screen.show_token.text() == "Hide"
        screen.token.clear()
        qtbot.keyClicks(screen.token, "7kqm 3xpd h9ra wc4e")  # as it was heard
        qtbot.keyClick(screen.token, Qt.Key.Key_Return)
        assert app.window is not None
        await until(lambda: app.client.status.state == "connected")
        await app.client.stop()
