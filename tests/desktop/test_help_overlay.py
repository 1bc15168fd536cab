"""The help overlay: the shortcuts in a box in the middle of the window, not at its edge."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.widgets.main_window import MainWindow


async def test_the_shortcuts_sit_in_the_middle(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    overlay = window.help
    assert overlay.isVisible()
    QApplication.sendPostedEvents()  # the overlay's layout request
    box = overlay.content.geometry()
    left, right = box.left(), overlay.width() - box.right()
    assert left > 100, (left, right)  # not against the window's left edge
    assert abs(left - right) <= 2
    top, bottom = box.top(), overlay.height() - box.bottom()
    assert abs(top - bottom) <= 2
    assert overlay.content.mapTo(overlay, QPoint(0, 0)) == box.topLeft()
    qtbot.keyClick(overlay, Qt.Key.Key_Escape)
    assert not overlay.isVisible()
