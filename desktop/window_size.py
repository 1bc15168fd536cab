"""A window's first size: as asked, but never bigger than the screen it opens on.

1280×800 is taller than a 1366×768 laptop (728 pixels above the taskbar) and than a
1080p screen at 150 % scaling (1280×720 logical pixels). Qt gives the available
geometry (the screen less the taskbar or dock) in the same logical pixels as widget
sizes, so scaling needs no arithmetic here.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QWidget

# The window manager's title bar and borders, which the available geometry must hold
# too (Windows 10/11 at 100 %: a 31-pixel title bar, 8-pixel borders).
FRAME = QSize(16, 39)


def start_size(preferred: QSize, available: QSize, frame: QSize = FRAME) -> QSize:
    return QSize(
        min(preferred.width(), available.width() - frame.width()),
        min(preferred.height(), available.height() - frame.height()),
    )


def fit_to_screen(window: QWidget, preferred: QSize) -> QSize:
    """Resize ``window`` to ``preferred`` or what its screen has room for; centred."""
    available: QRect = window.screen().availableGeometry()
    size = start_size(preferred, available.size())
    window.resize(size)
    window.move(
        available.x() + max(0, (available.width() - size.width() - FRAME.width()) // 2),
        available.y() + max(0, (available.height() - size.height() - FRAME.height()) // 2),
    )
    return size
