"""A player tile: number, name, status and points in words."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.widgets.player_tile import PlayerTile
from relay.rules.state import PlayerState, PlayerStats


def test_points_are_counted_in_words(qtbot: QtBot) -> None:
    one = PlayerState(id="h7", name="Sajin", number=7, status="onCourt")
    tile = PlayerTile(one)
    qtbot.addWidget(tile)
    assert tile.text() == "7  Sajin\nOn the mat   0 pts"
    scored = one.model_copy(update={"stats": PlayerStats(raid_points=1)})
    tile.show_player(scored, None, "")
    assert tile.text() == "7  Sajin\nOn the mat   1 pt"
    more = one.model_copy(update={"stats": PlayerStats(raid_points=1, tackle_points=1)})
    tile.show_player(more, None, "")
    assert tile.text() == "7  Sajin\nOn the mat   2 pts"
