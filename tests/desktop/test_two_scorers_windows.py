"""Two scoring windows (two clients) on one relay see each other's events live."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from desktop_helpers import TOKEN, until
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.client import JoinTarget, ScorerClient
from desktop.outbox import Outbox
from desktop.scoring import ScoringController
from desktop.widgets.main_window import MainWindow
from relay.rules.demo import demo_setup
from relay.server import Relay


@pytest.fixture
async def open_window(
    relay: Relay, tmp_path: Path, qtbot: QtBot
) -> AsyncIterator[Callable[[str], MainWindow]]:
    opened: list[tuple[ScorerClient, Outbox]] = []

    def open_for(name: str) -> MainWindow:
        outbox = Outbox(tmp_path / f"{name}.sqlite3")
        client = ScorerClient(outbox, client_id=f"desk-{name}")
        window = MainWindow(ScoringController(client))
        qtbot.addWidget(window)
        window.show()
        client.join(JoinTarget(relay.url, "final", TOKEN, name))
        opened.append((client, outbox))
        return window

    yield open_for
    for client, outbox in opened:
        await client.stop()
        outbox.close()


async def test_two_windows_end_with_identical_state(
    open_window: Callable[[str], MainWindow], qtbot: QtBot
) -> None:
    asha, ravi = open_window("Asha"), open_window("Ravi")
    await until(
        lambda: (
            asha.controller.client.status.state
            == ravi.controller.client.status.state
            == "connected"
        )
    )
    asha.controller.setup(demo_setup())
    await until(lambda: ravi.controller.client.ledger.last_seq == 1)
    qtbot.keyClicks(ravi, "c")  # Ravi starts the clock
    await until(lambda: asha.controller.client.ledger.last_seq == 2)
    qtbot.keyClicks(asha, "7")
    qtbot.keyClicks(asha, "1")
    qtbot.keyClicks(asha, "s")  # Asha: #7 touches #1
    await until(lambda: ravi.controller.client.ledger.last_seq == 3)
    qtbot.mouseClick(ravi.away_panel.tiles["a4"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(ravi.home_panel.tiles["h2"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(ravi.raid_panel.buttons["unsuccessful"], Qt.MouseButton.LeftButton)
    await until(
        lambda: (
            asha.controller.client.ledger.last_seq == ravi.controller.client.ledger.last_seq == 4
        )
    )

    assert asha.controller.client.ledger.confirmed == ravi.controller.client.ledger.confirmed
    for window in (asha, ravi):
        rows = window.play_model.rows()
        assert [(r.seq, r.by) for r in rows] == [(1, "Asha"), (2, "Ravi"), (3, "Asha"), (4, "Ravi")]
        assert window.band.home.score.text() == "2"  # touch point + tackle point
        assert window.band.away.score.text() == "0"
    await until(
        lambda: "Asha (you)" in asha.status_line.text() and "Ravi" in asha.status_line.text()
    )
    await until(
        lambda: "Ravi (you)" in ravi.status_line.text() and "Asha" in ravi.status_line.text()
    )
    assert "Viewers: 0" in ravi.status_line.text()
