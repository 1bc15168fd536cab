"""The share panel of a hosted match: on top of the setup dialog, usable while it is open."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from desktop_helpers import until
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from desktop.app import ScorerApp


class BlockWatch(QObject):
    """Whether Qt's modality blocks a window: it says so with WindowBlocked/Unblocked."""

    def __init__(self, watched: QObject) -> None:
        super().__init__()
        self.blocked = False
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowBlocked:
            self.blocked = True
        elif event.type() == QEvent.Type.WindowUnblocked:
            self.blocked = False
        return False


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[ScorerApp]:
    scorer_app = ScorerApp(tmp_path / "data", host_address="127.0.0.1")
    yield scorer_app
    await scorer_app.shutdown()


async def test_share_panel_works_while_the_setup_dialog_is_open(
    app: ScorerApp, qtbot: QtBot
) -> None:
    watches: list[BlockWatch] = []
    app.joinPanelShown.connect(lambda panel: watches.append(BlockWatch(panel)))
    await app.host("Asha", 0)
    await until(lambda: app.setup_dialog is not None and app.setup_dialog.isVisible())
    panel = app.join_panel
    assert panel is not None
    assert panel.isVisible()
    assert watches
    assert not watches[-1].blocked  # the modal setup dialog does not block it
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(panel.copy_buttons["token"], Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == app.details.token  # type: ignore[union-attr]
    qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    assert not panel.isVisible()
    assert app.setup_dialog is not None
    assert app.setup_dialog.isVisible()
