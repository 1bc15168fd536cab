"""Raiders out, lost turns, corrections and reviews from the scoring window's keyboard,
against a real relay."""

from __future__ import annotations

from desktop_helpers import until
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.widgets.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def keys(qtbot: QtBot, win: MainWindow, sequence: str) -> None:
    for char in sequence:
        qtbot.keyClicks(win, char)


async def test_raider_out_of_bounds_then_corrected_to_a_tackle(
    window: MainWindow, qtbot: QtBot
) -> None:
    client = window.controller.client
    keys(qtbot, window, "c")
    await until(lambda: client.ledger.last_seq == 2)
    # Raider #1 of PAT steps out of bounds: O.
    keys(qtbot, window, "1o")
    await until(lambda: client.ledger.last_seq == 3)
    assert (window.band.home.score.text(), window.band.away.score.text()) == ("0", "1")
    assert window.play_model.rows()[-1].text == "Pardeep (PAT) raids: out of bounds (+1 BEN)"
    away = client.ledger.confirmed.away  # type: ignore[union-attr]
    assert (away.extras.raider_out, away.tackles) == (1, 0)

    # The referee says he was caught by #2: Ctrl+R corrects the latest raid.
    qtbot.keyClick(window, Qt.Key.Key_R, CTRL)
    dialog = window.amend_dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.target_box.currentData() == 3
    assert dialog.outcome.currentText() == "Out of bounds"
    dialog.outcome.setFocus()
    qtbot.keyClicks(dialog.outcome, "Tackled")
    assert dialog.outcome.currentText() == "Tackled"
    # A defender on the bench cannot tackle: Send is off and says why.
    qtbot.keyClicks(dialog.defenders, "9")
    assert not dialog.send_button.isEnabled()
    assert dialog.send_button.toolTip().startswith("The corrected #3 is refused: Tackler a9")
    dialog.defenders.clear()
    qtbot.keyClicks(dialog.defenders, "2")
    assert dialog.send_button.isEnabled()
    assert dialog.preview_label.text() == (
        "<b>PAT 0–1 BEN</b><br>CORRECTED #3: Pardeep (PAT) raids: tackled by Saurabh "
        "(was: Pardeep (PAT) raids: out of bounds (+1 BEN))"
    )
    qtbot.keyClick(dialog.defenders, Qt.Key.Key_Return)
    await until(lambda: client.ledger.last_seq == 4)
    state = client.ledger.confirmed
    assert state is not None
    assert (state.away.score, state.away.tackles, state.away.extras.raider_out) == (1, 1, 0)
    assert window.play_model.rows()[-1].text.startswith("CORRECTED #3: Pardeep (PAT) raids")
    assert window.play_model.rows()[2].text == "Pardeep (PAT) raids: out of bounds (+1 BEN)"


async def test_lost_turn_and_a_review_from_the_keyboard(window: MainWindow, qtbot: QtBot) -> None:
    client = window.controller.client
    keys(qtbot, window, "c")
    await until(lambda: client.ledger.last_seq == 2)
    buttons = window.match_actions.buttons
    assert not buttons["review"].isEnabled()
    assert buttons["review"].toolTip() == "No raid yet to review."
    # PAT do not raid in time: BEN get the point and the raid.
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)
    await until(lambda: client.ledger.last_seq == 3)
    assert client.ledger.confirmed.raiding_team == "away"  # type: ignore[union-attr]
    assert window.play_model.rows()[-1].text.endswith("PAT lose their raid, BEN raid next")
    keys(qtbot, window, "3r")  # BEN #3 goes in: the raid is open
    await until(lambda: client.ledger.last_seq == 4)
    assert not buttons["lostTurn"].isEnabled()
    assert "enter the raid's result first" in buttons["lostTurn"].toolTip()
    keys(qtbot, window, "4s")  # touches PAT #4
    await until(lambda: client.ledger.last_seq == 5)
    # PAT review the touch; the call stands.
    qtbot.keyClick(window, Qt.Key.Key_R, CTRL | SHIFT)
    dialog = window.amend_dialog
    assert dialog is not None
    assert dialog.is_review
    assert dialog.target_box.currentData() == 5
    assert not dialog.outcome.isEnabled()  # nothing to edit while the call stands
    assert dialog.preview_label.text() == (
        "<b>PAT 0–2 BEN</b><br>REVIEW PAT — the call on #5 stands (0 reviews left)"
    )
    qtbot.keyClick(dialog.target_box, Qt.Key.Key_Return)
    await until(lambda: client.ledger.last_seq == 6)
    assert client.ledger.confirmed.home.reviews_left == 0  # type: ignore[union-attr]
    assert not buttons["review"].isEnabled()
    assert buttons["review"].toolTip() == (
        "Patna Pirates have no reviews left. #5 has been reviewed already (#6)."
    )
