"""⌘Q, the Dock's Quit and a logout on macOS: the same shutdown as closing the window.

macOS asks the application, not a window, to quit; Qt turns that into a Quit event for
the application, and left alone Qt would stop the event loop under the app's feet
(no prompt about unsent events, no question whether to keep the hosted relay). This
filter turns that event into a close of the app's window, which does all of that.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject


class QuitAsClose(QObject):
    def __init__(self, close: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._close = close

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Quit:
            self._close()
            return True  # the window's close decides; the loop goes on until then
        return False
