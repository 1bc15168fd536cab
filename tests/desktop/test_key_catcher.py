"""Scoring keys work whatever had the focus: after the menu bar took the keyboard."""

from __future__ import annotations

from desktop_helpers import until
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenuBar, QWidget
from pytestqt.qtbot import QtBot

from desktop.widgets.main_window import MainWindow


def focused(window: MainWindow) -> QWidget:
    return QApplication.activePopupWidget() or QApplication.focusWidget() or window


def open_and_close_a_menu(qtbot: QtBot, window: MainWindow) -> None:
    """Alt+H opens the Help menu; Esc closes it and leaves the menu bar with the keyboard."""
    qtbot.keyClick(focused(window), Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    assert QApplication.activePopupWidget() is not None
    qtbot.keyClick(focused(window), Qt.Key.Key_Escape)
    assert QApplication.activePopupWidget() is None
    assert isinstance(QApplication.focusWidget(), QMenuBar)


async def test_keys_score_after_the_menu_bar_had_the_keyboard(
    window: MainWindow, qtbot: QtBot
) -> None:
    client = window.controller.client
    window.activateWindow()
    qtbot.keyClicks(focused(window), "c")
    await until(lambda: client.ledger.last_seq == 2)

    open_and_close_a_menu(qtbot, window)
    qtbot.keyClicks(focused(window), "7")
    assert window.controller.draft.raider_id == "h7"
    open_and_close_a_menu(qtbot, window)
    qtbot.keyClick(focused(window), Qt.Key.Key_Escape)  # clears the raid, not a menu
    assert window.controller.draft.raider_id is None
    assert QApplication.activePopupWidget() is None

    open_and_close_a_menu(qtbot, window)
    qtbot.keyClicks(focused(window), "1")
    qtbot.keyClicks(focused(window), "e")  # an empty raid, not the Events menu
    assert QApplication.activePopupWidget() is None
    await until(lambda: client.ledger.last_seq == 3)
    assert window.play_model.rows()[-1].text.endswith("empty raid")
    assert not isinstance(QApplication.focusWidget(), QMenuBar)  # the keyboard is back


async def test_a_key_that_does_nothing_says_why(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClicks(window, "x")
    assert window.notice.isVisible()
    assert window.notice.message == "“X” is not a scoring key: F1 lists them."
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert window.notice.message == "Type a jersey number first, then Enter."
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.notice.message == "Nothing to clear: no raid is being entered."
    qtbot.keyClicks(window, "s")  # no raider picked: the rules engine says why
    assert window.notice.kind == "refusal"
    assert "raider" in window.notice.message.lower()


async def test_keys_score_after_a_click_on_a_menu(window: MainWindow, qtbot: QtBot) -> None:
    client = window.controller.client
    window.activateWindow()
    qtbot.keyClicks(focused(window), "c")
    await until(lambda: client.ledger.last_seq == 2)
    bar = window.menuBar()
    events = next(a for a in bar.actions() if a.text() == "&Events")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(events).center())
    assert QApplication.activePopupWidget() is not None
    qtbot.keyClick(focused(window), Qt.Key.Key_Escape)  # closes the menu
    qtbot.keyClicks(focused(window), "7")
    qtbot.keyClicks(focused(window), "e")
    assert QApplication.activePopupWidget() is None
    await until(lambda: client.ledger.last_seq == 3)
    assert window.play_model.rows()[-1].text.endswith("empty raid")
