"""Match setup: rule preset and settings, both teams, the toss. Produces a ``setup`` event."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
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

from desktop.presets import PRESET_NAMES
from desktop.stamps import new_event_id
from desktop.widgets.team_editor import TeamEditor
from relay.rules.demo import demo_team
from relay.rules.events import Setup
from relay.rules.settings import PRESETS, Preset, RuleSettings, SettingsOverrides

# The settings a scorer may change here, with their labels.
EDITABLE: dict[str, str] = {
    "half_minutes": "Half (minutes)",
    "raid_seconds": "Raid (seconds)",
    "bonus_min_defenders": "Bonus needs defenders ≥",
    "super_tackle_max_defenders": "Super tackle with defenders ≤",
    "do_or_die_after_empty": "Do-or-die after empty raids (0 = off)",
    "all_out_points": "All-out points",
    "timeouts_per_half": "Timeouts per half",
    "max_substitutions": "Substitutions per match",
    "yellow_card_minutes": "Yellow card (minutes)",
}


class SetupDialog(QDialog):
    setupReady = Signal(object)  # Setup
    venueChosen = Signal(str)  # for the scoresheet; kept on this laptop, not sent

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Match setup")
        self.preset = QComboBox()
        self.preset.setObjectName("preset")
        for preset, name in PRESET_NAMES.items():
            self.preset.addItem(name, preset)
        self.preset.currentIndexChanged.connect(self._load_preset)
        self.spins: dict[str, QSpinBox] = {}
        rules = QGroupBox("Rules")
        form = QFormLayout(rules)
        form.addRow("Preset", self.preset)
        self.venue = QLineEdit()
        self.venue.setObjectName("venue")
        self.venue.setPlaceholderText("For the scoresheet (optional)")
        self.venue.setMaxLength(80)
        form.addRow("Venue", self.venue)
        for key, label in EDITABLE.items():
            spin = QSpinBox()
            spin.setObjectName(key)
            field = RuleSettings.model_fields[key]
            bounds = {type(m).__name__: m for m in field.metadata}
            spin.setRange(getattr(bounds.get("Ge"), "ge", 0), getattr(bounds.get("Le"), "le", 99))
            self.spins[key] = spin
            form.addRow(label, spin)
        self.tie_break = QComboBox()
        self.tie_break.addItem("None (draw stands)", "none")
        self.tie_break.addItem("Five raids each", "fiveRaids")
        form.addRow("Tie-break", self.tie_break)
        self.toss = QComboBox()
        self.toss.setObjectName("toss")
        form.addRow("Raids first (toss)", self.toss)

        self.home = TeamEditor("Home team", "h")
        self.away = TeamEditor("Away team", "a")
        self.home.name.textChanged.connect(self._toss_names)
        self.away.name.textChanged.connect(self._toss_names)
        demo = QPushButton("Demo squads")
        demo.clicked.connect(self.load_demo)
        self.error = QLabel()
        self.error.setObjectName("setup_error")
        self.error.setStyleSheet("color: #B00020;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        teams = QHBoxLayout()
        teams.addWidget(rules)
        teams.addWidget(self.home, 1)
        teams.addWidget(self.away, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(teams, 1)
        layout.addWidget(self.error)
        bottom = QHBoxLayout()
        bottom.addWidget(demo)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self._load_preset()
        self._toss_names()  # the squads start empty: "Demo squads" fills both for a try-out
        self.resize(1200, 560)

    def load_demo(self) -> None:
        self.home.load(demo_team("home"))
        self.away.load(demo_team("away"))

    def _toss_names(self) -> None:
        index = self.toss.currentIndex()
        self.toss.clear()
        self.toss.addItem(self.home.name.text() or "Home", "home")
        self.toss.addItem(self.away.name.text() or "Away", "away")
        self.toss.setCurrentIndex(max(0, index))

    def _load_preset(self) -> None:
        settings = PRESETS[self._preset()]
        for key, spin in self.spins.items():
            spin.setValue(getattr(settings, key))
        self.tie_break.setCurrentIndex(0 if settings.tie_break == "none" else 1)

    def _preset(self) -> Preset:
        return "amateur" if self.preset.currentData() == "amateur" else "pkl"

    def build(self) -> Setup:
        """The setup event as entered; raises ValueError saying what to fix."""
        preset = self._preset()
        base = PRESETS[preset]
        changes: dict[str, Any] = {
            key: spin.value()
            for key, spin in self.spins.items()
            if spin.value() != getattr(base, key)
        }
        if self.tie_break.currentData() != base.tie_break:
            changes["tie_break"] = self.tie_break.currentData()
        try:
            return Setup(
                client_event_id=new_event_id(),
                rules=preset,
                settings=SettingsOverrides(**changes) if changes else None,
                home=self.home.team(),
                away=self.away.team(),
                first_raid="away" if self.toss.currentData() == "away" else "home",
            )
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise ValueError(f"{where}: {first['msg']}") from None

    def submit(self) -> None:
        try:
            setup = self.build()
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        self.setupReady.emit(setup)
        self.venueChosen.emit(self.venue.text().strip())
        self.accept()
