"""The join panel: a Copy button per field and a Close button, with or without a title bar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from desktop.hosting import JoinDetails
from desktop.widgets.join_panel import JoinPanel

DETAILS = JoinDetails(
    relay_url="ws://192.0.2.10:3000/ws",
    local_url="ws://127.0.0.1:3000/ws",
    match_id="final-2026",
    token="s3cret-token",
    viewer_url="http://192.0.2.10:3000/viewer.html?matchId=final-2026",
)


def test_each_field_has_its_copy_button(qtbot: QtBot) -> None:
    panel = JoinPanel(DETAILS)
    qtbot.addWidget(panel)
    panel.show()
    expected = {
        "relay_url": "ws://192.0.2.10:3000/ws",
        "match_id": "final-2026",
        "token": "s3cret-token",
        "viewer_url": "http://192.0.2.10:3000/viewer.html?matchId=final-2026",
    }
    for key, text in expected.items():
        button = panel.findChild(type(panel.close_button), f"copy_{key}")
        assert button is not None, key
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert QGuiApplication.clipboard().text() == text
        assert button.text() == "Copied"
    qtbot.waitUntil(lambda: panel.copy_buttons["token"].text() == "Copy", timeout=5000)


def test_it_closes_by_its_own_button_without_window_decorations(qtbot: QtBot) -> None:
    panel = JoinPanel(DETAILS)
    qtbot.addWidget(panel)
    # What a screen without a window manager gives it: no title bar, no close box.
    panel.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
    panel.show()
    assert panel.isVisible()
    qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    assert not panel.isVisible()

    panel.show()
    qtbot.keyClick(panel, Qt.Key.Key_Escape)
    assert not panel.isVisible()
