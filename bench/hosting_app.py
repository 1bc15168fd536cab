"""The real scorer app hosting a match offscreen, driven from outside (tests, long-run bench).

    python -m bench.hosting_app DATA_DIR [--stats-every SECONDS]

Opens the app on DATA_DIR (its settings are kept there too) the way a scorer does:
back to the hosted match when its relay still runs, otherwise it hosts a new match on
127.0.0.1 and sets it up with the demo squads. The scoring window is shown offscreen,
so its clocks and status line redraw on their timers as on a laptop. Prints JSON lines:

- ``{"kind": "hosting", ...}`` once the match is on screen: port, token, match id, the
  relay's pid, this app's pid;
- ``{"kind": "state", ...}`` whenever the match changes, with what the window shows;
- ``{"kind": "stats", ...}`` every ``--stats-every`` seconds: this process's resident
  memory, the objects the collector tracks, and the references to None.

Closing stdin quits the app as its window's "Stop the relay" would; a kill is a crash.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HOST_NAME = "Asha"
SETUP_TIMEOUT_SECONDS = 60.0


def emit(kind: str, **fields: Any) -> None:
    print(json.dumps({"kind": kind, **fields}), flush=True)


def rss_kib() -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


async def wait_for(condition: Any, what: str) -> None:
    async with asyncio.timeout(SETUP_TIMEOUT_SECONDS):
        while not condition():  # noqa: ASYNC110 - polls state that Qt signals change
            await asyncio.sleep(0.02)


async def run(data_dir: Path, stats_every: float) -> None:
    from PySide6.QtCore import QCoreApplication, QSettings

    from desktop.app import ScorerApp

    QCoreApplication.setOrganizationName("kabaddi-live-bench")
    # desktop.recents' QSettings use the native format: keep them in DATA_DIR too.
    for settings_format in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, str(data_dir / "settings"))
    app = ScorerApp(data_dir, host_address="127.0.0.1")
    await app.open()
    if app.window is None:  # nothing to go back to: host a new match
        await app.host(HOST_NAME, 0)
        await wait_for(lambda: app.setup_dialog is not None, "the setup dialog")
        assert app.setup_dialog is not None
        app.setup_dialog.load_demo()  # the squads start empty
        app.setup_dialog.submit()
    client = app.client
    await wait_for(lambda: client.ledger.last_seq >= 1 and not client.ledger.pending, "the setup")
    window, hosted, details = app.window, app.hosted, app.details
    assert window is not None
    assert hosted is not None
    assert details is not None
    emit(
        "hosting",
        port=hosted.port,
        token=hosted.token,
        matchId=details.match_id,
        relayPid=hosted.pid,
        appPid=os.getpid(),
    )

    def report_state() -> None:
        emit(
            "state",
            lastSeq=client.ledger.last_seq,
            home=window.band.home.score.text(),
            away=window.band.away.score.text(),
            connected=client.status.state == "connected",
        )

    client.changed.connect(report_state)
    report_state()

    quit_requested = asyncio.Event()
    loop = asyncio.get_running_loop()

    def watch_stdin() -> None:
        sys.stdin.read()
        loop.call_soon_threadsafe(quit_requested.set)

    threading.Thread(target=watch_stdin, daemon=True).start()
    started = time.monotonic()
    while not quit_requested.is_set():
        if stats_every > 0:
            gc.collect()
            emit(
                "stats",
                t=round(time.monotonic() - started, 1),
                rssKiB=rss_kib(),
                objects=len(gc.get_objects()),
                noneRefs=sys.getrefcount(None),
                lastSeq=client.ledger.last_seq,
            )
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(quit_requested.wait(), stats_every if stats_every > 0 else None)
    await app.shutdown()
    emit("stopped")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--stats-every", type=float, default=0.0)
    args = parser.parse_args()

    import qasync
    from PySide6.QtWidgets import QApplication

    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qt_app, QApplication)
    qt_app.setQuitOnLastWindowClosed(False)
    qasync.run(run(args.data_dir, args.stats_every))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
