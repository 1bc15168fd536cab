"""One team's squad as tiles, in the model's fixed order, in two columns of equal width."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from desktop.models.players import PlayerRole, PlayersModel
from desktop.models.raid_draft import RaidDraft
from desktop.stamps import now_ms
from desktop.ticker import VisibleTicker
from desktop.widgets.player_tile import PlayerTile


class TeamPanel(QWidget):
    picked = Signal(str)  # player id

    def __init__(
        self,
        model: PlayersModel,
        draft: RaidDraft,
        relay_now: Callable[[], int] = now_ms,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.draft = draft
        self.relay_now = relay_now
        self.setObjectName(f"panel_{model.side}")
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15px; font-weight: 700; padding: 2px;")
        self.tiles: dict[str, PlayerTile] = {}
        self._grid = QGridLayout()
        self._grid.setSpacing(4)
        self._grid.setColumnStretch(0, 1)
        self._grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addLayout(self._grid)
        layout.addStretch(1)
        model.modelReset.connect(self.refresh)
        draft.changed.connect(self.refresh)
        # Suspensions count down on the match clock.
        self._ticker = VisibleTicker(self, 1000, self._tick)
        self.refresh()

    def _tick(self) -> None:
        if any(p.status == "suspended" for p in self.model.players()):
            self.refresh()

    def set_title(self, text: str, color: str = "#555555") -> None:
        self.title.setText(text)
        self.title.setStyleSheet(
            f"font-size: 15px; font-weight: 700; padding: 4px 8px; color: white;"
            f" background: {color}; border-radius: 4px;"
        )

    def refresh(self) -> None:
        players = self.model.players()
        if [p.id for p in players] != list(self.tiles):
            for tile in self.tiles.values():
                self._grid.removeWidget(tile)
                tile.deleteLater()
            self.tiles = {}
            for i, player in enumerate(players):
                tile = PlayerTile(player, self)
                tile.picked.connect(self.picked)
                self._grid.addWidget(tile, i // 2, i % 2)
                self.tiles[player.id] = tile
        now = self.relay_now()
        for row, player in enumerate(players):
            revival = self.model.data(self.model.index(row), PlayerRole.Revival)
            mark = ""
            if player.id == self.draft.raider_id:
                mark = "raider"
            elif player.id in self.draft.marked:
                mark = "marked"
            left = self.model.suspension_left_ms(player, now)
            self.tiles[player.id].show_player(player, revival, mark, left)
