"""Where the scorer app keeps its files: the user's data directory."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "kabaddi-live"


def data_dir() -> Path:
    path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def outbox_path(base: Path | None = None) -> Path:
    return (base or data_dir()) / "scorer-outbox.sqlite3"
