"""Scoring keys reach the scoring window whatever inside it has the focus.

After Alt (or a click on a menu) the menu bar keeps the keyboard: a plain letter
would open a menu by its mnemonic and Esc would only leave the menu bar. Installed on
every widget of the window that can take the keyboard and is not a text field (the
menu bar above all), this filter hands their key presses to the window's own handler
and takes the keyboard back. Open menus, dialogs and text fields keep their keys.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QMenuBar,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

TEXT_INPUTS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox)
# Keys the menu bar may keep for moving between menus while it has the keyboard.
MENU_NAVIGATION = {
    Qt.Key.Key_Left.value,
    Qt.Key.Key_Right.value,
    Qt.Key.Key_Up.value,
    Qt.Key.Key_Down.value,
    Qt.Key.Key_Alt.value,
}


class KeyCatcher(QObject):
    def __init__(self, window: QWidget, handle: Callable[[QKeyEvent], bool]) -> None:
        super().__init__(window)
        self.window = window
        self.handle = handle  # True when the window took the key
        self.watched = [
            widget
            for widget in window.findChildren(QWidget)
            # The menu bar takes the keyboard (Alt) whatever its focus policy says.
            if (isinstance(widget, QMenuBar) or widget.focusPolicy() != Qt.FocusPolicy.NoFocus)
            and not isinstance(widget, TEXT_INPUTS)
            and widget.window() is window
        ]
        for widget in self.watched:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.modifiers() & Qt.KeyboardModifier.AltModifier:
            return False  # Alt+letter opens a menu, as everywhere
        if isinstance(watched, QMenuBar):
            if event.key() in MENU_NAVIGATION:
                return False
            watched.setActiveAction(None)  # type: ignore[arg-type]
        self.window.setFocus(Qt.FocusReason.OtherFocusReason)
        return self.handle(event)
