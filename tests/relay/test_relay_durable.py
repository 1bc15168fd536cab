"""Every SQLite file commits to the disk; on macOS through the drive's cache too."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from relay.durable import make_durable


def pragma(db: sqlite3.Connection, name: str) -> object:
    return db.execute(f"PRAGMA {name}").fetchone()[0]


def test_macos_gets_full_fsync_for_commits_and_checkpoints(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "mac.sqlite3", isolation_level=None)
    try:
        make_durable(db, platform="darwin")
        assert pragma(db, "journal_mode") == "wal"
        assert pragma(db, "synchronous") == 2  # FULL
        assert pragma(db, "fullfsync") == 1
        assert pragma(db, "checkpoint_fullfsync") == 1
    finally:
        db.close()


def test_other_platforms_keep_sqlite_s_default_sync(tmp_path: Path) -> None:
    for platform in ("linux", "win32"):
        db = sqlite3.connect(tmp_path / f"{platform}.sqlite3", isolation_level=None)
        try:
            make_durable(db, platform=platform)
            assert pragma(db, "synchronous") == 2
            assert pragma(db, "fullfsync") == 0
        finally:
            db.close()
