"""Timeouts, technical points, cards and substitutions through their dialogs."""

from __future__ import annotations

from desktop_helpers import until
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.widgets.main_window import MainWindow


def choose(window: MainWindow, key: str, value: object) -> None:
    dialog = window.dialog
    assert dialog is not None
    box = dialog.findChild(object, key)
    index = box.findData(value)  # type: ignore[attr-defined]
    assert index >= 0, (key, value)
    box.setCurrentIndex(index)  # type: ignore[attr-defined]


async def test_dialog_events(window: MainWindow, qtbot: QtBot) -> None:
    client = window.controller.client
    qtbot.keyClicks(window, "c")
    await until(lambda: client.ledger.last_seq == 2)

    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    choose(window, "team", "away")
    window.dialog.accept()  # type: ignore[union-attr]
    await until(lambda: client.ledger.last_seq == 3)
    assert client.ledger.confirmed.away.timeouts_left == 1  # type: ignore[union-attr]

    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    choose(window, "team", "home")
    window.dialog.findChild(object, "points").setValue(2)  # type: ignore[union-attr]
    window.dialog.accept()  # type: ignore[union-attr]
    await until(lambda: client.ledger.last_seq == 4)
    assert window.band.home.score.text() == "2"

    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    choose(window, "player", "a6")
    choose(window, "color", "yellow")
    window.dialog.accept()  # type: ignore[union-attr]
    await until(lambda: client.ledger.last_seq == 5)
    assert window.away_panel.tiles["a6"].status == "suspended"
    assert "Suspended · " in window.away_panel.tiles["a6"].text()

    qtbot.keyClick(window, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    choose(window, "out", "h3")
    choose(window, "in", "h9")
    window.dialog.accept()  # type: ignore[union-attr]
    await until(lambda: client.ledger.last_seq == 6)
    assert window.home_panel.tiles["h9"].status == "onCourt"
    assert window.home_panel.tiles["h3"].status == "bench"
    assert [r.by for r in window.play_model.rows()] == ["Asha"] * 6
