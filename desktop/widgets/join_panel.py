"""What other scorers and viewers need to join a hosted match, with a QR code."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from desktop.hosting import JoinDetails, qr_image


class JoinPanel(QDialog):
    def __init__(self, details: JoinDetails, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Join this match")
        self.details = details
        form = QFormLayout()
        for label, value, key in (
            ("Relay URL", details.relay_url, "relay_url"),
            ("Match id", details.match_id, "match_id"),
            ("Scorer token", details.token, "token"),
            ("Viewer URL", details.viewer_url, "viewer_url"),
        ):
            field = QLineEdit(value)
            field.setObjectName(key)
            field.setReadOnly(True)
            field.setMinimumWidth(480)
            form.addRow(label, field)
        self.qr = QLabel()
        self.qr.setObjectName("qr")
        self.qr.setPixmap(QPixmap.fromImage(qr_image(details.viewer_url)))
        self.qr.setToolTip("Viewers: scan to open the live scoreboard")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QHBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.qr)
