"""The scoring window against a real relay: raids by keyboard and by clicks."""

from __future__ import annotations

from desktop_helpers import until
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.widgets.main_window import MainWindow


def keys(qtbot: QtBot, win: MainWindow, sequence: str) -> None:
    for char in sequence:
        qtbot.keyClicks(win, char)


async def test_score_raids_by_keyboard(window: MainWindow, qtbot: QtBot) -> None:
    client = window.client
    keys(qtbot, window, "c")  # start the clock
    await until(lambda: client.ledger.last_seq == 2)
    # Raider #7 of the raiding home team, touches #3 and #4 of the away team: successful.
    keys(qtbot, window, "734s")
    await until(lambda: client.ledger.last_seq == 3)
    assert window.band.home.score.text() == "2"
    assert window.band.away.score.text() == "0"
    away = client.ledger.confirmed.away  # type: ignore[union-attr]
    assert away.out_order == ["a3", "a4"]
    assert "Out · back #1" in window.away_panel.tiles["a3"].text()
    # Away raider #1 is tackled by #2 (typed, then Enter), bonus taken first.
    qtbot.keyClicks(window, "1")
    qtbot.keyClick(window, Qt.Key.Key_Return)
    keys(qtbot, window, "b2")
    qtbot.keyClick(window, Qt.Key.Key_Return)
    keys(qtbot, window, "t")
    await until(lambda: client.ledger.last_seq == 4)
    state = client.ledger.confirmed
    assert state is not None
    assert (state.home.score, state.away.score) == (3, 1)
    rows = window.play_model.rows()
    assert [r.seq for r in rows] == [1, 2, 3, 4]
    assert all(r.by == "Asha" and r.status == "accepted" for r in rows)


async def test_score_raids_by_clicks(window: MainWindow, qtbot: QtBot) -> None:
    client = window.client
    keys(qtbot, window, "c")
    await until(lambda: client.ledger.last_seq == 2)
    qtbot.mouseClick(window.home_panel.tiles["h2"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.away_panel.tiles["a5"], Qt.MouseButton.LeftButton)
    assert window.controller.draft.raider_id == "h2"
    assert window.controller.draft.marked == ["a5"]
    qtbot.mouseClick(window.raid_panel.buttons["successful"], Qt.MouseButton.LeftButton)
    await until(lambda: client.ledger.last_seq == 3)
    assert window.band.home.score.text() == "1"
    assert window.away_panel.tiles["a5"].status == "out"
    qtbot.mouseClick(window.away_panel.tiles["a1"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.raid_panel.buttons["empty"], Qt.MouseButton.LeftButton)
    await until(lambda: client.ledger.last_seq == 4)
    assert client.ledger.confirmed.raiding_team == "home"  # type: ignore[union-attr]
    assert window.play_model.rows()[-1].text.endswith("empty raid")
