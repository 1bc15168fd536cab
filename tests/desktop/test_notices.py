"""Messages belong to the action that caused them: they clear when the match moves on,
and success is not shown as an error."""

from __future__ import annotations

from desktop_helpers import raid, start_clock, until
from pytestqt.qtbot import QtBot

from desktop.widgets.main_window import MainWindow
from desktop.widgets.notice_banner import STYLES


async def test_a_refusal_clears_once_the_raid_is_recorded(window: MainWindow, qtbot: QtBot) -> None:
    client = window.controller.client
    client.submit(start_clock())
    client.submit(raid("h1", touched=("a1", "a2")))
    client.submit(raid("a3", "empty"))
    await until(lambda: client.ledger.last_seq == 4)
    qtbot.keyClicks(window, "2b")  # five defenders on the mat: no bonus
    assert window.notice.isVisible()
    assert window.notice.message.startswith("No bonus")
    assert window.notice.kind == "refusal"
    qtbot.keyClicks(window, "e")
    await until(lambda: client.ledger.last_seq == 5)
    assert not window.notice.isVisible()
    assert window.notice.message == ""


async def test_a_refused_substitution_message_goes_when_one_succeeds(
    window: MainWindow, qtbot: QtBot
) -> None:
    client = window.controller.client
    window.controller.substitution("h1", "a10")  # the other team's bench: refused here
    assert window.notice.kind == "refusal"
    refused = window.notice.message
    assert refused
    assert window.controller.substitution("h1", "h9")
    await until(lambda: client.ledger.last_seq == 2)
    assert window.notice.message == ""


async def test_a_changed_raid_clears_the_refusal_of_the_one_before(
    window: MainWindow, qtbot: QtBot
) -> None:
    qtbot.keyClicks(window, "2s")  # the clock is not running
    assert window.notice.kind == "refusal"
    qtbot.keyClicks(window, "3")  # a new raider: the refusal was about the other raid
    assert window.notice.message == ""


async def test_success_is_green_and_problems_stay_until_dismissed(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.show_done("Exported /tmp/m.csv")
    assert window.notice.kind == "success"
    assert STYLES["success"] in window.notice.styleSheet()
    assert "#B00020" not in window.notice.styleSheet()
    window.warn("The relay says: disk full")
    client = window.controller.client
    client.submit(start_clock())
    await until(lambda: client.ledger.last_seq == 2)
    assert window.notice.message == "The relay says: disk full"
    assert "#B00020" in window.notice.styleSheet()


async def test_a_long_message_keeps_to_one_line_and_shows_whole_in_the_tooltip(
    window: MainWindow, qtbot: QtBot
) -> None:
    height = window.notice.height()
    long = "The relay refused “Pardeep (PAT) raids: 1 touch point”: " + "a reason " * 40
    window.warn(long)
    assert window.notice.message == long
    assert window.notice.text().endswith("…")
    assert long in window.notice.toolTip()
    assert window.notice.height() == height
