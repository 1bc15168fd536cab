"""The scorer app's log: a rotating file in the data directory, whatever the console.

A windowed executable (the installed app on Windows and macOS) has no stdout or
stderr: without this file its warnings, errors and crashes would go nowhere. Help →
Open log folder shows the folder. The hosted relay writes its own log beside the
match data (``relay/relay.log``; see :mod:`desktop.relay_child`).
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path
from types import TracebackType

LOG_FOLDER = "logs"
LOG_FILE = "scorer.log"
MAX_BYTES = 1024 * 1024
BACKUPS = 4  # scorer.log.1 … scorer.log.4: five files of 1 MiB at most
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

log = logging.getLogger(__name__)


def log_folder(data_dir: Path) -> Path:
    return data_dir / LOG_FOLDER


def install_log_file(data_dir: Path, level: int = logging.INFO) -> Path:
    """Send the app's log to a rotating file (and stderr when there is one); its path.

    Uncaught exceptions are logged too: a windowed app has nowhere else to show them.
    """
    folder = log_folder(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE
    remove_log_file()
    root = logging.getLogger()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.kabaddi_log_file = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    if sys.stderr is not None and not any(
        isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler)
        for h in root.handlers
    ):
        console = logging.StreamHandler(sys.stderr)
        console.setFormatter(logging.Formatter(FORMAT))
        console.kabaddi_log_file = True  # type: ignore[attr-defined]
        root.addHandler(console)
    root.setLevel(min(root.level or level, level))
    sys.excepthook = _log_uncaught
    return path


def remove_log_file() -> None:
    """Undo :func:`install_log_file` (the log handlers and the exception hook)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "kabaddi_log_file", False):
            root.removeHandler(handler)
            handler.close()
    if sys.excepthook is _log_uncaught:
        sys.excepthook = sys.__excepthook__


def _log_uncaught(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    log.critical("uncaught exception", exc_info=(kind, exc, tb))
