"""The scoring window's layout does not move during play: fixed places, fixed sizes, and
the newest play-by-play row always in view. Measured on a real window (offscreen)."""

from __future__ import annotations

from desktop_helpers import raid, start_clock, until
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.stamps import new_event_id
from desktop.widgets.main_window import MainWindow
from relay.rules.events import Card, Substitution, Technical


def place(window: MainWindow, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def layout(window: MainWindow) -> dict[str, QRect]:
    """Where everything a scorer aims at is, in window coordinates."""
    places = {
        "raid_panel": place(window, window.raid_panel),
        "match_actions": place(window, window.match_actions),
        "play_by_play": place(window, window.play_view),
        **{f"raid_{n}": place(window, b) for n, b in window.raid_panel.buttons.items()},
        **{f"match_{n}": place(window, b) for n, b in window.match_actions.buttons.items()},
    }
    for panel in (window.home_panel, window.away_panel):
        places.update({f"tile_{pid}": place(window, t) for pid, t in panel.tiles.items()})
    return places


def moved(before: dict[str, QRect], after: dict[str, QRect]) -> dict[str, tuple[QRect, QRect]]:
    return {k: (before[k], after.get(k, QRect())) for k in before if before[k] != after.get(k)}


async def settle(qtbot: QtBot) -> None:
    """Run what Qt has queued (layout requests, the scroll to the newest row); no sleeping."""
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


async def test_nothing_moves_across_raids_substitutions_and_cards(
    window: MainWindow, qtbot: QtBot
) -> None:
    client = window.controller.client
    window.resize(1280, 800)
    client.submit(start_clock())
    await until(lambda: client.ledger.last_seq == 2)
    await settle(qtbot)
    before = layout(window)

    qtbot.keyClicks(window, "7")  # a raider picked
    await settle(qtbot)
    assert moved(before, layout(window)) == {}
    qtbot.keyClicks(window, "34b")  # defenders marked, bonus on
    await settle(qtbot)
    assert window.controller.draft.bonus
    assert moved(before, layout(window)) == {}
    qtbot.keyClicks(window, "s")  # two defenders go out
    await until(lambda: client.ledger.last_seq == 3)
    await settle(qtbot)
    assert moved(before, layout(window)) == {}

    client.submit(Substitution(client_event_id=new_event_id(), out_id="h2", in_id="h9"))
    client.submit(Card(client_event_id=new_event_id(), player_id="a6", color="yellow"))
    await until(lambda: client.ledger.last_seq == 5)
    await settle(qtbot)
    assert window.away_panel.tiles["a6"].text().split("\n")[1].startswith("Suspended · ")
    assert moved(before, layout(window)) == {}
    window.controller.substitution("h1", "a10")  # refused: a message in the notice line
    await settle(qtbot)
    assert window.notice.isVisible()
    assert moved(before, layout(window)) == {}


async def test_the_newest_play_by_play_row_is_always_whole(
    window: MainWindow, qtbot: QtBot
) -> None:
    client = window.controller.client
    client.submit(start_clock())
    reason = "The raiding team did not send its raider in within the five seconds allowed"
    for i in range(24):  # long lines, which used to wrap onto rows of their own heights
        side = "home" if i % 2 else "away"
        client.submit(Technical(client_event_id=new_event_id(), team=side, points=1, reason=reason))
    await until(lambda: client.ledger.last_seq == 26)
    # Then a refusal, whose long reason used to widen the table past its scroll bar.
    client.submit(raid("h1" if client.ledger.confirmed.raiding_team == "away" else "a1", "empty"))  # type: ignore[union-attr]
    await until(lambda: bool(client.ledger.rejected))
    await settle(qtbot)
    view = window.play_view
    model = view.model()
    last = model.rowCount() - 1
    assert window.play_model.rows()[last].status == "rejected"
    viewport = view.viewport().rect()
    for column in range(model.columnCount()):
        cell = view.visualRect(model.index(last, column))
        assert viewport.contains(cell), (column, cell, viewport)
    assert not view.horizontalScrollBar().isVisible()
