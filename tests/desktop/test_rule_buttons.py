"""The raid and match buttons are enabled when the rules allow the action, and say why not."""

from __future__ import annotations

from desktop_helpers import raid, start_clock, until
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.stamps import new_event_id
from desktop.widgets.main_window import MainWindow
from relay.rules.events import Timeout


def enabled(window: MainWindow) -> set[str]:
    buttons = window.raid_panel.buttons
    actions = ("successful", "unsuccessful", "empty", "raidStart", "bonus")
    return {action for action in actions if buttons[action].isEnabled()}


async def test_buttons_follow_the_rules(window: MainWindow, qtbot: QtBot) -> None:
    buttons = window.raid_panel.buttons
    # No raider picked: every outcome is disabled and says why.
    assert not buttons["successful"].isEnabled()
    assert "Pick the raider" in buttons["successful"].toolTip()

    # Clock not started: the engine refuses raids, and the tooltip carries its reason.
    qtbot.mouseClick(window.home_panel.tiles["h1"], Qt.MouseButton.LeftButton)
    assert enabled(window) == set()
    assert "clock" in buttons["successful"].toolTip()

    window.controller.client.submit(start_clock())
    window.controller.client.submit(raid("h1", touched=("a1", "a2")))
    window.controller.client.submit(raid("a3", "empty"))
    await until(lambda: window.controller.client.ledger.last_seq == 4)
    # Five defenders on the mat: no bonus (PKL needs six).
    qtbot.keyClicks(window, "2")
    assert window.controller.draft.raider_id == "h2"
    # Nobody marked: a successful raid needs a touch (or a bonus, which is off here).
    assert enabled(window) == {"unsuccessful", "empty", "raidStart"}
    assert "needs a touch" in buttons["successful"].toolTip()
    assert "6 defenders" in buttons["bonus"].toolTip()
    qtbot.keyClicks(window, "b")  # the key is refused too
    assert not window.controller.draft.bonus
    assert "No bonus" in window.notice.message

    # A bonus on six defenders is fine for the other side.
    qtbot.keyClicks(window, "e")
    await until(lambda: window.controller.client.ledger.last_seq == 5)
    qtbot.keyClicks(window, "4")
    assert enabled(window) == {"unsuccessful", "empty", "raidStart", "bonus"}
    qtbot.keyClicks(window, "b")
    assert window.controller.draft.bonus
    # With the bonus a raid is successful even without a touch, and no longer empty.
    assert enabled(window) == {"successful", "unsuccessful", "raidStart", "bonus"}
    assert "not empty" in buttons["empty"].toolTip()


async def test_match_buttons_follow_the_rules(window: MainWindow) -> None:
    buttons = window.match_actions.buttons
    # Before the clock starts there is no half to end and no timeout to take.
    assert not buttons["endHalf"].isEnabled()
    assert not buttons["timeout"].isEnabled()
    assert buttons["timeout"].toolTip()
    assert buttons["technical"].isEnabled()

    window.controller.client.submit(start_clock())
    await until(lambda: window.controller.client.ledger.last_seq == 2)
    assert buttons["endHalf"].isEnabled()
    assert buttons["timeout"].isEnabled()

    # Both teams use their two timeouts of the half: the button says why it is off.
    for side in ("home", "away", "home", "away"):
        window.controller.client.submit(Timeout(client_event_id=new_event_id(), team=side))
    await until(lambda: window.controller.client.ledger.last_seq == 6)
    assert not buttons["timeout"].isEnabled()
    reason = buttons["timeout"].toolTip()
    assert "Patna Pirates have no timeouts left in this half." in reason
    assert "Bengaluru Bulls have no timeouts left in this half." in reason
