"""One player as a clickable tile: number, name, status, revival order, marks."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

from desktop.models.players import STATUS_LABELS
from relay.rules.countdown import mmss
from relay.rules.state import PlayerState

MIN_WIDTH = 120
HEIGHT = 46

_BACKGROUNDS = {
    "onCourt": "#FFFFFF",
    "out": "#E0E0E0",
    "bench": "#F4F4F4",
    "suspended": "#FFF3C4",
    "sentOff": "#F8D0D0",
}


class PlayerTile(QPushButton):
    picked = Signal(str)  # player id

    def __init__(self, player: PlayerState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.player_id = player.id
        self.setObjectName(f"tile_{player.id}")
        # The text never sizes the tile ("Suspended · 01:59" is longer than "Out"): every
        # tile is as wide as its column and as tall as two lines.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(MIN_WIDTH)
        self.setFixedHeight(HEIGHT)
        self.setFocusPolicy(self.focusPolicy().NoFocus)
        self.clicked.connect(lambda: self.picked.emit(self.player_id))
        self.status = player.status
        self.show_player(player, None, "")

    def show_player(
        self,
        player: PlayerState,
        revival: int | None,
        mark: str,
        suspension_left_ms: int | None = None,
    ) -> None:
        """``mark``: "" / "raider" / "marked"."""
        self.status = player.status
        status = STATUS_LABELS[player.status]
        if revival is not None:
            status = f"Out · back #{revival}"
        if suspension_left_ms is not None:
            status = f"Suspended · {mmss(suspension_left_ms)}"
        points = player.stats.raid_points + player.stats.tackle_points
        stats = player.stats
        cards = "".join(
            mark
            for mark, count in (
                ("G", stats.green_cards),
                ("Y", stats.yellow_cards),
                ("R", stats.red_cards),
            )
            if count
        )
        card_text = f"  [{cards}]" if cards else ""  # beside the name: the status line is full
        unit = "pt" if points == 1 else "pts"
        self.setText(f"{player.number}  {player.name}{card_text}\n{status}   {points} {unit}")
        self.setToolTip(
            f"#{player.number} {player.name}: {status}; raid {player.stats.raid_points},"
            f" tackle {player.stats.tackle_points}"
        )
        background = _BACKGROUNDS[player.status]
        border = "1px solid #BBB"
        if mark == "raider":
            background, border = "#FFD54F", "3px solid #E65100"
        elif mark == "marked":
            background, border = "#90CAF9", "3px solid #0D47A1"
        color = "#777" if player.status in ("out", "sentOff") else "#111"
        self.setStyleSheet(
            f"QPushButton {{ background: {background}; border: {border}; border-radius: 6px;"
            f" color: {color}; text-align: left; padding: 3px 8px; font-size: 13px; }}"
        )
