"""A timer that runs only while its widget is shown.

Countdowns (match clock, raid clock, suspensions, reconnect) redraw on a timer; a hidden
or closing widget must not keep one running.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class VisibleTicker(QObject):
    """Calls ``tick`` every ``interval_ms`` while ``widget`` is shown."""

    def __init__(self, widget: QWidget, interval_ms: int, tick: Callable[[], object]) -> None:
        super().__init__(widget)
        self.widget = widget
        self.interval_ms = interval_ms
        self.tick = tick
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(tick)
        widget.installEventFilter(self)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            self._timer.start()
        elif event.type() == QEvent.Type.Hide:
            self._timer.stop()
        return False
