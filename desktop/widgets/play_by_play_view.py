"""The play-by-play table; follows the newest line. A row can be picked (a click) to
correct its event (Ctrl+R), or double-clicked to correct it at once.

Rows are one line high (the full text is in the tooltip) and there is no horizontal
scroll bar, so the newest row is always whole at the bottom and a status never hides
behind a scroll bar.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop.models.play_by_play import COLUMNS, PlayByPlayModel


class PlayByPlayView(QTableView):
    picked = Signal(int)  # the seq of a double-clicked accepted event

    def __init__(self, model: PlayByPlayModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("play_by_play")
        self.setModel(model)
        self._model = model
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setFocusPolicy(self.focusPolicy().NoFocus)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setAlternatingRowColors(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().lineSpacing() + 8)
        header = self.horizontalHeader()
        for column in range(model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("Play"), QHeaderView.ResizeMode.Stretch)
        # After the rows are laid out, not before: else the newest one is cut off.
        model.modelReset.connect(lambda: QTimer.singleShot(0, self, self.scrollToBottom))
        self.doubleClicked.connect(self._double_clicked)

    def selected_seq(self) -> int | None:
        """The seq of the picked accepted event, if one is picked."""
        rows = self.selectionModel().selectedRows()
        if not rows:
            return None
        row = self._model.rows()[rows[0].row()]
        return row.seq if row.status == "accepted" else None

    def _double_clicked(self, index: QModelIndex) -> None:
        row = self._model.rows()[index.row()]
        if row.status == "accepted" and row.seq is not None:
            self.picked.emit(row.seq)
