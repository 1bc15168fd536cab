"""The start screen: joining by keyboard with a token read aloud; the match to go back to."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest
from desktop_helpers import raid, start_clock, until
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from desktop import recents
from desktop.app import ScorerApp
from desktop.match_summary import MatchSummary
from relay.server import Relay, RelayConfig

READ_ALOUD = "7KQM-3XPD-H9RA-WC4E"


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[ScorerApp]:
    scorer_app = ScorerApp(tmp_path / "data", host_address="127.0.0.1")
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


def test_the_match_in_progress_comes_first_named_by_teams_score_and_time(
    app: ScorerApp, qtbot: QtBot
) -> None:
    tuesday = int(datetime(2026, 12, 1, 18, 22).timestamp() * 1000)
    for match_id in ("old-final", "semi", "league-7"):
        recents.remember_hosted(match_id)  # newest last: league-7, semi, old-final
    recents.remember_summary(
        "old-final",
        MatchSummary("Puneri Paltan", "U Mumba", 41, 38, "Finished", True, tuesday - 86_400_000),
    )
    recents.remember_summary(
        "semi", MatchSummary("Patna Pirates", "Bengaluru Bulls", 12, 9, "2nd half", False, tuesday)
    )
    screen = app.show_start()
    qtbot.addWidget(screen)
    labels = [screen.hosted_match.itemText(i) for i in range(screen.hosted_match.count())]
    assert labels == [
        "Continue league-7 (no details kept)",
        "Continue Patna Pirates 12–9 Bengaluru Bulls · 2nd half · Tue 18:22",
        "A new match",
        "Open Puneri Paltan 41–38 U Mumba · Finished · Mon 18:22",
    ]
    assert screen.hosted_match.currentData() == "league-7"
    tip = screen.hosted_match.itemData(1, Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith("Match id: semi")


def test_events_not_yet_sent_are_named(app: ScorerApp, qtbot: QtBot) -> None:
    url = "ws://127.0.0.1:3999/ws"
    for event in (start_clock(), raid("h1", touched=("a1",)), raid("a2", "empty")):
        app.outbox.add(url, "final", event)
    recents.remember_summary(
        "final", MatchSummary("Patna Pirates", "Bengaluru Bulls", 3, 1, "1st half", False, 0)
    )
    screen = app.show_start()
    qtbot.addWidget(screen)
    label = screen.findChild(QLabel, "queued_final")
    assert label is not None
    assert label.text() == (
        "3 events: the clock started, a successful raid, an empty raid"
        f" — for Patna Pirates v Bengaluru Bulls (final) at {url}"
    )
