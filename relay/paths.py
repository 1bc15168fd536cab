"""Where the relay finds its files: the bundled resources and the user's data directory."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

APP_NAME = "kabaddi-live"


def resources_dir() -> Path:
    """The ``resources/`` folder: next to the package, or inside a frozen PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def viewer_dir() -> Path:
    return resources_dir() / "viewer"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
