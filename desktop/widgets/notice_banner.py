"""The notice line under the scoreboard: the latest message for the scorer.

It always keeps its place (hidden, it leaves its space empty) so nothing below it
moves when a message comes or goes. Refusals and errors are red, success is green,
anything else is neutral; a click dismisses the message.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QMouseEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from desktop.models.notices import NoticeModel

LINES = 2
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
        self.setWordWrap(True)
        self.setToolTip("Click to dismiss")
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        policy.setVerticalPolicy(QSizePolicy.Policy.Fixed)
        self.setSizePolicy(policy)
        font = QFont(self.font())
        font.setPixelSize(15)
        font.setBold(True)
        self.setFont(font)
        self._style("info")
        self.setFixedHeight(self.fontMetrics().lineSpacing() * LINES + 14)
        model.changed.connect(self.refresh)
        self.hide()

    @property
    def kind(self) -> str:
        notice = self.model.current
        return notice.kind if notice is not None else ""

    def _style(self, kind: str) -> None:
        self.setStyleSheet(
            f"QLabel#notice {{ {STYLES[kind]} padding: 4px 10px; border-radius: 4px; }}"
        )

    def refresh(self) -> None:
        notice = self.model.current
        if notice is None:
            self.setText("")
            self.hide()
            return
        self._style(notice.kind)
        self.setText(notice.text)
        self.show()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.model.dismiss()
