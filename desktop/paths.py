"""Where the scorer app keeps its files: the user's data directory, shared with the relay."""

from __future__ import annotations

from pathlib import Path

from relay.paths import default_data_dir


def data_dir() -> Path:
    path = default_data_dir()
    path.mkdir(parents=True, exist_ok=True)
    return path


def outbox_path(base: Path | None = None) -> Path:
    return (base or data_dir()) / "scorer-outbox.sqlite3"
