"""Files only their owner may read: the scorer token, the owned relay's secret.

On Linux and macOS that is mode 0600. On Windows the mode bits do nothing (``chmod``
sets or clears the read-only flag and no more): who may read a file is its access
control list, inherited from the folder. The default data directory is under the
user's profile (``%LOCALAPPDATA%``), which only the user, SYSTEM and administrators
can read; a data directory elsewhere (``--data-dir D:\\kabaddi``) inherits whatever
that folder allows, often every user of the machine. So on Windows the file's
inherited entries are removed and its owner alone is given access, with ``icacls``.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

OWNER_RIGHTS = "*S-1-3-4"  # the well-known SID of whoever owns the file


def restrict_command(path: Path) -> list[str]:
    """icacls: drop inherited entries, then full control for the file's owner alone."""
    return ["icacls", str(path), "/inheritance:r", "/grant:r", f"{OWNER_RIGHTS}:(F)"]


def make_private(
    path: Path,
    platform: str = sys.platform,
    run: Callable[[list[str]], subprocess.CompletedProcess[str]] | None = None,
) -> bool:
    """Let only the owner read ``path``; False (and a warning) when it could not be done."""
    if platform != "win32":
        os.chmod(path, 0o600)
        return True
    runner = run or _run_icacls
    try:
        done = runner(restrict_command(path))
    except OSError as exc:
        log.warning("could not restrict who may read %s: %s", path, exc)
        return False
    if done.returncode != 0:
        log.warning(
            "could not restrict who may read %s: icacls said %s",
            path,
            (done.stdout + done.stderr).strip(),
        )
        return False
    return True


def _run_icacls(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
    )
