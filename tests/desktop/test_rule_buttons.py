"""The raid buttons are enabled exactly when the rules engine accepts the action."""

from __future__ import annotations

import pytest
from desktop_helpers import raid, start_clock, until
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.stamps import new_event_id, now_ms
from desktop.widgets.main_window import MainWindow
from relay.rules import RuleError, apply
from relay.rules.events import Timeout


def engine_accepts(window: MainWindow, action: str) -> bool:
    draft = window.controller.draft
    event = draft.build_start() if action == "raidStart" else draft.build(action)  # type: ignore[arg-type]
    try:
        apply(window.client.ledger.preview, event, now_ms())
    except RuleError:
        return False
    return True


def assert_buttons_match_rules(window: MainWindow) -> None:
    for action in ("successful", "unsuccessful", "empty", "raidStart"):
        button = window.raid_panel.buttons[action]
        assert button.isEnabled() == engine_accepts(window, action), action


async def test_buttons_follow_the_rules(window: MainWindow, qtbot: QtBot) -> None:
    buttons = window.raid_panel.buttons
    # No raider picked: every outcome is disabled and says why.
    assert not buttons["successful"].isEnabled()
    assert "Pick the raider" in buttons["successful"].toolTip()

    # Clock not started: the engine refuses raids, and the tooltip carries its reason.
    qtbot.mouseClick(window.home_panel.tiles["h1"], Qt.MouseButton.LeftButton)
    assert not buttons["successful"].isEnabled()
    assert "clock" in buttons["successful"].toolTip()
    assert_buttons_match_rules(window)

    window.client.submit(start_clock())
    window.client.submit(raid("h1", touched=("a1", "a2")))
    window.client.submit(raid("a3", "empty"))
    await until(lambda: window.client.ledger.last_seq == 4)
    # Five defenders on the mat: no bonus (PKL needs six).
    qtbot.keyClicks(window, "2")
    assert window.controller.draft.raider_id == "h2"
    assert_buttons_match_rules(window)
    assert not buttons["bonus"].isEnabled()
    assert "6 defenders" in buttons["bonus"].toolTip()
    qtbot.keyClicks(window, "b")  # the key is refused too
    assert not window.controller.draft.bonus
    assert "No bonus" in window.raid_panel.hint.text()

    # A bonus on six defenders is fine for the other side.
    qtbot.keyClicks(window, "e")
    await until(lambda: window.client.ledger.last_seq == 5)
    qtbot.keyClicks(window, "4")
    assert buttons["bonus"].isEnabled()
    qtbot.keyClicks(window, "b")
    assert window.controller.draft.bonus
    assert_buttons_match_rules(window)


async def test_match_buttons_follow_the_rules(window: MainWindow) -> None:
    buttons = window.match_actions.buttons
    # Before the clock starts there is no half to end and no timeout to take.
    assert not buttons["endHalf"].isEnabled()
    assert not buttons["timeout"].isEnabled()
    assert buttons["timeout"].toolTip()
    assert buttons["technical"].isEnabled()

    window.client.submit(start_clock())
    await until(lambda: window.client.ledger.last_seq == 2)
    assert buttons["endHalf"].isEnabled()
    assert buttons["timeout"].isEnabled()

    # Both teams use their two timeouts of the half: the button says why it is off.
    for side in ("home", "away", "home", "away"):
        window.client.submit(Timeout(client_event_id=new_event_id(), team=side))
    await until(lambda: window.client.ledger.last_seq == 6)
    assert not buttons["timeout"].isEnabled()
    reason = buttons["timeout"].toolTip()
    with pytest.raises(RuleError) as refused:
        apply(window.client.ledger.preview, Timeout(client_event_id="x", team="home"), now_ms())
    assert refused.value.message in reason
