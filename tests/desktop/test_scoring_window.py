"""The scoring window against a real relay: raids by keyboard and by clicks."""

from __future__ import annotations

from pathlib import Path

from desktop_helpers import TOKEN, raid, until
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.client import JoinTarget, ScorerClient
from desktop.outbox import Outbox
from desktop.scoring import ScoringController
from desktop.stamps import new_event_id
from desktop.widgets.main_window import MainWindow
from relay.rules.demo import demo_setup
from relay.rules.events import Substitution
from relay.server import Relay, RelayConfig


def substitution(out_id: str, in_id: str) -> Substitution:
    return Substitution(client_event_id=new_event_id(), out_id=out_id, in_id=in_id)


def keys(qtbot: QtBot, win: MainWindow, sequence: str) -> None:
    for char in sequence:
        qtbot.keyClicks(win, char)


async def test_score_raids_by_keyboard(window: MainWindow, qtbot: QtBot) -> None:
    client = window.controller.client
    keys(qtbot, window, "c")  # start the clock
    await until(lambda: client.ledger.last_seq == 2)
    # Raider #7 of the raiding home team, touches #3 and #4 of the away team: successful.
    keys(qtbot, window, "734s")
    await until(lambda: client.ledger.last_seq == 3)
    assert window.band.home.score.text() == "2"
    assert window.band.away.score.text() == "0"
    away = client.ledger.confirmed.away  # type: ignore[union-attr]
    assert away.out_order == ["a3", "a4"]
    assert "Out · back #1" in window.away_panel.tiles["a3"].text()
    # Away raider #1 is tackled by #2 (typed, then Enter), bonus taken first.
    qtbot.keyClicks(window, "1")
    qtbot.keyClick(window, Qt.Key.Key_Return)
    keys(qtbot, window, "b2")
    qtbot.keyClick(window, Qt.Key.Key_Return)
    keys(qtbot, window, "t")
    await until(lambda: client.ledger.last_seq == 4)
    state = client.ledger.confirmed
    assert state is not None
    assert (state.home.score, state.away.score) == (3, 1)
    rows = window.play_model.rows()
    assert [r.seq for r in rows] == [1, 2, 3, 4]
    assert all(r.by == "Asha" and r.status == "accepted" for r in rows)


