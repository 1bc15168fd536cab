"""The band across the top: both scores, half, match clock, raid clock, flags."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from desktop.fonts import MONO_CSS
from desktop.models.scoreboard import ScoreboardModel, TeamLine
from desktop.stamps import now_ms
from desktop.ticker import VisibleTicker
from relay.rules.events import Side


class _TeamBox(QFrame):
    def __init__(self, side: Side, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.side = side
        self.setObjectName(f"team_{side}")
        self.name = QLabel("—")
        self.name.setObjectName(f"{side}_name")
        self.score = QLabel("0")
        self.score.setObjectName(f"{side}_score")
        self.details = QLabel("")
        self.details.setObjectName(f"{side}_details")
        align = Qt.AlignmentFlag.AlignCenter
        for label in (self.name, self.score, self.details):
            label.setAlignment(align)
        self.name.setStyleSheet("font-size: 17px; font-weight: 600; color: white;")
        self.score.setStyleSheet("font-size: 54px; font-weight: 800; color: white;")
        self.details.setStyleSheet("font-size: 12px; color: #F0F0F0;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(0)
        layout.addWidget(self.name)
        layout.addWidget(self.score)
        layout.addWidget(self.details)

    def show_line(self, line: TeamLine | None, raiding: bool) -> None:
        if line is None:
            self.name.setText("—")
            self.score.setText("0")
            self.details.setText("")
            self.setStyleSheet("QFrame { background: #444; border-radius: 8px; }")
            return
        flags = []
        if raiding:
            flags.append("● RAIDING")
        if line.do_or_die:
            flags.append("DO-OR-DIE")
        self.name.setText(f"{line.name} ({line.short_name})")
        self.score.setText(str(line.score))
        extra = f"On mat {line.on_mat} · All outs {line.all_outs} · Timeouts {line.timeouts_left}"
        self.details.setText(("  ".join(flags) + "\n" if flags else "\n") + extra)
        border = "4px solid #FFD54F" if raiding else "4px solid transparent"
        self.setStyleSheet(
            f"QFrame#team_{self.side} {{ background: {line.color}; border-radius: 8px;"
            f" border: {border}; }}"
        )


class ScoreboardBand(QWidget):
    def __init__(
        self,
        model: ScoreboardModel,
        relay_now: Callable[[], int] = now_ms,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.relay_now = relay_now
        self.home = _TeamBox("home")
        self.away = _TeamBox("away")
        self.phase = QLabel()
        self.phase.setObjectName("phase")
        self.clock = QLabel("--:--")
        self.clock.setObjectName("clock")
        self.raid_clock = QLabel("")
        self.raid_clock.setObjectName("raid_clock")
        self.unconfirmed = QLabel("")
        self.unconfirmed.setObjectName("unconfirmed")
        self.unconfirmed.setStyleSheet("font-size: 12px; color: #8A6D00; font-weight: 600;")
        for label in (self.phase, self.clock, self.raid_clock, self.unconfirmed):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.phase.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.clock.setStyleSheet(f"font-size: 40px; font-weight: 700; font-family: {MONO_CSS};")
        self.raid_clock.setStyleSheet("font-size: 15px; color: #B00020; font-weight: 600;")
        middle = QVBoxLayout()
        middle.addWidget(self.phase)
        middle.addWidget(self.clock)
        middle.addWidget(self.raid_clock)
        middle.addWidget(self.unconfirmed)
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 6, 6, 6)
        grid.addWidget(self.home, 0, 0)
        grid.addLayout(middle, 0, 1)
        grid.addWidget(self.away, 0, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 3)
        model.changed.connect(self.refresh)
        self._ticker = VisibleTicker(self, 250, self._tick)
        self.refresh()

    def refresh(self) -> None:
        raiding = self.model.raiding
        self.home.show_line(self.model.team("home"), raiding == "home")
        self.away.show_line(self.model.team("away"), raiding == "away")
        self.phase.setText(self.model.phase_text)
        self.unconfirmed.setText(self.model.unconfirmed_text)
        self._tick()

    def _tick(self) -> None:
        now = self.relay_now()
        text = self.model.clock_text(now)
        self.clock.setText(text if self.model.clock_running or not text else f"{text} ⏸")
        left = self.model.raid_seconds_left(now)
        self.raid_clock.setText("" if left is None else f"Raid: {left} s")
