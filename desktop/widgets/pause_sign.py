"""The pause sign beside a stopped match clock, painted: two bars, in any font.

The ⏸ character is missing from many fonts (a box is drawn instead); drawn by hand the
sign never depends on one.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

PAUSED_COLOR = "#B26A00"


class PauseSign(QWidget):
    def __init__(self, size: int = 30, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pause_sign")
        self.setFixedSize(QSize(size, size))
        self.setToolTip("The match clock is stopped")
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        policy.setHorizontalPolicy(QSizePolicy.Policy.Fixed)
        self.setSizePolicy(policy)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(PAUSED_COLOR))
        side = min(self.width(), self.height())
        bar = side * 0.3
        gap = side * 0.2
        left = (self.width() - 2 * bar - gap) / 2
        top = (self.height() - side) / 2 + side * 0.1
        height = side * 0.8
        radius = bar * 0.2
        painter.drawRoundedRect(QRectF(left, top, bar, height), radius, radius)
        painter.drawRoundedRect(QRectF(left + bar + gap, top, bar, height), radius, radius)
        painter.end()
