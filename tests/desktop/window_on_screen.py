"""Open the scoring window on the screen QT_QPA_PLATFORM describes; print where it went.

Run by tests/desktop/test_window_size.py in a process of its own: the offscreen
platform's screen size is fixed when the QApplication starts.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop.client import ScorerClient
from desktop.fonts import load_fonts
from desktop.outbox import Outbox
from desktop.scoring import ScoringController
from desktop.widgets.main_window import MainWindow


def main() -> int:
    app = QApplication(sys.argv[:1])
    load_fonts(app)
    with tempfile.TemporaryDirectory() as tmp:
        outbox = Outbox(Path(tmp) / "outbox.sqlite3")
        window = MainWindow(ScoringController(ScorerClient(outbox, client_id="size")))
        window.show()
        app.processEvents()
        available = window.screen().availableGeometry()
        frame = window.frameGeometry()
        print(
            json.dumps(
                {
                    "available": [
                        available.x(),
                        available.y(),
                        available.width(),
                        available.height(),
                    ],
                    "size": [window.width(), window.height()],
                    "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
                    "minimum": [
                        window.minimumSizeHint().width(),
                        window.minimumSizeHint().height(),
                    ],
                }
            )
        )
        window.close()
        outbox.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
