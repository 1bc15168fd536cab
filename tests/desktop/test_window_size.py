"""The scoring window fits a 1366×768 laptop and a 1080p screen at 150 % scaling."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from desktop.fonts import load_fonts
from desktop.widgets.main_window import START_SIZE, MainWindow
from desktop.window_size import start_size

ROOT = Path(__file__).resolve().parents[2]
# Available geometry (screen less the taskbar) in Qt's logical pixels.
LAPTOP_1366 = QSize(1366, 728)  # 768 less a 40-pixel taskbar
FULL_HD_150 = QSize(1280, 680)  # 1920×1080 at 150 %: 1280×720, less the taskbar
FULL_HD_100 = QSize(1920, 1040)


def test_start_size_on_each_screen() -> None:
    assert start_size(START_SIZE, FULL_HD_100) == QSize(1280, 800)
    assert start_size(START_SIZE, LAPTOP_1366) == QSize(1280, 689)
    assert start_size(START_SIZE, FULL_HD_150) == QSize(1264, 641)


@pytest.mark.parametrize("available", [LAPTOP_1366, FULL_HD_150], ids=["1366x768", "1080p@150"])
async def test_the_scoring_window_can_be_that_small(window: MainWindow, available: QSize) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    load_fonts(app)  # sizes as the installed app has them, with its own fonts
    window.setStyleSheet("")
    size = start_size(START_SIZE, available)
    window.resize(size)
    QApplication.processEvents()
    assert window.size() == size, f"the window's minimum is {window.minimumSizeHint()}"


def open_on(screen: dict[str, object], tmp_path: Path) -> dict[str, list[int]]:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "test", "x": 0, "y": 0, **screen}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    done = subprocess.run(
        [sys.executable, str(Path(__file__).parent / "window_on_screen.py")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, list[int]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize(
    ("screen", "expected"),
    [
        ({"width": 1366, "height": 768, "logicalDpi": 96, "dpr": 1}, [1280, 729]),
        # 1920×1080 at 150 %: Qt lays out in 1280×720 logical pixels
        (
            {"width": 1920, "height": 1080, "logicalDpi": 144, "logicalBaseDpi": 96, "dpr": 1.5},
            [1264, 681],
        ),
    ],
    ids=["1366x768", "1080p@150"],
)
def test_it_opens_within_the_screen(
    screen: dict[str, object], expected: list[int], tmp_path: Path
) -> None:
    placed = open_on(screen, tmp_path)
    assert placed["size"] == expected
    x, y, width, height = placed["frame"]
    ax, ay, available_width, available_height = placed["available"]
    assert ax <= x
    assert x + width <= ax + available_width
    assert ay <= y
    assert y + height <= ay + available_height
