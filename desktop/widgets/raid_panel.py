"""Raid entry: who raids, who is marked, bonus, and the outcome buttons.

Each button is enabled only when the rules accept that action now; otherwise its
tooltip says why (the reason comes from the rules engine).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.models.raid_draft import RaidDraft
from relay.rules.state import MatchState

SUMMARY_LINES = 3
BUTTON_HEIGHT = 32

# action -> (label, shortcut shown on the button)
ACTIONS: dict[str, tuple[str, str]] = {
    "raidStart": ("Raid start", "R"),
    "bonus": ("Bonus", "B"),
    "successful": ("Successful", "S"),
    "unsuccessful": ("Tackled", "T"),
    "empty": ("Empty", "E"),
    "outOfBounds": ("Out of bounds", "O"),
    "lobby": ("Lobby", "L"),
    "baulkLine": ("Baulk line", "K"),
    "cant": ("Cant", "N"),
    "timeUp": ("Time up", "U"),
    "clear": ("Clear", "Esc"),
}


class RaidPanel(QGroupBox):
    action = Signal(str)  # one of ACTIONS

    def __init__(self, draft: RaidDraft, parent: QWidget | None = None) -> None:
        super().__init__("Raid", parent)
        self.draft = draft
        self.summary = QLabel()
        self.summary.setObjectName("raid_summary")
        self.summary.setWordWrap(True)
        self.summary.setFont(_pixel_font(self.font(), 14))
        self.summary.setStyleSheet("padding: 4px;")
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # Fixed heights: what is entered never pushes the buttons below it.
        lines = self.summary.fontMetrics().lineSpacing()
        self.summary.setFixedHeight(lines * SUMMARY_LINES + 14)  # padding, bold lines
        self.typed = QLabel()
        self.typed.setObjectName("typed")
        self.typed.setFont(_pixel_font(self.font(), 13, bold=True))
        self.typed.setStyleSheet("color: #0D47A1; padding-left: 6px;")
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for i, (name, (label, key)) in enumerate(ACTIONS.items()):
            button = QPushButton(f"{label}  [{key}]")
            button.setObjectName(f"action_{name}")
            button.setMinimumHeight(BUTTON_HEIGHT)
            button.setFocusPolicy(button.focusPolicy().NoFocus)
            button.clicked.connect(lambda _=False, n=name: self.action.emit(n))
            if name == "bonus":
                button.setCheckable(True)
            self.buttons[name] = button
            grid.addWidget(button, i // 3, i % 3)
        # The typed number goes in the grid's free cell: no row of its own to grow.
        grid.addWidget(self.typed, len(ACTIONS) // 3, len(ACTIONS) % 3)
        self.buttons["successful"].setStyleSheet("QPushButton:enabled { background: #C8E6C9; }")
        self.buttons["unsuccessful"].setStyleSheet("QPushButton:enabled { background: #FFCDD2; }")
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addWidget(self.summary)
        layout.addLayout(grid)

    def show_draft(
        self, state: MatchState | None, refusals: dict[str, str | None], typed: str
    ) -> None:
        self.summary.setText(self._describe(state))
        self.typed.setText(f"Typed: {typed}" if typed else "")
        for name, button in self.buttons.items():
            reason = refusals.get(name) if name != "clear" else None
            button.setEnabled(reason is None)
            label, key = ACTIONS[name]
            button.setToolTip(reason or f"{label} ({key})")
        self.buttons["bonus"].setChecked(self.draft.bonus)

    def _describe(self, state: MatchState | None) -> str:
        if state is None:
            return "The match is not set up yet."
        players = {p.id: p for p in (*state.home.players, *state.away.players)}
        raiding = state.home if state.raiding_team == "home" else state.away
        if self.draft.raider_id is None:
            return f"<b>{raiding.short_name}</b> to raid: pick the raider (number or click)."
        raider = players[self.draft.raider_id]
        marked = ", ".join(f"#{players[i].number} {players[i].name}" for i in self.draft.marked)
        bonus = " <b>+ bonus</b>" if self.draft.bonus else ""
        text = f"Raider <b>#{raider.number} {raider.name}</b> ({raiding.short_name}){bonus}"
        text += f"<br>Defenders: {marked or 'none marked'}"
        text += "<br><small>(touched if successful, tacklers if tackled; none if the raider "
        text += "went out by himself)</small>"
        return text


def _pixel_font(base: QFont, pixels: int, bold: bool = False) -> QFont:
    font = QFont(base)
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font
