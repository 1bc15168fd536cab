"""Help → About shows the version that pyproject.toml gives."""

from __future__ import annotations

import tomllib
from pathlib import Path

from desktop.widgets.about_box import AboutBox, about_text
from desktop.widgets.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


def test_about_names_the_version_and_the_data_dir(tmp_path: Path) -> None:
    text = about_text(tmp_path)
    assert f"Kabaddi Live Scorer {project_version()}" in text
    assert str(tmp_path) in text


async def test_help_menu_has_about(window: MainWindow) -> None:
    labels = [
        action.text().split("\t")[0]
        for menu_action in window.menuBar().actions()
        if menu_action.menu() is not None
        for action in menu_action.menu().actions()  # type: ignore[union-attr]
    ]
    assert "About Kabaddi Live Scorer" in labels


async def test_about_box_opens_without_blocking(window: MainWindow) -> None:
    box = AboutBox(window)
    box.open()
    assert box.isVisible()
    assert project_version() in box.text()
    box.accept()
