"""A card: the team, the player (by number or list) and a colour the rules allow him."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QWidget,
)

from desktop.choices import CardChoices
from desktop.widgets.pair_dialog import PairDialog
from desktop.widgets.player_picker import PlayerPicker
from desktop.widgets.team_choice import TeamChoice
from relay.rules.events import Side

MIN_WIDTH = 460
COLOR_LABELS = {
    "green": "Green (a warning)",
    "yellow": "Yellow (suspended)",
    "red": "Red (sent off)",
}


class CardDialog(PairDialog):
    def __init__(
        self,
        names: dict[Side, str],
        side: Side,
        choices: Callable[[Side], CardChoices],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card_dialog")
        self.setWindowTitle("Card")
        self.setMinimumWidth(MIN_WIDTH)
        self._choices = choices
        self._found = CardChoices([], {})
        self.team = TeamChoice(names, side)
        self.player = PlayerPicker("player")
        self.color = QComboBox()
        self.color.setObjectName("color")
        form = QFormLayout()
        form.addRow("Player", self.player)
        form.addRow("Card", self.color)
        self._lay_out(self.team, form)
        self.team.changed.connect(lambda _side: self._load())
        self.player.picked.connect(self._colors)
        self.player.confirmed.connect(self._accept)
        self._load()

    def _load(self) -> None:
        self._found = self._choices(self.team.side)
        self.player.set_players(self._found.players)
        self.refusal.setText(self._found.refusal or "")
        self._colors()
        self.player.number.setFocus()

    def _colors(self) -> None:
        keep = self.color.currentData()
        self.color.clear()
        for color in self._found.colors.get(self.player.selected() or "", []):
            self.color.addItem(COLOR_LABELS[color], color)
        index = self.color.findData(keep)
        if index >= 0:
            self.color.setCurrentIndex(index)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self.values() is not None
        )

    def values(self) -> tuple[str, str] | None:
        player, color = self.player.selected(), self.color.currentData()
        return None if player is None or color is None else (player, str(color))
