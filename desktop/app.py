"""The composition root: builds the outbox, client, controller and windows and wires them.

Hosting starts the relay in a process of its own (see :mod:`desktop.relay_child`), so
the match goes on for the other scorers and the viewers if this app dies; opening the
app again re-attaches to it. Closing a hosted match's window asks whether to keep the
relay running or stop it. Joining only connects. Exports and relay start-up run as
tasks, so the window never freezes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop import lan_settings, recents
from desktop.client import JoinTarget, ScorerClient
from desktop.discovery import RelayBrowser
from desktop.export import sheet_info, write_csv, write_pdf
from desktop.firewall import blocked, check_firewall
from desktop.hosting import JoinDetails, join_details, new_match_id
from desktop.interfaces import host_addresses
from desktop.logfile import log_folder
from desktop.match_summary import queued_words, summarize
from desktop.models.relay_list import RelayListModel
from desktop.outbox import Outbox, QueuedMatch
from desktop.paths import outbox_path
from desktop.ports import (
    DEFAULT_PORT,
    FALLBACK_PORTS,
    bind_probe,
    choose_port,
    describe_move,
)
from desktop.reach import PATIENCE_SECONDS, ReachWatch, firewall_advice, silence_advice
from desktop.relay_child import (
    HostedRelay,
    RelayStartError,
    find_running,
    relay_command,
    start_relay_process,
)
from desktop.scoring import ScoringController
from desktop.stamps import now_ms
from desktop.widgets.hosted_close_prompt import KEEP, HostedClosePrompt
from desktop.widgets.join_panel import JoinPanel
from desktop.widgets.lan_announce import LanAnnounceOption
from desktop.widgets.main_window import MainWindow
from desktop.widgets.relay_finder import RelayFinder
from desktop.widgets.setup_dialog import SetupDialog
from desktop.widgets.start_screen import StartScreen
from relay.advertise import Interfaces, NotAdvertisable, default_name, where_to_advertise

log = logging.getLogger(__name__)

LOCAL_HOSTS = ("127.0.0.1", "localhost")
EVERY_INTERFACE = ""  # hosting listens on IPv4 and IPv6
REACH_CHECK_MS = 5000  # how often a hosting app asks its relay whether others connected


class ScorerApp(QObject):
    finished = Signal()  # the scorer closed the last window
    joinPanelShown = Signal(object)  # JoinPanel

    def __init__(
        self,
        data_dir: Path,
        host_address: str = EVERY_INTERFACE,
        clock: Callable[[], float] = time.monotonic,
        reach_patience: float = PATIENCE_SECONDS,
        fallback_ports: Sequence[int] = FALLBACK_PORTS,
    ) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.host_address = host_address
        self.fallback_ports = fallback_ports
        self.clock = clock
        self.reach = ReachWatch(clock, reach_patience)
        self.reach_timer = QTimer(self)
        self.reach_timer.setInterval(REACH_CHECK_MS)
        self.reach_timer.timeout.connect(lambda: self._spawn(self.check_reach()))
        self.advice = ""  # what the join panel says about reaching this laptop
        self.outbox = Outbox(outbox_path(data_dir))
        self.client = ScorerClient(self.outbox, recents.client_id(), self)
        self.controller = ScoringController(self.client, self)
        self.hosted: HostedRelay | None = None
        self.close_prompt: HostedClosePrompt | None = None
        self.details: JoinDetails | None = None
        self.window: MainWindow | None = None
        self.start_screen: StartScreen | None = None
        self.setup_dialog: SetupDialog | None = None
        self.join_panel: JoinPanel | None = None
        # Relays on the LAN, looked for while the start screen shows (the model outlives
        # the screen: the browser may report once more while it stops).
        self.relays = RelayListModel()
        self.relay_browser: RelayBrowser | None = None
        self._browsers_stopping: set[asyncio.Task[None]] = set()
        self.export_dialog: QFileDialog | None = None
        self._tasks: set[asyncio.Task[object]] = set()
        self.client.welcomed.connect(self._offer_setup)
        self.client.changed.connect(self._remember_summary)

    # --- start -----------------------------------------------------------------------

    @property
    def relay_dir(self) -> Path:
        return self.data_dir / "relay"

    async def open(self) -> None:
        """Back to the hosted match if this laptop's relay still runs; else the start screen."""
        running = await find_running(self.relay_dir)
        hosted = recents.hosted_matches()
        if running is None or not hosted:
            self.show_start()
            return
        try:
            await self.host(recents.scorer_name() or "Host", running.port, hosted[0])
        except (OSError, RelayStartError) as exc:
            log.error("could not go back to the hosted match: %s", exc)
            self.show_start().error.setText(f"Could not go back to the hosted match: {exc}")

    def show_start(self) -> StartScreen:
        queued = self.outbox.queued_matches()
        what_is_queued = {
            (q.relay_url, q.match_id): queued_words(self.outbox.pending(q.relay_url, q.match_id))
            for q in queued
        }
        screen = StartScreen(
            recents.recent_relays(),
            recents.recent_matches(),
            recents.scorer_name(),
            queued,
            what_is_queued=what_is_queued,
        )
        screen.hostRequested.connect(
            lambda name, port, match: self._spawn(self._host_from_screen(name, port, match))
        )
        screen.joinRequested.connect(self.join)
        screen.resumeRequested.connect(self._resume)
        self._find_relays(screen)
        screen.show()
        self.start_screen = screen
        return screen

    @property
    def lan_interfaces(self) -> Interfaces:
        """Where to look for relays: where this app would serve one (loopback: this machine)."""
        try:
            return where_to_advertise(self.host_address).interfaces
        except NotAdvertisable:
            return ["127.0.0.1"]

    def _find_relays(self, screen: StartScreen) -> None:
        self._stop_finding_relays()
        self.relays = RelayListModel()
        finder = RelayFinder(self.relays)
        finder.matchChosen.connect(
            lambda url, match: screen.prefill(url, match, "Enter the scorer token, then Join.")
        )
        announce = LanAnnounceOption(lan_settings.load(), default_name())
        announce.changed.connect(lan_settings.save)
        screen.add_lan_widgets(finder, announce)
        browser = RelayBrowser(self.relays.show, self.relays.forget, self.lan_interfaces)
        self.relay_browser = browser
        self._spawn(self._browse(browser, finder))

    async def _browse(self, browser: RelayBrowser, finder: RelayFinder) -> None:
        await browser.start()
        if browser.problem is not None:
            finder.show_problem(browser.problem + " Type the relay's URL below.")

    def _stop_finding_relays(self) -> None:
        """Stop looking for relays (in the background; shutdown waits for it)."""
        browser, self.relay_browser = self.relay_browser, None
        if browser is not None:
            stopping = asyncio.ensure_future(browser.stop())
            self._browsers_stopping.add(stopping)
            stopping.add_done_callback(self._browsers_stopping.discard)

    async def host(
        self, name: str, port: int, match_id: str | None = None, queued_url: str | None = None
    ) -> JoinDetails:
        """Start the relay here (or re-attach to it) and join it as the first scorer.

        ``queued_url``: resuming a hosted match whose queued events were addressed there.
        """
        if self.start_screen is not None:
            self.start_screen.set_hosting(True)
        match_id = match_id or new_match_id()
        try:
            moved = await self._start_hosting(port, match_id)
        except (OSError, RelayStartError) as exc:
            if self.start_screen is not None:
                self.start_screen.set_hosting(False)
                self.start_screen.show_error(f"Could not start the relay: {exc}")
            raise
        host_ip = "127.0.0.1" if self.host_address in LOCAL_HOSTS else None
        hosted = self.hosted
        assert hosted is not None
        self.details = join_details(hosted.port, hosted.token, match_id, host_ip)
        recents.remember_hosted(match_id)
        recents.remember_port(match_id, hosted.port)
        if queued_url is not None and queued_url != self.details.local_url:
            self.outbox.move(queued_url, self.details.match_id, self.details.local_url)
        window = self.join(
            JoinTarget(self.details.local_url, self.details.match_id, hosted.token, name)
        )
        self.close_prompt = HostedClosePrompt(window)
        self.close_prompt.decided.connect(lambda choice: self._spawn(self.close_hosted(choice)))
        self.reach = ReachWatch(self.clock, self.reach.patience)
        self.show_join_panel()
        if moved is not None:
            log.warning("%s", moved)
            window.warn(moved)
        if self.host_address not in LOCAL_HOSTS:
            self.reach_timer.start()
            self._spawn(self.check_firewall())
        return self.details

    async def _start_hosting(self, port: int, match_id: str) -> str | None:
        """Re-attach to this laptop's relay, or start one on the match's port.

        Returns what to tell the host when the match cannot listen where it did before.
        """
        running = await find_running(self.relay_dir)
        if running is not None:
            log.info("re-attached to the relay (pid %d) on port %d", running.pid, running.port)
            self.hosted = running
            return None
        # The port field left at its default: a match hosted before keeps its port.
        wanted = (recents.port_for(match_id) or port) if port == DEFAULT_PORT else port
        probe = bind_probe(self.host_address)
        choice = await asyncio.to_thread(choose_port, wanted, probe, self.fallback_ports)
        self.hosted = await start_relay_process(
            self.relay_dir, choice.port, self.host_address, lan=lan_settings.load()
        )
        return describe_move(choice, self.hosted.port)

    async def _host_from_screen(
        self, name: str, port: int, match_id: str, queued_url: str | None = None
    ) -> None:
        with contextlib.suppress(OSError, RelayStartError):  # shown on the start screen
            await self.host(name, port, match_id or None, queued_url)

    def join(self, target: JoinTarget) -> MainWindow:
        recents.remember(target.url, target.match_id, target.name, target.token)
        self.client.join(target)
        window = MainWindow(self.controller)
        window.exportRequested.connect(self._export)
        window.setupRequested.connect(self.open_setup)
        window.shareRequested.connect(self.show_join_panel)
        window.leaveRequested.connect(lambda: self._spawn(self.leave()))
        window.closed.connect(self._close_join_panel)
        window.logFolderRequested.connect(self.open_log_folder)
        window.closed.connect(self.finished)
        title = f"Kabaddi Live — {target.match_id} — {target.name}"
        window.setWindowTitle(title + (" (hosting)" if self.hosted else ""))
        window.show()
        self.window = window
        if self.start_screen is not None:
            self.start_screen.close()
            self.start_screen = None
            self._stop_finding_relays()
        return window

    def _resume(self, item: QueuedMatch, name: str) -> None:
        url = urlparse(item.relay_url)
        if url.hostname in LOCAL_HOSTS and url.port:
            self._spawn(self._host_from_screen(name, url.port, item.match_id, item.relay_url))
        elif recents.token_for(item.relay_url):
            self.join(
                JoinTarget(item.relay_url, item.match_id, recents.token_for(item.relay_url), name)
            )
        elif self.start_screen is not None:
            self.start_screen.prefill(
                item.relay_url, item.match_id, "Enter the scorer token and Join to send them."
            )

    async def leave(self) -> StartScreen:
        """Back to the start screen: disconnect, stop hosting; queued events stay queued."""
        await self.client.stop()
        await self._stop_hosting()
        self.details = None
        if self.close_prompt is not None:
            self.close_prompt.allow_close()  # hosting has been settled above
        for widget in (self.join_panel, self.setup_dialog, self.window):
            if widget is not None:
                widget.blockSignals(True)  # closing it must not end the app
                _close_for_good(widget)
                widget.deleteLater()
        self.window = self.join_panel = self.setup_dialog = None
        self.close_prompt = None
        return self.show_start()

    async def close_hosted(self, choice: str) -> None:
        """The answer to the close prompt: keep the relay running for the others, or stop it."""
        self.reach_timer.stop()
        hosted, self.hosted = self.hosted, None
        if hosted is not None:
            if choice == KEEP:
                log.info("leaving the relay (pid %d) running on port %d", hosted.pid, hosted.port)
                hosted.detach()
            else:
                await self.client.stop()
                await hosted.stop()
        if self.close_prompt is not None:
            self.close_prompt.allow_close()
        if self.window is not None:
            self.window.close()

    async def _stop_hosting(self) -> None:
        self.reach_timer.stop()
        self.advice = ""
        hosted, self.hosted = self.hosted, None
        if hosted is not None:
            await hosted.stop()

    # --- during the match ------------------------------------------------------------

    def show_join_panel(self) -> None:
        """The join details, in a window of their own: no dialog of the scoring window
        (the setup dialog is modal) blocks them or covers them."""
        if self.details is None:
            return
        if self.join_panel is None:
            local = self.host_address in LOCAL_HOSTS
            panel = JoinPanel(self.details, None, [] if local else host_addresses())
            panel.detailsChanged.connect(self._use_details)
            self.join_panel = panel
            self.joinPanelShown.emit(panel)
        self.join_panel.show_advice(self.advice)
        self.join_panel.show()
        self.reach.shown()
        self._raise_join_panel()

    def _close_join_panel(self) -> None:
        if self.join_panel is not None:
            self.join_panel.close()

    def _raise_join_panel(self) -> None:
        panel = self.join_panel
        if panel is not None and panel.isVisible():
            panel.raise_()
            panel.activateWindow()

    def _use_details(self, details: JoinDetails) -> None:
        """The address the host picked in the join panel: shown again next time."""
        self.details = details

    def _advise(self, text: str) -> None:
        """Tell the host what stops the others reaching this laptop ("" once they do)."""
        self.advice = text
        if self.join_panel is not None:
            self.join_panel.show_advice(text)
        if text and self.window is not None:
            self.window.warn(text.split("\n", 1)[0] + " See Match → Share / join details.")

    async def check_reach(self) -> None:
        """Ask the relay whether anybody but this app has connected; advise when nobody has."""
        hosted, details = self.hosted, self.details
        if hosted is None or details is None:
            return
        count = await hosted.connections()
        if count is None:
            return
        if self.reach.observe(count):
            minutes = self.reach.patience / 60
            program = relay_command()[0]
            self._advise(silence_advice(details.viewer_url, program, hosted.port, minutes))
        elif self.reach.reached and self.advice:
            self._advise("")
        if self.reach.reached:
            self.reach_timer.stop()

    async def check_firewall(self) -> None:
        """On Windows: whether the firewall lets the others reach the relay on this network."""
        program = relay_command()[0]
        shut_out = blocked(await check_firewall(program))
        if shut_out:
            self._advise(firewall_advice(shut_out, program))

    def _offer_setup(self) -> None:
        ledger = self.client.ledger
        pending_setup = any(p.event.type == "setup" for p in ledger.pending)
        if ledger.confirmed is None and not pending_setup and self.setup_dialog is None:
            self.open_setup()

    def open_setup(self) -> None:
        if self.client.ledger.preview is not None:
            if self.window is not None:
                self.window.show_hint("This match is already set up.")
            return
        dialog = SetupDialog(self.window)
        dialog.setupReady.connect(self.controller.setup)
        dialog.venueChosen.connect(self._remember_venue)
        dialog.finished.connect(lambda _r: setattr(self, "setup_dialog", None))
        self.setup_dialog = dialog
        dialog.open()
        self._raise_join_panel()  # the details stay on top, to be read out or copied

    def _remember_summary(self) -> None:
        """A hosted match's teams, score and phase, for the start screen after a restart."""
        state, target = self.client.ledger.preview, self.client.target
        if self.hosted is None or state is None or target is None:
            return
        known = summarize(state, now_ms())
        previous = recents.summary(target.match_id)
        if previous is None or replace(previous, updated_ms=0) != replace(known, updated_ms=0):
            recents.remember_summary(target.match_id, known)

    def _remember_venue(self, venue: str) -> None:
        if self.client.target is not None:
            recents.remember_venue(self.client.target.match_id, venue)

    def _export(self, kind: str) -> None:
        state = self.client.ledger.confirmed
        if self.window is None or state is None:
            return
        suffix = "csv" if kind == "csv" else "pdf"
        default = str(
            Path.home()
            / f"{self.client.target.match_id if self.client.target else 'match'}.{suffix}"
        )
        # Not the static getSaveFileName: a modal loop inside the event loop is avoided.
        dialog = QFileDialog(self.window, "Export", default, f"*.{suffix}")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(suffix)
        dialog.fileSelected.connect(lambda path: self._spawn(self.export(kind, Path(path))))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.export_dialog = dialog
        dialog.open()

    async def export(self, kind: str, path: Path) -> None:
        if kind == "csv":
            await asyncio.to_thread(write_csv, list(self.client.ledger.log), path)
        else:
            ledger = self.client.ledger
            state = ledger.confirmed
            if state is not None:
                match_id = self.client.target.match_id if self.client.target else ""
                info = sheet_info(ledger.log, state, match_id, recents.venue(match_id))
                write_pdf(state, path, info)  # QTextDocument paints on the GUI thread
        if self.window is not None:
            self.window.show_done(f"Exported {path}")

    # --- lifetime --------------------------------------------------------------------

    def _spawn(self, coro: Coroutine[Any, Any, object]) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._finished_task)

    def _finished_task(self, task: asyncio.Task[object]) -> None:
        self._tasks.discard(task)
        if task.cancelled() or task.exception() is None:
            return
        error = task.exception()
        log.error("background task failed", exc_info=error)
        message = f"Something went wrong: {error}"
        if self.window is not None:
            self.window.warn(message)
        elif self.start_screen is not None:
            self.start_screen.show_error(message)

    def open_log_folder(self, opener: Callable[[QUrl], object] = QDesktopServices.openUrl) -> QUrl:
        """Help → Open log folder: the system's file manager on the app's log folder."""
        folder = log_folder(self.data_dir)
        folder.mkdir(parents=True, exist_ok=True)
        url = QUrl.fromLocalFile(str(folder))
        opener(url)
        return url

    def request_quit(self) -> None:
        """Quit as closing the window does (⌘Q on macOS): it asks what closing asks."""
        if self.window is not None:
            self.window.close()
        elif self.start_screen is not None:
            self.start_screen.close()
        else:
            self.finished.emit()

    async def shutdown(self) -> None:
        """Close everything; a hosted relay still attached is stopped (see close_hosted)."""
        await self.client.stop()
        await self._stop_hosting()
        self._stop_finding_relays()
        for failed in await asyncio.gather(*self._browsers_stopping, return_exceptions=True):
            if isinstance(failed, Exception):
                log.warning("looking for relays on the LAN did not stop cleanly: %s", failed)
        for task in list(self._tasks):
            task.cancel()
        self.outbox.close()
        # Delete the windows here, on the GUI thread, rather than leave them to the garbage
        # collector, which may run on another thread (the relay's store has one).
        if self.close_prompt is not None:
            self.close_prompt.allow_close()  # hosting has been settled above
        for widget in (self.join_panel, self.setup_dialog, self.window, self.start_screen):
            if widget is not None:
                _close_for_good(widget)
                widget.deleteLater()
        self.window = self.start_screen = self.join_panel = self.setup_dialog = None


def _close_for_good(widget: QWidget) -> None:
    """Close without the questions a scorer gets (the app has decided to close it)."""
    if isinstance(widget, MainWindow):
        widget.close_without_asking()
    else:
        widget.close()
