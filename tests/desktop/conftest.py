"""Desktop tests: Qt offscreen, and one Qt event loop shared by qtbot and asyncio.

The loop hook below is picked up only for tests in this folder; relay and browser
tests keep pytest-asyncio's default asyncio loop.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import asyncio
import gc
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
import qasync
from desktop_helpers import TOKEN, until
from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.client import JoinTarget, ScorerClient
from desktop.outbox import Outbox
from desktop.scoring import ScoringController
from desktop.widgets.main_window import MainWindow
from relay.rules.demo import demo_setup
from relay.server import Relay, RelayConfig


def _qt_loop() -> asyncio.AbstractEventLoop:
    app = QApplication.instance() or QApplication([])
    return qasync.QEventLoop(app)  # type: ignore[no-any-return]


def pytest_asyncio_loop_factories(
    config: pytest.Config, item: pytest.Item
) -> Mapping[str, Callable[[], asyncio.AbstractEventLoop]]:
    return {"qt": _qt_loop}


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread() -> Iterator[None]:
    """Free each test's Qt objects here, on the GUI thread.

    Left to the cyclic garbage collector, a parentless QObject may be destroyed on
    whichever thread happens to trigger a collection (the relay's store has a writer
    thread); its timers then cannot be unregistered and Qt later fires one at freed
    memory.
    """
    yield
    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path) -> None:
    QCoreApplication.setOrganizationName("kabaddi-live-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    # QSettings("kabaddi-live", "scorer") (desktop.recents) takes the native format
    # whatever the default, so both paths point into the test's folder; otherwise every
    # test run on this machine shares ~/.config/kabaddi-live.
    for settings_format in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, str(tmp_path / "settings"))


@pytest.fixture(autouse=True)
def _no_user_keyring() -> Iterator[None]:
    """Tokens the tests remember never reach the developer's own keyring."""
    before = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
async def relay(tmp_path: Path) -> AsyncIterator[Relay]:
    config = RelayConfig(host="127.0.0.1", port=0, data_dir=tmp_path / "relay", token=TOKEN)
    config.data_dir.mkdir()
    async with Relay(config) as running:
        yield running


@pytest.fixture
async def window(relay: Relay, tmp_path: Path, qtbot: QtBot) -> AsyncIterator[MainWindow]:
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    client = ScorerClient(outbox, client_id="desk-1")
    controller = ScoringController(client)
    win = MainWindow(controller)
    qtbot.addWidget(win)
    win.show()
    client.join(JoinTarget(relay.url, "m1", TOKEN, "Asha"))
    await until(lambda: client.status.state == "connected")
    client.submit(demo_setup())
    await until(lambda: client.ledger.last_seq == 1)
    yield win
    await client.stop()
    outbox.close()
