"""The bundled fonts: loaded at start, and every character the app shows is in them."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from fontTools.ttLib import TTFont
from PySide6.QtGui import QAction, QFontInfo
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from desktop.fonts import MONO_FAMILY, SYMBOLS_FAMILY, UI_FAMILY, font_files, fonts_dir, load_fonts
from desktop.widgets.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
# Where the text the scorer sees comes from: the app, and the rules' words for events.
SOURCES = [
    *sorted((ROOT / "desktop").rglob("*.py")),
    *sorted((ROOT / "relay" / "rules").rglob("*.py")),
]


def character_map() -> set[int]:
    covered: set[int] = set()
    for path in font_files():
        covered |= set(TTFont(path).getBestCmap())
    return covered


def missing(text: str, covered: set[int]) -> set[str]:
    return {c for c in text if ord(c) >= 0x20 and ord(c) not in covered}


def docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def test_the_fonts_and_their_licences_are_bundled() -> None:
    names = {p.name for p in font_files()}
    assert names == {
        "DejaVuSans.ttf",
        "DejaVuSans-Bold.ttf",
        "DejaVuSansMono.ttf",
        "DejaVuSansMono-Bold.ttf",
        "NotoSansSymbols2-Regular.ttf",
    }
    assert "Bitstream Vera" in (fonts_dir() / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert (
        "SIL OPEN FONT LICENSE"
        in (fonts_dir() / "LICENSE-Noto.txt").read_text(encoding="utf-8").upper()
    )


def test_every_character_of_every_string_in_the_app_is_in_the_fonts() -> None:
    covered = character_map()
    assert ord("⏸") in covered  # the paused sign: not in DejaVu, in Noto Sans Symbols 2
    assert ord("⏸") not in set(TTFont(fonts_dir() / "DejaVuSans.ttf").getBestCmap())
    gaps: dict[str, set[str]] = {}
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in skip
            ):
                lacking = missing(node.value, covered)
                if lacking:
                    gaps.setdefault(f"{path.relative_to(ROOT)}:{node.lineno}", set()).update(
                        lacking
                    )
    assert gaps == {}


def visible_texts(root: QWidget) -> list[str]:
    texts = [root.windowTitle()]
    for widget in root.findChildren(QWidget):
        texts.append(widget.toolTip())
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(re.sub(r"<[^>]+>", "", widget.text()))
    texts.extend(a.text() for a in root.findChildren(QAction))
    return texts


async def test_a_scoring_window_draws_with_the_bundled_fonts(window: MainWindow) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    families = load_fonts(app)
    assert {UI_FAMILY, MONO_FAMILY, SYMBOLS_FAMILY} <= set(families)
    assert app.font().families()[:2] == [UI_FAMILY, SYMBOLS_FAMILY]
    window.help.toggle()  # the help overlay's text, keys included
    window.setStyleSheet("")  # re-polish with the application font now loaded
    window.band.clock.ensurePolished()
    assert window.band.clock.font().families() == [MONO_FAMILY, SYMBOLS_FAMILY]  # not monospace
    assert QFontInfo(window.band.clock.font()).family() == MONO_FAMILY
    covered = character_map()
    texts = visible_texts(window)
    assert any("Keyboard shortcuts" in t for t in texts)
    assert any("·" in t or "—" in t for t in texts)  # signs are there to check
    lacking = {c for text in texts for c in missing(text, covered)}
    assert lacking == set()
