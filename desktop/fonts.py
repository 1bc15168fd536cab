"""The fonts the app draws with: bundled in ``resources/fonts`` and loaded at start.

Windows and macOS have no DejaVu and no ``monospace`` family, and not every system
font has the signs the app shows, so the app brings its own fonts. Every family list
ends with the symbols font, which has what DejaVu lacks (⏸ …).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from relay.paths import resources_dir

log = logging.getLogger(__name__)

UI_FAMILY = "DejaVu Sans"
MONO_FAMILY = "DejaVu Sans Mono"
SYMBOLS_FAMILY = "Noto Sans Symbols2"  # the family name the file declares
UI_FAMILIES = [UI_FAMILY, SYMBOLS_FAMILY]
MONO_FAMILIES = [MONO_FAMILY, SYMBOLS_FAMILY]
# For style sheets: ``font-family: {MONO_CSS};``
MONO_CSS = f"'{MONO_FAMILY}', '{SYMBOLS_FAMILY}'"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def font_files() -> list[Path]:
    return sorted(fonts_dir().glob("*.ttf"))


def load_fonts(app: QGuiApplication) -> list[str]:
    """Register the bundled fonts and make DejaVu Sans the app's font; the families loaded."""
    families: list[str] = []
    for path in font_files():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.error("could not load the bundled font %s", path)
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    if UI_FAMILY in families:
        font = QFont(app.font())
        font.setFamilies(UI_FAMILIES)
        app.setFont(font)
    else:
        log.error("the bundled fonts are missing from %s: signs may show as boxes", fonts_dir())
    return sorted(set(families))


def mono_font(pixel_size: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(MONO_FAMILIES)
    font.setPixelSize(pixel_size)
    font.setBold(bold)
    return font
