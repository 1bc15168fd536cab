"""Relays on the LAN: found by the app's model and start screen, joined from the list.

Every zeroconf here is on the loopback interface: the relays listen on 127.0.0.1 (so
they announce there only) and the app looks where it hosts (127.0.0.1 too).
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import signal
import sys
import urllib.request
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from desktop_helpers import TOKEN, until
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit, QTreeView
from pytestqt.qtbot import QtBot
from ws_peers import peer

from desktop import lan_settings
from desktop.app import ScorerApp
from desktop.discovery import RelayBrowser
from desktop.lan_settings import LanAnnouncement
from desktop.models.relay_list import RelayListModel, RelayRole
from relay.rules.demo import demo_setup

ROOT = Path(__file__).resolve().parents[2]
HANG = 30.0  # seconds; a safety net only: relays appear within a few seconds
LINE = re.compile(r"scorers at (?P<url>ws://\S+/ws)")


@dataclass
class RelayProcess:
    process: asyncio.subprocess.Process
    url: str
    name: str

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1].split("/")[0])

    @property
    def key(self) -> str:
        return f"{self.name} ({self.port})._kabaddi._tcp.local."

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(HANG):
            await self.process.wait()


async def start_relay(data_dir: Path, name: str) -> RelayProcess:
    process = await asyncio.create_subprocess_exec(
        *[sys.executable, "-m", "relay", "--host", "127.0.0.1", "--port", "0"],
        *["--data-dir", str(data_dir), "--name", name],
        cwd=ROOT,
        env={**_environment(), "KABADDI_TOKEN": TOKEN},
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    async with asyncio.timeout(HANG):
        line = (await process.stdout.readline()).decode()
    found = LINE.search(line)
    assert found, f"unexpected start line: {line!r}"
    return RelayProcess(process, found["url"], name)


def _environment() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}


async def set_up_match(relay: RelayProcess, match_id: str) -> None:
    scorer = await peer(relay.url, match_id, "scorer", TOKEN)
    await scorer.score(json.loads(demo_setup("setup-1").model_dump_json()))
    await scorer.close()


@pytest.fixture
async def relay(tmp_path: Path) -> AsyncIterator[RelayProcess]:
    running = await start_relay(tmp_path / "relay", f"Court {secrets.token_hex(3)}")
    await set_up_match(running, "final-1")
    yield running
    await running.stop()


async def test_the_model_lists_a_relay_with_its_live_match_and_drops_it_when_it_stops(
    relay: RelayProcess,
) -> None:
    model = RelayListModel()
    browser = RelayBrowser(model.show, model.forget, ["127.0.0.1"], poll_seconds=0.5)
    await browser.start()
    try:
        await until(lambda: model.matches_of(relay.key) != [], HANG)
        assert model.matches_of(relay.key) == [(relay.url, "final-1")]
        row = model.relay_keys().index(relay.key)
        assert model.item(row).text() == f"{relay.name} — 127.0.0.1:{relay.port}"
        match_row = model.item(row).child(0)
        assert match_row.text() == "Patna Pirates 0 – 0 Bengaluru Bulls  (final-1)"
        assert model.choice(match_row.index()) == (relay.url, "final-1")
        assert model.choice(model.item(row).index()) is None  # a relay row is no match

        await relay.stop()
        await until(lambda: relay.key not in model.relay_keys(), HANG)
    finally:
        await browser.stop()


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[ScorerApp]:
    scorer_app = ScorerApp(tmp_path / "data", host_address="127.0.0.1")
    yield scorer_app
    await scorer_app.shutdown()


def _match_index(tree: QTreeView, key: str, match_id: str) -> QModelIndex | None:
    model = tree.model()
    for row in range(model.rowCount()):
        relay_index = model.index(row, 0)
        if relay_index.data(RelayRole.Key) != key:
            continue
        for child in range(model.rowCount(relay_index)):
            index = model.index(child, 0, relay_index)
            if index.data(RelayRole.MatchId) == match_id:
                return index
    return None


async def test_a_relay_appears_on_the_start_screen_and_a_scorer_joins_from_the_list(
    app: ScorerApp, relay: RelayProcess, qtbot: QtBot
) -> None:
    screen = app.show_start()
    screen.name.setText("Meera")
    tree = screen.findChild(QTreeView, "relay_finder")
    assert tree is not None
    await until(lambda: _match_index(tree, relay.key, "final-1") is not None, HANG)
    index = _match_index(tree, relay.key, "final-1")
    assert index is not None
    tree.scrollTo(index)
    qtbot.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(index).center()
    )
    assert screen.relay_url.currentText() == relay.url
    assert screen.match_id.currentText() == "final-1"
    screen.token.setText(TOKEN)  # the only thing the scorer types
    qtbot.mouseClick(screen.join_button, Qt.MouseButton.LeftButton)
    await until(lambda: app.client.ledger.confirmed is not None, HANG)
    state = app.client.ledger.confirmed
    assert state is not None
    assert (state.home.name, state.away.name) == ("Patna Pirates", "Bengaluru Bulls")


async def test_a_stopped_relay_vanishes_from_the_start_screen(
    app: ScorerApp, relay: RelayProcess
) -> None:
    screen = app.show_start()
    tree = screen.findChild(QTreeView, "relay_finder")
    assert tree is not None
    await until(lambda: relay.key in app.relays.relay_keys(), HANG)
    await relay.stop()
    await until(lambda: relay.key not in app.relays.relay_keys(), HANG)


def _healthz(port: int) -> dict[str, object]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(f"http://127.0.0.1:{port}/healthz", timeout=HANG) as answer:
        health: dict[str, object] = json.loads(answer.read())
    return health


@pytest.mark.parametrize("advertise", [True, False])
async def test_the_hosted_relay_is_announced_as_the_settings_say(
    app: ScorerApp, qtbot: QtBot, advertise: bool
) -> None:
    lan_settings.save(LanAnnouncement(True, "old name"))
    screen = app.show_start()
    screen.name.setText("Asha")
    screen.port.setValue(0)
    checkbox = screen.findChild(QCheckBox, "lan_advertise")
    name_field = screen.findChild(QLineEdit, "lan_name")
    assert checkbox is not None
    assert name_field is not None
    assert name_field.text() == "old name"
    name = f"Mat {secrets.token_hex(3)}"
    name_field.setText(name)
    name_field.editingFinished.emit()
    checkbox.setChecked(advertise)
    assert lan_settings.load() == LanAnnouncement(advertise, name)
    qtbot.mouseClick(screen.host_button, Qt.MouseButton.LeftButton)
    await until(lambda: app.hosted is not None, HANG)
    assert app.hosted is not None
    # Settled before the app closes: its client is connected to the hosted relay.
    await until(lambda: app.client.status.state == "connected", HANG)
    port = app.hosted.port
    health = await asyncio.to_thread(_healthz, port)
    advertising = health["advertising"]
    assert isinstance(advertising, dict)
    assert advertising["enabled"] is advertise
    if advertise:
        await until(lambda: _announced(port), HANG)
        health = await asyncio.to_thread(_healthz, port)
        assert health["advertising"] == {
            "enabled": True,
            "announced": True,
            "service": f"{name} ({port})._kabaddi._tcp.local.",
            "problem": None,
        }


def _announced(port: int) -> bool:
    advertising = _healthz(port)["advertising"]
    return isinstance(advertising, dict) and advertising["announced"] is True


def test_every_app_the_tests_start_stays_on_loopback() -> None:
    """An app looks for relays where it would host one: in tests, on 127.0.0.1 only, so
    no multicast query leaves this machine."""
    sources = [*(ROOT / "tests").rglob("*.py"), *(ROOT / "bench").rglob("*.py")]
    calls = [
        (path.relative_to(ROOT), line)
        for path in sources
        for line in path.read_text(encoding="utf-8").splitlines()
        if "ScorerApp(" in line and "import" not in line
    ]
    assert calls, "the scan finds the tests' apps"
    assert [c for c in calls if 'host_address="127.0.0.1"' not in c[1]] == []
