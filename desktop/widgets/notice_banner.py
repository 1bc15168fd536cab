"""The notice line under the scoreboard: the latest message for the scorer.

It always keeps its place (hidden, it leaves its space empty) so nothing below it
moves when a message comes or goes; it is one line high (a long message is cut short
with "…", the whole of it in the tooltip), so it costs a small screen little height.
Refusals and errors are red, success is green, anything else is neutral; a click
dismisses the message.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from desktop.models.notices import NoticeModel

PADDING = 10  # left and right, in the style sheet below
STYLES = {
    "refusal": "background: #B00020; color: white;",
    "error": "background: #B00020; color: white;",
    "info": "background: #E3E8F0; color: #102040;",
    "success": "background: #1B5E20; color: white;",
}


class NoticeBanner(QLabel):
    def __init__(self, model: NoticeModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setObjectName("notice")
        self.setWordWrap(False)
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        policy.setVerticalPolicy(QSizePolicy.Policy.Fixed)
        self.setSizePolicy(policy)
        font = QFont(self.font())
        font.setPixelSize(15)
        font.setBold(True)
        self.setFont(font)
        self._style("info")
        self.setFixedHeight(self.fontMetrics().lineSpacing() + 10)
        self.setMinimumWidth(1)  # a long message never widens the window
        model.changed.connect(self.refresh)
        self.hide()

    @property
    def kind(self) -> str:
        notice = self.model.current
        return notice.kind if notice is not None else ""

    def _style(self, kind: str) -> None:
        self.setStyleSheet(
            f"QLabel#notice {{ {STYLES[kind]} padding: 2px {PADDING}px; border-radius: 4px; }}"
        )

    @property
    def message(self) -> str:
        """The whole message (the line may show it cut short)."""
        notice = self.model.current
        return notice.text if notice is not None else ""

    def refresh(self) -> None:
        notice = self.model.current
        if notice is None:
            self.setText("")
            self.setToolTip("")
            self.hide()
            return
        self._style(notice.kind)
        self._fit()
        self.setToolTip(f"{notice.text}\n(click to dismiss)")
        self.show()

    def _fit(self) -> None:
        room = max(0, self.width() - 2 * PADDING - 4)
        self.setText(self.fontMetrics().elidedText(self.message, Qt.TextElideMode.ElideRight, room))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.model.dismiss()
