"""Timeouts, technical points, cards and substitutions through their dialogs."""

from __future__ import annotations

from desktop_helpers import start_clock, until
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from desktop.stamps import new_event_id
from desktop.widgets.main_window import MainWindow
from relay.rules.events import Clock, Timeout


def choose(window: MainWindow, key: str, value: object) -> None:
    dialog = window.dialog
    assert dialog is not None
    box = dialog.findChild(object, key)
    index = box.findData(value)  # type: ignore[attr-defined]
    assert index >= 0, (key, value)
    box.setCurrentIndex(index)  # type: ignore[attr-defined]


async def test_dialog_events(window: MainWindow, qtbot: QtBot) -> None:
    client = window.controller.client
    qtbot.keyClicks(window, "c")
    await until(lambda: client.ledger.last_seq == 2)

    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    choose(window, "team", "away")
    window.dialog.accept()  # type: ignore[union-attr]
    await until(lambda: client.ledger.last_seq == 3)
    assert client.ledger.confirmed.away.timeouts_left == 1  # type: ignore[union-attr]

    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    choose(window, "team", "home")
    window.dialog.findChild(object, "points").setValue(2)  # type: ignore[union-attr]
    window.dialog.accept()  # type: ignore[union-attr]
    await until(lambda: client.ledger.last_seq == 4)
    assert window.band.home.score.text() == "2"

    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    card = window.card_dialog
    assert card is not None
    card.team.buttons["away"].click()
    qtbot.keyClicks(card.player.number, "6")
    card.color.setCurrentIndex(card.color.findData("yellow"))
    qtbot.keyClick(card.player.number, Qt.Key.Key_Return)
    await until(lambda: client.ledger.last_seq == 5)
    assert window.away_panel.tiles["a6"].status == "suspended"
    assert "Suspended · " in window.away_panel.tiles["a6"].text()

    # A substitution from the keyboard: Ctrl+U, the number off, Enter, the number on, Enter.
    qtbot.keyClick(window, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    dialog = window.substitution_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.off.number, "3")
    qtbot.keyClick(dialog.off.number, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.on.number, "9")
    qtbot.keyClick(dialog.on.number, Qt.Key.Key_Return)
    await until(lambda: client.ledger.last_seq == 6)
    assert window.home_panel.tiles["h9"].status == "onCourt"
    assert window.home_panel.tiles["h3"].status == "bench"
    assert [r.by for r in window.play_model.rows()] == ["Asha"] * 6


def listed(picker: object) -> list[str]:
    names = picker.list  # type: ignore[attr-defined]
    return [names.item(row).text() for row in range(names.count())]


async def test_substitution_offers_only_the_teams_legal_choices(
    window: MainWindow, qtbot: QtBot
) -> None:
    client = window.controller.client
    qtbot.keyClicks(window, "c")
    await until(lambda: client.ledger.last_seq == 2)
    qtbot.keyClicks(window, "71s")  # Pawan (BEN #1) is out
    await until(lambda: client.ledger.last_seq == 3)
    qtbot.keyClick(window, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    dialog = window.substitution_dialog
    assert dialog is not None
    assert dialog.minimumWidth() >= dialog.fontMetrics().horizontalAdvance("Substitution") * 3
    assert listed(dialog.off) == [
        "1  Pardeep",
        "2  Sachin",
        "3  Neeraj",
        "4  Sunil",
        "5  Manjeet",
        "6  Rohit",
        "7  Sajin",
    ]
    assert listed(dialog.on) == ["8  Anand", "9  Ankit", "10  Vishal", "11  Mohit", "12  Sandeep"]
    dialog.team.buttons["away"].click()
    assert "1  Pawan" not in listed(dialog.off)  # out: the rules refuse him
    assert listed(dialog.on)[0] == "8  Rahul"
    qtbot.keyClicks(dialog.off.number, "1")  # nobody on the mat wears 1 now
    assert dialog.off.note.text() == "No #1 to pick here."
    dialog.off.number.clear()
    qtbot.keyClicks(dialog.off.number, "5")
    qtbot.keyClick(dialog.off.number, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.on.number, "10")
    assert dialog.values() == ("a5", "a10")
    dialog.reject()


async def test_card_colours_follow_the_rules(window: MainWindow, qtbot: QtBot) -> None:
    client = window.controller.client
    qtbot.keyClicks(window, "c")
    await until(lambda: client.ledger.last_seq == 2)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    card = window.card_dialog
    assert card is not None
    qtbot.keyClicks(card.player.number, "9")  # on the bench: no yellow card
    colors = [card.color.itemData(i) for i in range(card.color.count())]
    assert colors == ["green", "red"]
    card.player.number.clear()
    qtbot.keyClicks(card.player.number, "2")
    colors = [card.color.itemData(i) for i in range(card.color.count())]
    assert colors == ["green", "yellow", "red"]
    card.reject()


async def test_timeout_offers_only_a_team_with_one_left(window: MainWindow, qtbot: QtBot) -> None:
    client = window.controller.client
    client.submit(start_clock())
    for _ in range(2):
        client.submit(Timeout(client_event_id=new_event_id(), team="away"))
        client.submit(Clock(client_event_id=new_event_id(), action="resume"))
    await until(lambda: client.ledger.last_seq == 6)
    assert client.ledger.confirmed.away.timeouts_left == 0  # type: ignore[union-attr]
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    dialog = window.dialog
    assert dialog is not None
    teams = dialog.findChild(QComboBox, "team")
    assert teams is not None
    assert [teams.itemText(i) for i in range(teams.count())] == ["Patna Pirates"]
    dialog.reject()
