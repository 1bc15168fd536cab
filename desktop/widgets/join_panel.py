"""What other scorers and viewers need to join a hosted match, with a QR code.

Every field has its own Copy button, and the panel has a Close button of its own, so
it is usable on a screen without a window manager (a kiosk, a bare X session) where
there is no title bar to close it with.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.hosting import JoinDetails, qr_image

COPIED_MS = 1500  # how long a Copy button says "Copied"


class JoinPanel(QDialog):
    def __init__(self, details: JoinDetails, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("join_panel")
        self.setWindowTitle("Join this match")
        self.details = details
        self.fields: dict[str, QLineEdit] = {}
        self.copy_buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        rows = (
            ("Relay URL", details.relay_url, "relay_url"),
            ("Match id", details.match_id, "match_id"),
            ("Scorer token", details.token, "token"),
            ("Viewer URL", details.viewer_url, "viewer_url"),
        )
        for row, (label, value, key) in enumerate(rows):
            field = QLineEdit(value)
            field.setObjectName(key)
            field.setReadOnly(True)
            field.setMinimumWidth(480)
            if key == "token":  # read aloud to the other scorers: large, one width per sign
                field.setStyleSheet("font-family: monospace; font-size: 18px; font-weight: 700;")
            copy = QPushButton("Copy")
            copy.setObjectName(f"copy_{key}")
            copy.setToolTip(f"Copy the {label.lower()}")
            copy.clicked.connect(lambda _=False, key=key: self.copy(key))
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(field, row, 1)
            grid.addWidget(copy, row, 2)
            self.fields[key] = field
            self.copy_buttons[key] = copy
        self.qr = QLabel()
        self.qr.setObjectName("qr")
        self.qr.setPixmap(QPixmap.fromImage(qr_image(details.viewer_url)))
        self.qr.setToolTip("Viewers: scan to open the live scoreboard")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setObjectName("close")
        buttons.rejected.connect(self.close)
        top = QHBoxLayout()
        top.addLayout(grid)
        top.addWidget(self.qr)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)

    def copy(self, key: str) -> None:
        """Put one field on the clipboard; its button says so for a moment."""
        QGuiApplication.clipboard().setText(self.fields[key].text())
        button = self.copy_buttons[key]
        button.setText("Copied")
        QTimer.singleShot(COPIED_MS, button, lambda: button.setText("Copy"))
