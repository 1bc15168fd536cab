"""Render the scoring window mid-match into PNGs (for the docs).

``xvfb-run -a python -m desktop.screenshot docs/screenshots/scorer.png``
Hosts a throwaway relay, plays part of a demo match through the app's own client,
and grabs the window: ``scorer.png`` with a raid being entered, and beside it
``scorer-timeout.png`` (a timeout: the stopped clock) and ``scorer-substitution.png``
(the substitution dialog, a number typed).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

import qasync
from PySide6.QtWidgets import QApplication

from desktop.client import JoinTarget, ScorerClient
from desktop.fonts import load_fonts
from desktop.hosting import start_relay, stop_relay
from desktop.outbox import Outbox
from desktop.scoring import ScoringController
from desktop.stamps import new_event_id
from desktop.widgets.main_window import MainWindow
from relay.rules.demo import demo_setup
from relay.rules.events import Card, Clock, Event, Raid, Timeout


def _raid(raider: str, kind: str, marked: tuple[str, ...] = (), bonus: bool = False) -> Raid:
    return Raid(
        client_event_id=new_event_id(),
        raider_id=raider,
        raid_type=kind,
        touched_ids=marked if kind == "successful" else (),
        tackler_ids=marked if kind == "unsuccessful" else (),
        bonus=bonus,
    )


MATCH: list[Event] = [
    demo_setup(client_event_id=new_event_id()),
    Clock(client_event_id=new_event_id(), action="start"),
    _raid("h1", "successful", ("a2",)),
    _raid("a1", "unsuccessful", ("h3", "h4")),
    _raid("h2", "successful", ("a5",)),
    _raid("a3", "empty"),
    _raid("h7", "unsuccessful", ("a3", "a4")),
    _raid("a4", "successful", ("h5",)),
    Card(client_event_id=new_event_id(), player_id="a7", color="green"),
    _raid("h1", "empty"),
]


async def _until(condition: object) -> None:
    assert callable(condition)
    async with asyncio.timeout(20):
        while not condition():  # noqa: ASYNC110 - polls state that client signals change
            await asyncio.sleep(0.02)


async def render(path: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        relay = await start_relay(Path(tmp) / "relay", port=0, host="127.0.0.1")
        clients = [
            ScorerClient(Outbox(Path(tmp) / f"{n}.sqlite3"), f"desk-{n}") for n in ("1", "2")
        ]
        try:
            for client, name in zip(clients, ("Asha", "Ravi"), strict=True):
                client.join(JoinTarget(relay.url, "final-2026", relay.token, name))
            main = clients[0]
            controller = ScoringController(main)
            window = MainWindow(controller)
            window.setWindowTitle("Kabaddi Live — final-2026 — Asha (hosting)")
            window.resize(1360, 840)
            window.show()
            await _until(lambda: all(c.status.state == "connected" for c in clients))
            for i, event in enumerate(MATCH):
                (clients[1] if i in (3, 7) else main).submit(event)
                await _until(lambda i=i: main.ledger.last_seq == i + 1)
            await _until(lambda: len(main.presence.scorers) == 2)
            controller.type_digit("3")  # away raider #3 ...
            controller.type_digit("2")  # ... touches home #2
            path.parent.mkdir(parents=True, exist_ok=True)
            await _save(window.grab, path)

            controller.clear()
            main.submit(Timeout(client_event_id=new_event_id(), team="away"))
            await _until(lambda: main.ledger.last_seq == len(MATCH) + 1)
            await asyncio.sleep(2.2)  # the timeout has counted down a little
            await _save(window.grab, path.with_name(f"{path.stem}-timeout{path.suffix}"))

            window.request_substitution()
            dialog = window.substitution_dialog
            assert dialog is not None
            dialog.off.number.setText("3")
            dialog.off.number.textEdited.emit("3")
            dialog.on.number.setFocus()
            dialog.on.number.setText("9")
            dialog.on.number.textEdited.emit("9")
            await _save(dialog.grab, path.with_name(f"{path.stem}-substitution{path.suffix}"))
            dialog.reject()
        finally:
            for client in clients:
                await client.stop()
                client.outbox.close()
            await stop_relay(relay)


async def _save(grab: object, path: Path) -> None:
    assert callable(grab)
    await asyncio.sleep(0.6)
    QApplication.processEvents()
    grab().save(str(path))
    print(f"saved {path}")


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    load_fonts(app)  # as the installed app draws
    qasync.run(render(Path(sys.argv[1] if len(sys.argv) > 1 else "scorer.png")))


if __name__ == "__main__":
    main()
