"""The first screen: host a match on this laptop, or join a relay."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop import recents
from desktop.hosting import DEFAULT_PORT
from desktop.link import JoinTarget
from desktop.match_summary import hosted_choices
from relay.wire import MATCH_ID_PATTERN

if TYPE_CHECKING:
    from desktop.outbox import QueuedMatch


class StartScreen(QWidget):
    hostRequested = Signal(str, int, str)  # scorer name, port, match id ("" = a new match)
    joinRequested = Signal(object)  # JoinTarget
    resumeRequested = Signal(object, str)  # QueuedMatch, scorer name

    def __init__(
        self,
        relays: list[str],
        matches: list[str],
        name: str,
        queued: list[QueuedMatch],
        parent: QWidget | None = None,
        what_is_queued: dict[tuple[str, str], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Kabaddi Live — Scorer")
        title = QLabel("Kabaddi Live scorer")
        title.setStyleSheet("font-size: 26px; font-weight: 800;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.name = QLineEdit(name)
        self.name.setObjectName("name")
        self.name.setPlaceholderText("Shown to other scorers")
        self.name.setMaxLength(40)

        host_box = QGroupBox("Host a match on this laptop")
        host_form = self._host_form = QFormLayout(host_box)
        self.port = QSpinBox()
        self.port.setObjectName("port")
        self.port.setRange(0, 65535)
        self.port.setValue(DEFAULT_PORT)
        host_form.addRow("Port", self.port)
        self.hosted_match = QComboBox()
        self.hosted_match.setObjectName("hosted_match")
        hosted = recents.hosted_matches()
        summaries = {match: recents.summary(match) for match in hosted}
        for label, match in hosted_choices(hosted, summaries):  # the match in progress first
            self.hosted_match.addItem(label, match)
            tip = f"{label}\nMatch id: {match}" if match else label
            self.hosted_match.setItemData(
                self.hosted_match.count() - 1, tip, Qt.ItemDataRole.ToolTipRole
            )
        self.hosted_match.setCurrentIndex(0)
        # A long match name must not squeeze the join box: the list shows it in full.
        self.hosted_match.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.hosted_match.setMinimumContentsLength(28)
        host_form.addRow("Match", self.hosted_match)
        self.host_button = QPushButton("Host a match")
        self.host_button.setObjectName("host")
        self.host_button.clicked.connect(self._host)
        host_form.addRow(self.host_button)

        join_box = QGroupBox("Join a relay")
        join_form = self._join_form = QFormLayout(join_box)
        self.relay_url = QComboBox()
        self.relay_url.setObjectName("relay_url")
        self.relay_url.setEditable(True)
        self.relay_url.addItems(relays or ["ws://127.0.0.1:3000/ws"])
        self.match_id = QComboBox()
        self.match_id.setObjectName("match_id")
        self.match_id.setEditable(True)
        self.match_id.addItems(matches)
        self.token = QLineEdit()
        self.token.setObjectName("token")
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText("e.g. 7KQM-3XPD-H9RA-WC4E")
        self.show_token = QPushButton("Show")
        self.show_token.setObjectName("show_token")
        self.show_token.setCheckable(True)
        self.show_token.setToolTip("Show the token while you type it")
        self.show_token.toggled.connect(self._show_token)
        token_row = QHBoxLayout()
        token_row.setContentsMargins(0, 0, 0, 0)
        token_row.addWidget(self.token, 1)
        token_row.addWidget(self.show_token)
        self.relay_url.currentTextChanged.connect(self._known_token)
        self._known_token(self.relay_url.currentText())
        join_form.addRow("Relay URL", self.relay_url)
        join_form.addRow("Match id", self.match_id)
        join_form.addRow("Scorer token", token_row)
        self.join_button = QPushButton("Join")
        self.join_button.setObjectName("join")
        self.join_button.clicked.connect(self._join)
        # Enter in any of the join fields joins.
        self.token.returnPressed.connect(self._join)
        for box in (self.relay_url, self.match_id):
            line = box.lineEdit()
            if line is not None:
                line.returnPressed.connect(self._join)
        join_form.addRow(self.join_button)

        self.error = QLabel()
        self.error.setStyleSheet("color: #B00020;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        name_row = QHBoxLayout()
        name_row.addWidget(QLabel("Your name"))
        name_row.addWidget(self.name, 1)
        layout.addLayout(name_row)
        if queued:
            layout.addWidget(self._queued_box(queued, what_is_queued or {}))
        boxes = QHBoxLayout()
        boxes.addWidget(host_box, 3)
        boxes.addWidget(join_box, 2)
        layout.addLayout(boxes)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.resize(940, 440)

    def _show_token(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.token.setEchoMode(mode)
        self.show_token.setText("Hide" if shown else "Show")

    def _known_token(self, relay_url: str) -> None:
        known = recents.token_for(relay_url.strip())
        if known:
            self.token.setText(known)

    def _queued_box(self, queued: list[QueuedMatch], what: dict[tuple[str, str], str]) -> QGroupBox:
        box = QGroupBox("Events not yet sent")
        box.setStyleSheet("QGroupBox { color: #8A6D00; font-weight: 700; }")
        form = QVBoxLayout(box)
        for item in queued:
            row = QHBoxLayout()
            count = f"{item.count} event{'s' if item.count != 1 else ''}"
            events = what.get((item.relay_url, item.match_id), count)
            known = recents.summary(item.match_id)
            match = f"{known.teams} ({item.match_id})" if known else f"match {item.match_id}"
            label = QLabel(f"{events} — for {match} at {item.relay_url}")
            label.setObjectName(f"queued_{item.match_id}")
            label.setWordWrap(True)
            row.addWidget(label, 1)
            button = QPushButton("Reconnect and send")
            button.setObjectName(f"resume_{item.match_id}")
            button.clicked.connect(lambda _=False, q=item: self._resume(q))
            row.addWidget(button)
            form.addLayout(row)
        return box

    def _scorer(self) -> str | None:
        name = self.name.text().strip()
        if not name:
            self.error.setText("Enter your name first: it is shown with your events.")
            return None
        return name

    def _host(self) -> None:
        name = self._scorer()
        if name is not None:
            self.hostRequested.emit(name, self.port.value(), self.hosted_match.currentData() or "")

    def _join(self) -> None:
        name = self._scorer()
        url, match = self.relay_url.currentText().strip(), self.match_id.currentText().strip()
        if name is None:
            return
        if not url.startswith(("ws://", "wss://")) or not re.fullmatch(MATCH_ID_PATTERN, match):
            self.error.setText(
                "Enter the relay URL (ws://…/ws) and the match id (letters, digits, - and _)."
            )
            return
        self.joinRequested.emit(JoinTarget(url, match, self.token.text().strip(), name))

    def _resume(self, item: QueuedMatch) -> None:
        name = self._scorer()
        if name is not None:
            self.resumeRequested.emit(item, name)

    def add_lan_widgets(self, finder: QWidget, announce: QWidget) -> None:
        """The relays found on the LAN atop the join form; the LAN option in the host box."""
        self._join_form.insertRow(0, finder)
        self._host_form.insertRow(2, announce)

    def set_hosting(self, busy: bool) -> None:
        """While the relay starts, the host button waits."""
        self.host_button.setEnabled(not busy)

    def show_error(self, message: str) -> None:
        self.error.setText(message)

    def prefill(self, relay_url: str, match_id: str, message: str) -> None:
        self.relay_url.setCurrentText(relay_url)
        self.match_id.setCurrentText(match_id)
        self.error.setText(message)
        self.token.setFocus()
