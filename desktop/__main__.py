"""``kabaddi-scorer`` / ``python -m desktop``: the scorer app.

``--version`` prints the version; ``--self-test`` runs an offscreen end-to-end check.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from relay.version import package_version


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kabaddi-scorer", description="Kabaddi Live scorer")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument(
        "--self-test", action="store_true", help="host a relay offscreen, score, check, exit"
    )
    parser.add_argument("--data-dir", type=Path, help="where the outbox and hosted matches live")
    return parser


async def _run(data_dir: Path) -> int:
    from PySide6.QtWidgets import QApplication

    from desktop.app import ScorerApp

    app = ScorerApp(data_dir)
    done = asyncio.Event()
    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    qt_app.lastWindowClosed.connect(done.set)
    app.finished.connect(done.set)
    await app.open()
    await done.wait()
    await app.shutdown()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.version:
        print(f"kabaddi-scorer {package_version()}")
        return 0
    if args.self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync
    from PySide6.QtWidgets import QApplication

    from desktop.paths import data_dir

    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qt_app, QApplication)
    qt_app.setApplicationName("Kabaddi Live Scorer")
    qt_app.setOrganizationName("kabaddi-live")
    qt_app.setQuitOnLastWindowClosed(False)
    if args.self_test:
        from desktop.selftest import self_test_main

        result: int = qasync.run(self_test_main())
        return result
    result = qasync.run(_run(args.data_dir or data_dir()))
    return result


if __name__ == "__main__":
    sys.exit(main())
