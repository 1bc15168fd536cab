"""The relays found on the LAN, on the start screen: choosing a match fills in the join form."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QLabel, QTreeView, QVBoxLayout, QWidget

from desktop.models.relay_list import RelayListModel


class RelayFinder(QWidget):
    matchChosen = Signal(str, str)  # relay URL, match id

    def __init__(self, model: RelayListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.tree = QTreeView()
        self.tree.setObjectName("relay_finder")
        self.tree.setModel(model)
        self.tree.setHeaderHidden(False)
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.setMinimumHeight(110)
        self.tree.activated.connect(self._choose)  # Enter or double-click
        self.tree.clicked.connect(self._choose)
        model.rowsInserted.connect(lambda *_: self.tree.expandAll())
        self.hint = QLabel("Looking for relays on this network… or type a relay's URL below.")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        layout.addWidget(self.hint)

    def show_problem(self, message: str) -> None:
        self.hint.setText(message)

    def _choose(self, index: QModelIndex) -> None:
        choice = self.model.choice(index)
        if choice is not None:
            self.matchChosen.emit(*choice)
