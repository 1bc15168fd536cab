"""A substitution: the team, then who goes off and who comes on, by number or list.

Only legal choices are offered (the rules engine is asked); type the jersey number of
the player going off, Enter, the one coming on, Enter.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QWidget,
)

from desktop.choices import SubstitutionChoices
from desktop.widgets.pair_dialog import PairDialog
from desktop.widgets.player_picker import PlayerPicker
from desktop.widgets.team_choice import TeamChoice
from relay.rules.events import Side

MIN_WIDTH = 520


class SubstitutionDialog(PairDialog):
    def __init__(
        self,
        names: dict[Side, str],
        side: Side,
        choices: Callable[[Side], SubstitutionChoices],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("substitution_dialog")
        self.setWindowTitle("Substitution")
        self.setMinimumWidth(MIN_WIDTH)
        self._choices = choices
        self.team = TeamChoice(names, side)
        self.off = PlayerPicker("off")
        self.on = PlayerPicker("on")
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>Off</b> (on the mat)"), 0, 0)
        grid.addWidget(QLabel("<b>On</b> (from the bench)"), 0, 1)
        grid.addWidget(self.off, 1, 0)
        grid.addWidget(self.on, 1, 1)
        self._lay_out(self.team, grid)
        self.team.changed.connect(lambda _side: self._load())
        self.off.confirmed.connect(self.on.number.setFocus)
        self.on.confirmed.connect(self._accept)
        self._load()

    def _load(self) -> None:
        found = self._choices(self.team.side)
        self.off.set_players(found.off)
        self.on.set_players(found.on)
        self.refusal.setText(found.refusal or "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(found.refusal is None)
        self.off.number.setFocus()

    def values(self) -> tuple[str, str] | None:
        out_id, in_id = self.off.selected(), self.on.selected()
        return None if out_id is None or in_id is None else (out_id, in_id)
