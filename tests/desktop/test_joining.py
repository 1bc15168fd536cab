"""Joining a relay from the start screen: recents, a wrong token, a match already set up."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from desktop_helpers import TOKEN, raid, start_clock, until
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop import recents
from desktop.app import ScorerApp
from desktop.client import JoinTarget, ScorerClient
from desktop.outbox import Outbox
from relay.rules.demo import demo_setup
from relay.server import Relay


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[ScorerApp]:
    scorer_app = ScorerApp(tmp_path / "data", host_address="127.0.0.1")
    yield scorer_app
    await scorer_app.shutdown()


async def test_wrong_token_is_reported_and_not_retried(
    app: ScorerApp, relay: Relay, qtbot: QtBot
) -> None:
    screen = app.show_start()
    screen.name.setText("Ravi")
    screen.relay_url.setCurrentText(relay.url)
    screen.match_id.setCurrentText("m1")
    screen.token.setText("not-the-token")
    qtbot.mouseClick(screen.join_button, Qt.MouseButton.LeftButton)
    await until(lambda: app.client.status.state == "unauthorized")
    window = app.window
    assert window is not None
    assert "Refused by the relay" in window.status_line.text()
    assert recents.recent_relays()[0] == relay.url
    assert recents.recent_matches()[0] == "m1"
    assert recents.scorer_name() == "Ravi"
    assert recents.token_for(relay.url) == "not-the-token"
    again = app.show_start()  # the next start knows the relay's token
    again.relay_url.setCurrentText(relay.url)
    assert again.token.text() == "not-the-token"


async def test_start_screen_refuses_a_bad_match_id(app: ScorerApp, qtbot: QtBot) -> None:
    screen = app.show_start()
    screen.name.setText("Ravi")
    screen.match_id.setCurrentText("final match!")
    qtbot.mouseClick(screen.join_button, Qt.MouseButton.LeftButton)
    assert app.window is None
    assert "match id" in screen.error.text()


async def test_late_joiner_gets_the_match_from_welcome(
    app: ScorerApp, relay: Relay, tmp_path: Path, qtbot: QtBot
) -> None:
    first = ScorerClient(Outbox(tmp_path / "first.sqlite3"), "first")
    first.join(JoinTarget(relay.url, "m1", TOKEN, "Asha"))
    for event in (demo_setup(), start_clock(), raid("h1", touched=("a1",))):
        first.submit(event)
    await until(lambda: first.ledger.last_seq == 3)
    try:
        window = app.join(JoinTarget(relay.url, "m1", TOKEN, "Ravi"))
        await until(lambda: app.client.ledger.last_seq == 3)
        assert app.setup_dialog is None  # already set up: nothing to ask
        assert window.band.home.score.text() == "1"
        assert [r.by for r in window.play_model.rows()] == ["Asha"] * 3
        assert app.client.ledger.confirmed == first.ledger.confirmed
    finally:
        await first.stop()
        first.outbox.close()


async def test_leave_a_refused_match_and_join_with_the_right_token(
    app: ScorerApp, relay: Relay, qtbot: QtBot
) -> None:
    finished: list[None] = []
    app.finished.connect(lambda: finished.append(None))
    app.join(JoinTarget(relay.url, "m1", "wrong", "Ravi"))
    await until(lambda: app.client.status.state == "unauthorized")
    screen = await app.leave()
    assert app.window is None
    assert finished == []  # leaving is not quitting
    assert screen.relay_url.currentText() == relay.url
    screen.token.setText(TOKEN)
    qtbot.mouseClick(screen.join_button, Qt.MouseButton.LeftButton)
    await until(lambda: app.client.status.state == "connected")
    assert app.window is not None
