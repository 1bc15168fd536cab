"""The play-by-play table; follows the newest line."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop.models.play_by_play import COLUMNS, PlayByPlayModel


class PlayByPlayView(QTableView):
    def __init__(self, model: PlayByPlayModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("play_by_play")
        self.setModel(model)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(self.focusPolicy().NoFocus)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        for column in range(model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("Play"), QHeaderView.ResizeMode.Stretch)
        model.modelReset.connect(self.scrollToBottom)
