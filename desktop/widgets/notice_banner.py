"""A banner across the window for what the scorer must not miss: a refused event."""

from __future__ import annotations

from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget


class NoticeBanner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.setWordWrap(True)
        self.setStyleSheet(
            "background: #B00020; color: white; font-size: 15px; font-weight: 600;"
            " padding: 6px 10px; border-radius: 4px;"
        )
        self.setToolTip("Click to dismiss")
        self.hide()

    def warn(self, text: str) -> None:
        self.setText(text + "   (click to dismiss)")
        self.show()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.hide()
