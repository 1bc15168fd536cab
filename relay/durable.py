"""How every SQLite file of the product is opened: WAL, and commits that reach the disk.

``synchronous=FULL`` makes SQLite call fsync at each commit. On macOS fsync only hands
the data to the drive, whose cache may still lose it in a power cut; F_FULLFSYNC
flushes that cache too, and SQLite uses it only when ``fullfsync`` (commits) and
``checkpoint_fullfsync`` (WAL checkpoints) are on. Elsewhere they change nothing.
"""

from __future__ import annotations

import sqlite3
import sys


def durability_pragmas(platform: str = sys.platform) -> list[str]:
    pragmas = ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL"]
    if platform == "darwin":
        pragmas += ["PRAGMA fullfsync=ON", "PRAGMA checkpoint_fullfsync=ON"]
    return pragmas


def make_durable(db: sqlite3.Connection, platform: str = sys.platform) -> None:
    for pragma in durability_pragmas(platform):
        db.execute(pragma)
