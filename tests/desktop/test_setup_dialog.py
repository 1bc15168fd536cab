"""The setup dialog builds the ``setup`` event, and says what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from desktop.widgets.setup_dialog import SetupDialog
from relay.rules.demo import demo_team


def test_the_squads_start_empty_and_demo_squads_is_a_button(qtbot: QtBot) -> None:
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    assert dialog.home.name.text() == ""
    assert dialog.away.table.rowCount() == 0
    with pytest.raises(ValueError, match="Home team: a squad needs at least 7 players"):
        dialog.build()
    demo = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Demo squads")
    qtbot.mouseClick(demo, Qt.MouseButton.LeftButton)
    setup = dialog.build()
    assert setup.home == demo_team("home")
    assert setup.away == demo_team("away")
    assert (setup.rules, setup.settings, setup.first_raid) == ("pkl", None, "home")


def test_preset_and_settings_are_editable(qtbot: QtBot) -> None:
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    dialog.load_demo()
    dialog.preset.setCurrentIndex(1)  # amateur: no do-or-die
    assert dialog.spins["do_or_die_after_empty"].value() == 0
    dialog.spins["half_minutes"].setValue(15)
    dialog.toss.setCurrentIndex(1)
    setup = dialog.build()
    assert setup.rules == "amateur"
    assert setup.settings is not None
    assert setup.settings.half_minutes == 15
    assert setup.first_raid == "away"


def test_pasted_squad_and_starting_seven(qtbot: QtBot) -> None:
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    dialog.load_demo()
    QGuiApplication.clipboard().setText(
        "No,Name\n" + "\n".join(f"{n},Player {n}" for n in range(21, 31))
    )
    dialog.away.paste()
    setup = dialog.build()
    assert [p.number for p in setup.away.players] == list(range(21, 31))
    assert setup.away.starting == tuple(f"a{n}" for n in range(21, 28))
    dialog.away.table.item(0, 0).setCheckState(Qt.CheckState.Unchecked)
    with pytest.raises(ValueError, match="exactly 7 starting players"):
        dialog.build()
    dialog.submit()
    assert "exactly 7" in dialog.error.text()


def test_quick_fill(qtbot: QtBot) -> None:
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    dialog.load_demo()
    dialog.home.quick_fill()
    setup = dialog.build()
    assert [p.name for p in setup.home.players][:2] == ["Player 1", "Player 2"]
    assert len(setup.home.players) == 12


def test_import_squad_from_a_csv_file(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    dialog.load_demo()
    squad = tmp_path / "squad.csv"
    squad.write_text("number,name\n" + "".join(f"{n},Raider {n}\n" for n in range(1, 10)))
    dialog.home.import_file(str(squad))
    setup = dialog.build()
    assert [p.name for p in setup.home.players][-1] == "Raider 9"
    assert len(setup.home.starting) == 7
