"""One team in the setup dialog: name, short name, colour, squad and starting seven."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import (
    QColorDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.squad_text import parse_squad
from relay.rules.events import Player, Team

COLUMNS = ("Start", "No.", "Name")


class TeamEditor(QGroupBox):
    def __init__(self, title: str, prefix: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.prefix = prefix
        self.squad_max = 12
        self.name = QLineEdit()
        self.name.setMaxLength(40)
        self.short_name = QLineEdit()
        self.short_name.setMaxLength(6)
        self.color = QLineEdit("#1F4E9E")
        self.color.setMaxLength(7)
        pick = QPushButton("…")
        pick.setFixedWidth(30)
        pick.clicked.connect(self._pick_color)
        color_row = QHBoxLayout()
        color_row.addWidget(self.color)
        color_row.addWidget(pick)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Short name", self.short_name)
        form.addRow("Colour", color_row)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 50)
        self.table.setColumnWidth(1, 50)
        buttons = QHBoxLayout()
        for label, slot in (
            ("Quick-fill 1–12", self.quick_fill),
            ("Paste", self.paste),
            ("Import CSV…", self.import_csv),
            ("+ player", lambda: self._add_row(None, "", False)),
        ):
            button = QPushButton(label)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    # --- filling ---------------------------------------------------------------------

    def load(self, team: Team) -> None:
        self.name.setText(team.name)
        self.short_name.setText(team.short_name)
        self.color.setText(team.color or "#555555")
        self.set_players(
            [(p.number, p.name) for p in team.players],
            {p.number for p in team.players if p.id in team.starting},
        )

    def set_players(self, rows: list[tuple[int, str]], starting: set[int] | None = None) -> None:
        self.table.setRowCount(0)
        for i, (number, name) in enumerate(rows[: self.squad_max]):
            start = (number in starting) if starting is not None else i < 7
            self._add_row(number, name, start)

    def quick_fill(self) -> None:
        self.set_players([(n, f"Player {n}") for n in range(1, self.squad_max + 1)])

    def paste(self) -> None:
        self._fill_from_text(QGuiApplication.clipboard().text())

    def import_csv(self) -> None:
        dialog = QFileDialog(self, "Import squad", "", "CSV (*.csv *.txt)")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.import_file)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def import_file(self, path: str) -> None:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            self.setToolTip(f"Could not read {path}: {exc}")
            return
        self._fill_from_text(text)

    def _fill_from_text(self, text: str) -> None:
        try:
            self.set_players(parse_squad(text))
        except ValueError as exc:
            self.setToolTip(str(exc))

    def _add_row(self, number: int | None, name: str, start: bool) -> None:
        if self.table.rowCount() >= self.squad_max:
            return
        row = self.table.rowCount()
        self.table.insertRow(row)
        check = QTableWidgetItem()
        check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        check.setCheckState(Qt.CheckState.Checked if start else Qt.CheckState.Unchecked)
        self.table.setItem(row, 0, check)
        self.table.setItem(row, 1, QTableWidgetItem("" if number is None else str(number)))
        self.table.setItem(row, 2, QTableWidgetItem(name))

    def _pick_color(self) -> None:
        dialog = QColorDialog(QColor(self.color.text()), self)
        dialog.colorSelected.connect(lambda color: self.color.setText(color.name().upper()))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # --- reading ---------------------------------------------------------------------

    def team(self) -> Team:
        """The team as entered; raises ValueError saying what to fix."""
        label = self.title()
        players: list[Player] = []
        starting: list[str] = []
        for row in range(self.table.rowCount()):
            number_item, name_item = self.table.item(row, 1), self.table.item(row, 2)
            number = number_item.text().strip() if number_item else ""
            name = name_item.text().strip() if name_item else ""
            if not number and not name:
                continue
            if not number.isdigit() or not name:
                raise ValueError(f"{label}: row {row + 1} needs a number and a name.")
            player = Player(id=f"{self.prefix}{number}", name=name, number=int(number))
            if any(p.number == player.number for p in players):
                raise ValueError(f"{label}: number {number} is used twice.")
            players.append(player)
            check = self.table.item(row, 0)
            if check is not None and check.checkState() == Qt.CheckState.Checked:
                starting.append(player.id)
        if len(players) < 7:
            raise ValueError(f"{label}: a squad needs at least 7 players.")
        if len(starting) != 7:
            raise ValueError(f"{label}: tick exactly 7 starting players ({len(starting)} ticked).")
        color = self.color.text().strip()
        if not re.fullmatch(r"#[0-9A-Fa-f]{6}", color):
            raise ValueError(f"{label}: colour must look like #1F4E9E.")
        name, short = self.name.text().strip(), self.short_name.text().strip()
        if not name or not short:
            raise ValueError(f"{label}: enter the team's name and short name.")
        return Team(
            name=name,
            short_name=short,
            color=color,
            players=tuple(players),
            starting=tuple(starting),
        )
