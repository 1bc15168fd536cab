"""What other scorers and viewers need to join a hosted match, with a QR code.

Every field has its own Copy button, and the panel has a Close button of its own, so
it is usable on a screen without a window manager (a kiosk, a bare X session) where
there is no title bar to close it with. When this laptop has more than one usable
address (Wi-Fi and Ethernet, IPv4 and IPv6) the host can switch the one the fields and
the QR code carry. Below them, advice when nobody seems able to reach the match.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
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
from relay.addresses import Candidate

COPIED_MS = 1500  # how long a Copy button says "Copied"


class JoinPanel(QDialog):
    detailsChanged = Signal(object)  # JoinDetails: the host picked another address

    def __init__(
        self,
        details: JoinDetails,
        parent: QWidget | None = None,
        addresses: list[Candidate] | None = None,
    ) -> None:
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
            copy = QPushButton("Copy")
            copy.setObjectName(f"copy_{key}")
            copy.setToolTip(f"Copy the {label.lower()}")
            copy.clicked.connect(lambda _=False, key=key: self.copy(key))
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(field, row, 1)
            grid.addWidget(copy, row, 2)
            self.fields[key] = field
            self.copy_buttons[key] = copy
        self.address = QComboBox()
        self.address.setObjectName("address")
        self.address.setToolTip("The address of this laptop that the others are given")
        for candidate in addresses or []:
            self.address.addItem(candidate.description, candidate.address)
        known = self.address.findData(details.host)
        if known < 0:
            self.address.insertItem(0, details.host, details.host)
            known = 0
        self.address.setCurrentIndex(known)
        self.address.currentIndexChanged.connect(lambda _i: self.use_address(self.address_data()))
        address_row = QHBoxLayout()
        address_row.addWidget(QLabel("This laptop's address"))
        address_row.addWidget(self.address, 1)
        self.address_row = QWidget()
        self.address_row.setLayout(address_row)
        self.address_row.setVisible(self.address.count() > 1)
        self.qr = QLabel()
        self.qr.setObjectName("qr")
        self.qr.setPixmap(QPixmap.fromImage(qr_image(details.viewer_url)))
        self.advice = QLabel()
        self.advice.setObjectName("advice")
        self.advice.setWordWrap(True)
        self.advice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.advice.setStyleSheet("background: #FFF4CE; color: #3D2E00; padding: 8px;")
        self.advice.hide()
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
        layout.addWidget(self.address_row)
        layout.addLayout(top)
        layout.addWidget(self.advice)
        layout.addWidget(buttons)

    def address_data(self) -> str:
        return str(self.address.currentData())

    def use_address(self, address: str) -> None:
        """Hand out ``address``: the URL fields and the QR code change with it."""
        self.details = self.details.at(address)
        self.fields["relay_url"].setText(self.details.relay_url)
        self.fields["viewer_url"].setText(self.details.viewer_url)
        self.qr.setPixmap(QPixmap.fromImage(qr_image(self.details.viewer_url)))
        self.detailsChanged.emit(self.details)

    def show_advice(self, text: str) -> None:
        """What to check when the others cannot reach this laptop; "" hides it."""
        self.advice.setText(text)
        self.advice.setVisible(bool(text))

    def copy(self, key: str) -> None:
        """Put one field on the clipboard; its button says so for a moment."""
        QGuiApplication.clipboard().setText(self.fields[key].text())
        button = self.copy_buttons[key]
        button.setText("Copied")
        QTimer.singleShot(COPIED_MS, button, lambda: button.setText("Copy"))