async def test_score_raids_by_clicks(window: MainWindow, qtbot: QtBot) -> None:
    client = window.controller.client
    keys(qtbot, window, "c")
    await until(lambda: client.ledger.last_seq == 2)
    qtbot.mouseClick(window.home_panel.tiles["h2"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.away_panel.tiles["a5"], Qt.MouseButton.LeftButton)
    assert window.controller.draft.raider_id == "h2"
    assert window.controller.draft.marked == ["a5"]
    qtbot.mouseClick(window.raid_panel.buttons["successful"], Qt.MouseButton.LeftButton)
    await until(lambda: client.ledger.last_seq == 3)
    assert window.band.home.score.text() == "1"
    assert window.away_panel.tiles["a5"].status == "out"
    qtbot.mouseClick(window.away_panel.tiles["a1"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.raid_panel.buttons["empty"], Qt.MouseButton.LeftButton)
    await until(lambda: client.ledger.last_seq == 4)
    assert client.ledger.confirmed.raiding_team == "home"  # type: ignore[union-attr]
    assert window.play_model.rows()[-1].text.endswith("empty raid")


async def test_undo_asks_first_and_shows_what_it_takes_back(
    window: MainWindow, qtbot: QtBot
) -> None:
    client = window.controller.client
    keys(qtbot, window, "c")
    keys(qtbot, window, "71s")
    await until(lambda: client.ledger.last_seq == 3)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    box = window.undo_box
    assert box is not None
    assert "Undo event 3?" in box.text()
    assert "Sajin (PAT) raids: 1 touch point (Pawan)" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    await until(lambda: client.ledger.last_seq == 4)
    state = client.ledger.confirmed
    assert state is not None
    assert (state.home.score, state.raiding_team) == (0, "home")
    assert window.band.home.score.text() == "0"
    assert window.play_model.rows()[-1].event_type == "undo"


async def test_help_overlay_lists_the_shortcuts(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.help.isVisible()
    assert "Ctrl+Z" in window.help.text()
    assert "Tackled" in window.help.text()
    qtbot.keyClick(window.help, Qt.Key.Key_Escape)
    assert not window.help.isVisible()


async def test_relay_down_mid_match_keeps_the_window_scoring(tmp_path: Path, qtbot: QtBot) -> None:
    data = tmp_path / "relay"
    data.mkdir()
    relay = Relay(RelayConfig(host="127.0.0.1", port=0, data_dir=data, token=TOKEN))
    await relay.start()
    port = relay.port
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    client = ScorerClient(outbox, client_id="desk-1")
    win = MainWindow(ScoringController(client))
    qtbot.addWidget(win)
    win.show()
    client.join(JoinTarget(relay.url, "m1", TOKEN, "Asha"))
    try:
        client.submit(demo_setup())
        await until(lambda: client.ledger.last_seq == 1)
        keys(qtbot, win, "c")
        await until(lambda: client.ledger.last_seq == 2)
        await relay.stop()
        await until(lambda: client.status.state == "reconnecting")

        keys(qtbot, win, "71s")  # scored against the local preview
        keys(qtbot, win, "2e")
        assert win.band.home.score.text() == "1"
        assert win.away_panel.tiles["a1"].status == "out"
        assert [r.status for r in win.play_model.rows()[-2:]] == ["pending", "pending"]
        assert "reconnecting in" in win.status_line.text()
        assert "2 events queued" in win.status_line.text()
        assert win.band.unconfirmed.text() == "includes 2 events not yet confirmed"

        restarted = Relay(RelayConfig(host="127.0.0.1", port=port, data_dir=data, token=TOKEN))
        await restarted.start()
        try:
            client.retry_now()
            await until(lambda: client.ledger.last_seq == 4 and not client.ledger.pending)
            assert [r.status for r in win.play_model.rows()] == ["accepted"] * 4
            assert win.band.unconfirmed.text() == ""
            assert win.band.home.score.text() == "1"
            await until(lambda: "Connected" in win.status_line.text())
        finally:
            await restarted.stop()
    finally:
        await client.stop()
        outbox.close()


async def test_clock_key_pauses_and_resumes_and_halves_end(
    window: MainWindow, qtbot: QtBot
) -> None:
    client = window.controller.client
    for expected_seq in (2, 3, 4):  # start, pause, resume
        keys(qtbot, window, "c")
        await until(lambda s=expected_seq: client.ledger.last_seq == s)
    texts = [r.text for r in window.play_model.rows()]
    assert texts[-2:] == ["Clock paused", "Clock resumed"]
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    box = window.findChild(QMessageBox)
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    await until(lambda: client.ledger.last_seq == 5)
    assert window.band.phase.text() == "Half-time"
    keys(qtbot, window, "c")  # second half
    await until(lambda: client.ledger.last_seq == 6)
    assert window.band.phase.text() == "2nd half"
    assert client.ledger.confirmed.raiding_team == "away"  # type: ignore[union-attr]


async def test_a_refused_event_is_shown_in_a_banner_and_changes_nothing(
    window: MainWindow, qtbot: QtBot
) -> None:
    client = window.controller.client
    keys(qtbot, window, "c")
    await until(lambda: client.ledger.last_seq == 2)
    # Another scorer's event makes this one stale: #1 of the away team raids, but it is
    # the home team's raid. (Sent directly: the window itself would not offer it.)
    client.submit(raid("a1", "empty"))
    await until(lambda: bool(client.ledger.rejected))
    assert window.notice.isVisible()
    assert "The relay refused" in window.notice.message
    assert "Nothing was recorded" in window.notice.message
    assert client.ledger.last_seq == 2
    assert window.play_model.rows()[-1].status == "rejected"
    qtbot.mouseClick(window.notice, Qt.MouseButton.LeftButton)
    assert not window.notice.isVisible()


async def test_two_digit_jersey_numbers(window: MainWindow, qtbot: QtBot) -> None:
    client = window.controller.client
    keys(qtbot, window, "c")
    client.submit(substitution("h3", "h10"))
    client.submit(substitution("a4", "a11"))
    await until(lambda: client.ledger.last_seq == 4)
    keys(qtbot, window, "1")  # #1 or #10: wait for more
    assert window.controller.draft.raider_id is None
    assert window.raid_panel.typed.text() == "Typed: 1"
    keys(qtbot, window, "0")
    assert window.controller.draft.raider_id == "h10"
    keys(qtbot, window, "11")  # the away team has #1 and #11 on the mat
    assert window.controller.draft.marked == ["a11"]
    keys(qtbot, window, "1")
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert window.controller.draft.marked == ["a11", "a1"]
    keys(qtbot, window, "s")
    await until(lambda: client.ledger.last_seq == 5)
    assert client.ledger.confirmed.away.out_order == ["a11", "a1"]  # type: ignore[union-attr]


async def test_match_buttons_for_clicking_scorers(window: MainWindow, qtbot: QtBot) -> None:
    client = window.controller.client
    buttons = window.match_actions.buttons
    assert buttons["clock"].text() == "Start clock [C]"
    assert not buttons["undo"].isEnabled()  # the setup is not undone from here
    qtbot.mouseClick(buttons["clock"], Qt.MouseButton.LeftButton)
    await until(lambda: client.ledger.last_seq == 2)
    assert buttons["clock"].text() == "Pause clock [C]"
    assert buttons["undo"].isEnabled()
    qtbot.mouseClick(buttons["clock"], Qt.MouseButton.LeftButton)
    await until(lambda: client.ledger.last_seq == 3)
    assert buttons["clock"].text() == "Resume clock [C]"
    qtbot.mouseClick(buttons["undo"], Qt.MouseButton.LeftButton)
    assert window.undo_box is not None
    assert "Clock paused" in window.undo_box.text()
