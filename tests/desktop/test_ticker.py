"""Countdown timers run only while their widget is shown."""

from __future__ import annotations

from desktop_helpers import until
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.ticker import VisibleTicker


async def test_ticks_only_while_shown(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    ticks: list[None] = []
    ticker = VisibleTicker(widget, 10, lambda: ticks.append(None))
    assert not ticker.running

    widget.show()
    assert ticker.running
    await until(lambda: len(ticks) >= 2)

    widget.hide()
    assert not ticker.running
