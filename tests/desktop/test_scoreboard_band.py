"""A stopped match clock is unmistakable, and drawn with signs every font has."""

from __future__ import annotations

from desktop_helpers import until
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop.stamps import new_event_id
from desktop.widgets.main_window import MainWindow
from desktop.widgets.scoreboard_band import ScoreboardBand
from relay.rules.events import Clock, Timeout


def missing_glyphs(label: QLabel) -> set[str]:
    metrics = QFontMetrics(label.font())
    return {ch for ch in label.text() if not metrics.inFontUcs4(ord(ch))}


async def test_a_paused_clock_says_so_in_colour_and_words(window: MainWindow) -> None:
    client = window.controller.client
    band = window.band
    client.submit(Clock(client_event_id=new_event_id(), action="start"))
    await until(lambda: client.ledger.last_seq == 2)
    assert not band.pause_sign.isVisible()
    assert not band.stopped.isVisible()
    running_style = band.clock.styleSheet()
    client.submit(Clock(client_event_id=new_event_id(), action="pause"))
    await until(lambda: client.ledger.last_seq == 3)
    assert band.stopped.isVisible()
    assert band.stopped.text() == "PAUSED"
    assert band.pause_sign.isVisible()
    assert band.clock.styleSheet() != running_style  # coloured while stopped
    for label in (band.clock, band.stopped, band.phase):
        assert missing_glyphs(label) == set(), label.objectName()


async def test_a_timeout_counts_down_on_the_band(window: MainWindow, qtbot: QtBot) -> None:
    client = window.controller.client
    client.submit(Clock(client_event_id=new_event_id(), action="start"))
    client.submit(Timeout(client_event_id=new_event_id(), team="away"))
    await until(lambda: client.ledger.last_seq == 3)
    taken_at = client.ledger.log[-1].event.at
    assert taken_at is not None
    assert window.band.pause_sign.isVisible()
    assert window.band.stopped.text().startswith("TIMEOUT BEN")
    now = [taken_at + 12_000]
    band = ScoreboardBand(window.scoreboard_model, lambda: now[0])
    qtbot.addWidget(band)
    band.refresh()
    assert band.stopped.text() == "TIMEOUT BEN · 00:18"
    now[0] = taken_at + 31_000
    band.refresh()
    assert band.stopped.text() == "TIMEOUT BEN over: resume (C)"
    assert missing_glyphs(band.stopped) == set()
    client.submit(Clock(client_event_id=new_event_id(), action="resume"))
    await until(lambda: client.ledger.last_seq == 4)
    band.refresh()
    assert band.stopped.text() == ""
