"""The keyboard shortcuts, shown over the main window (F1 or ?).

Key combinations are written in Qt's standard names ("Ctrl+E") and shown as the
platform writes them: on macOS Qt's Ctrl is the Command key, shown "⌘E".
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget

SHORTCUTS: list[tuple[str, str]] = [
    ("0–9", "Jersey number: the raider first, then defenders to mark"),
    ("Enter", "Take the typed number now"),
    ("Click a tile", "Raider (raiding team) or mark a defender"),
    ("R", "Raid start (raid clock)"),
    ("B", "Toggle bonus"),
    ("S", "Successful raid (marked = touched)"),
    ("T", "Tackled (marked = tacklers, optional)"),
    ("E", "Empty raid"),
    ("O / L / K / N / U", "Raider out: out of bounds / lobby / baulk line / cant / time up"),
    ("Esc", "Clear the raid being entered"),
    ("C", "Match clock: start / pause / resume"),
    ("Ctrl+E", "End of half"),
    ("Ctrl+T", "Timeout"),
    ("Ctrl+P", "Technical point"),
    ("Ctrl+K", "Card"),
    ("Ctrl+U", "Substitution"),
    ("Ctrl+L", "Lost raid turn: the other team gets the point and the raid"),
    ("Ctrl+R", "Correct an event (the one picked in the play-by-play, else the latest raid)"),
    ("Ctrl+Shift+R", "Team review of the latest raid"),
    ("Ctrl+Z", "Undo the latest event (asks first)"),
    ("Ctrl+Shift+S", "Export play-by-play CSV"),
    ("Ctrl+Shift+P", "Export scoresheet PDF"),
    ("Ctrl+Q", "Quit (asks first while events are not yet sent)"),
    ("F1 or ?", "This help"),
]


KEY_COMBINATION = re.compile(r"((Ctrl|Shift|Alt|Meta)\+)+[A-Z0-9]|F[0-9]{1,2}")


def native_keys(keys: str) -> str:
    """``keys`` as this platform shows shortcuts, when it is one key combination."""
    if not KEY_COMBINATION.fullmatch(keys):
        return keys
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


class HelpOverlay(QLabel):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("help_overlay")
        rows = "".join(
            f"<tr><td style='padding:3px 18px 3px 0'><b>{native_keys(key)}</b></td>"
            f"<td>{what}</td></tr>"
            for key, what in SHORTCUTS
        )
        self.setText(
            "<h2>Keyboard shortcuts</h2><table>" + rows + "</table>"
            "<p style='color:#ccc'>Press any key or click to close.</p>"
        )
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("background: rgba(20, 20, 30, 225); color: white; font-size: 15px;")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.hide()

    def toggle(self) -> None:
        if self.isVisible():
            self.hide()
            return
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()
        self.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.hide()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.hide()
