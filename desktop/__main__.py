"""``kabaddi-scorer`` / ``python -m desktop``: the scorer app.

``--version`` says the version; ``--self-test`` runs an end-to-end check. Both answer
on the console, or, from a windowed executable that has none, in the log file and a
message box (see :mod:`desktop.report`). Everything the app logs goes to a rotating
file in the data directory (:mod:`desktop.logfile`).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path

from relay.version import package_version

log = logging.getLogger("desktop")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kabaddi-scorer", description="Kabaddi Live scorer")
    parser.add_argument("--version", action="store_true", help="say the version and exit")
    parser.add_argument(
        "--self-test", action="store_true", help="host a relay offscreen, score, check, exit"
    )
    parser.add_argument(
        "--data-dir", type=Path, help="where the outbox, hosted matches and the log live"
    )
    return parser


async def _run(data_dir: Path) -> int:
    from PySide6.QtWidgets import QApplication

    from desktop.app import ScorerApp
    from desktop.quit_filter import QuitAsClose

    app = ScorerApp(data_dir)
    done = asyncio.Event()
    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    qt_app.lastWindowClosed.connect(done.set)
    app.finished.connect(done.set)
    quit_filter = QuitAsClose(app.request_quit, qt_app)
    qt_app.installEventFilter(quit_filter)
    await app.open()
    await done.wait()
    await app.shutdown()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from desktop.logfile import install_log_file
    from desktop.paths import data_dir

    base = args.data_dir or data_dir()
    log_path = install_log_file(base)
    version = f"kabaddi-scorer {package_version()}"
    if args.version and sys.stdout is not None:
        log.info("%s", version)
        print(version, flush=True)
        return 0
    if args.self_test and (sys.stdout is not None or "QT_QPA_PLATFORM" in os.environ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window flashes up
    import qasync
    from PySide6.QtWidgets import QApplication

    from desktop.fonts import load_fonts
    from desktop.report import report

    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qt_app, QApplication)
    qt_app.setApplicationName("Kabaddi Live Scorer")
    qt_app.setOrganizationName("kabaddi-live")
    qt_app.setQuitOnLastWindowClosed(False)
    if args.version:
        report(f"{version}\nLog: {log_path}")
        return 0
    load_fonts(qt_app)
    if args.self_test:
        from desktop.selftest import self_test_main

        result: int = qasync.run(self_test_main())
        return result
    log.info("%s starting; data in %s", version, base)
    result = qasync.run(_run(base))
    return result


if __name__ == "__main__":
    sys.exit(main())
