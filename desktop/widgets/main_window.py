"""The scoring window: scoreboard band, both squads, raid entry, play-by-play, status.

Keys are dispatched here (see :data:`desktop.widgets.help_overlay.SHORTCUTS`) to the
scoring controller; dialogs open without blocking so the connection keeps running.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.ledger import RejectedEvent
from desktop.models.play_by_play import PlayByPlayModel
from desktop.models.players import PlayersModel
from desktop.models.raid_draft import OUTCOMES, RAIDER_OUTS
from desktop.models.scoreboard import ScoreboardModel
from desktop.scoring import ScoringController
from desktop.widgets.about_box import AboutBox
from desktop.widgets.amend_dialog import AmendDialog
from desktop.widgets.form_dialog import FormDialog
from desktop.widgets.help_overlay import HelpOverlay, native_keys
from desktop.widgets.match_actions import MatchActions
from desktop.widgets.notice_banner import NoticeBanner
from desktop.widgets.play_by_play_view import PlayByPlayView
from desktop.widgets.quit_prompt import QuitPrompt
from desktop.widgets.raid_panel import RaidPanel
from desktop.widgets.scoreboard_band import ScoreboardBand
from desktop.widgets.status_line import StatusLine
from desktop.widgets.team_panel import TeamPanel
from desktop.window_size import fit_to_screen
from relay.rules.state import MatchState

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier
START_SIZE = QSize(1280, 800)  # or less: see desktop.window_size


class MainWindow(QMainWindow):
    exportRequested = Signal(str)  # "csv" or "pdf"
    setupRequested = Signal()
    shareRequested = Signal()
    leaveRequested = Signal()
    logFolderRequested = Signal()
    closed = Signal()

    def __init__(self, controller: ScoringController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.view = view = controller.view
        self.setWindowTitle("Kabaddi Live — Scorer")
        self.scoreboard_model = ScoreboardModel(self)
        self.home_model = PlayersModel("home", self)
        self.away_model = PlayersModel("away", self)
        self.play_model = PlayByPlayModel(self)
        self.undo_box: QMessageBox | None = None
        self.quit_box: QuitPrompt | None = None
        self._ask_before_closing = True
        self.dialog: FormDialog | None = None
        self.amend_dialog: AmendDialog | None = None

        relay_now = view.relay_now
        self.band = ScoreboardBand(self.scoreboard_model, relay_now)
        self.home_panel = TeamPanel(self.home_model, controller.draft, relay_now)
        self.away_panel = TeamPanel(self.away_model, controller.draft, relay_now)
        self.raid_panel = RaidPanel(controller.draft)
        self.match_actions = MatchActions()
        self.play_view = PlayByPlayView(self.play_model)
        self.status_line = StatusLine()
        self.statusBar().addWidget(self.status_line, 1)

        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.raid_panel)
        centre_layout.addWidget(self.match_actions)
        centre_layout.addWidget(self.play_view, 1)
        splitter = QSplitter()
        splitter.addWidget(self.home_panel)
        splitter.addWidget(centre)
        splitter.addWidget(self.away_panel)
        splitter.setSizes([330, 520, 330])
        root = QWidget()
        layout = QVBoxLayout(root)
        layout.addWidget(self.band)
        self.notice = NoticeBanner()
        layout.addWidget(self.notice)
        body = QHBoxLayout()
        body.addWidget(splitter)
        layout.addLayout(body, 1)
        self.setCentralWidget(root)
        self.help = HelpOverlay(root)
        self._keys = self._keymap()
        self._menus()

        self.home_panel.picked.connect(controller.pick)
        self.away_panel.picked.connect(controller.pick)
        self.raid_panel.action.connect(self.raid_action)
        self.match_actions.action.connect(self.match_action)
        self.play_view.picked.connect(self.request_correct)
        controller.draft.changed.connect(self.refresh_entry)
        controller.typedChanged.connect(lambda _t: self.refresh_entry())
        controller.message.connect(self.raid_panel.show_hint)
        view.changed.connect(self.refresh)
        view.statusChanged.connect(self.status_line.show_status)
        view.presenceChanged.connect(self.status_line.show_presence)
        view.refused.connect(self._refused)
        view.problem.connect(self.notice.warn)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        fit_to_screen(self, START_SIZE)
        self.refresh()

    # --- showing ---------------------------------------------------------------------

    def refresh(self) -> None:
        state = self.view.state
        self.scoreboard_model.update(state, self.view.queued())
        self.home_model.update(state)
        self.away_model.update(state)
        self.status_line.me = self.view.me
        self.play_model.update(self.view.ledger, self.view.me)
        self._titles(state)
        self.refresh_entry()
        if self.quit_box is not None:
            self.quit_box.set_queued(self.view.queued())

    def show_hint(self, text: str) -> None:
        """A short note for the scorer, under the raid entry."""
        self.raid_panel.show_hint(text)

    def warn(self, text: str) -> None:
        """Something the scorer must not miss, across the window until dismissed."""
        self.notice.warn(text)

    def _refused(self, rejected: RejectedEvent) -> None:
        what = rejected.text or rejected.event.type
        self.notice.warn(f"The relay refused “{what}”: {rejected.message} Nothing was recorded.")

    def refresh_entry(self) -> None:
        self.raid_panel.show_draft(
            self.view.state, self.controller.refusals(), self.controller.typed
        )
        clock = self.controller.clock_action()
        labels = {"start": "Start clock", "pause": "Pause clock", "resume": "Resume clock"}
        self.match_actions.show_state(
            labels[clock.action] if clock is not None and clock.action in labels else None,
            self.controller.clock_refusal(),
            self.controller.undo_target() is not None,
            {**self.controller.match_refusals(), **self.controller.amend_refusals()},
        )

    def _titles(self, state: MatchState | None) -> None:
        if state is None:
            self.home_panel.set_title("Home")
            self.away_panel.set_title("Away")
            return
        for panel, team, side in (
            (self.home_panel, state.home, "home"),
            (self.away_panel, state.away, "away"),
        ):
            role = "● raiding" if state.raiding_team == side else "defending"
            panel.set_title(f"{team.name} — {role}", team.color or "#555555")

    # --- keys ------------------------------------------------------------------------

    def _keymap(self) -> dict[tuple[Qt.KeyboardModifier, int], Callable[[], object]]:
        c = self.controller
        k = Qt.Key
        return {
            (NONE, k.Key_B.value): c.toggle_bonus,
            (NONE, k.Key_S.value): lambda: c.finish_raid("successful"),
            (NONE, k.Key_T.value): lambda: c.finish_raid("unsuccessful"),
            (NONE, k.Key_E.value): lambda: c.finish_raid("empty"),
            (NONE, k.Key_O.value): lambda: c.raider_out("outOfBounds"),
            (NONE, k.Key_L.value): lambda: c.raider_out("lobby"),
            (NONE, k.Key_K.value): lambda: c.raider_out("baulkLine"),
            (NONE, k.Key_N.value): lambda: c.raider_out("cant"),
            (NONE, k.Key_U.value): lambda: c.raider_out("timeUp"),
            (NONE, k.Key_R.value): c.start_raid,
            (NONE, k.Key_C.value): c.toggle_clock,
            (NONE, k.Key_Escape.value): c.clear,
            (NONE, k.Key_Return.value): c.commit_number,
            (NONE, k.Key_Enter.value): c.commit_number,
            (NONE, k.Key_F1.value): self.help.toggle,
            (NONE, k.Key_Question.value): self.help.toggle,
            (SHIFT, k.Key_Question.value): self.help.toggle,
            (CTRL, k.Key_Z.value): self.request_undo,
            (CTRL, k.Key_E.value): self.request_end_half,
            (CTRL, k.Key_T.value): self.request_timeout,
            (CTRL, k.Key_P.value): self.request_technical,
            (CTRL, k.Key_K.value): self.request_card,
            (CTRL, k.Key_U.value): self.request_substitution,
            (CTRL, k.Key_L.value): c.lost_turn,
            (CTRL, k.Key_R.value): lambda: self.request_correct(self.play_view.selected_seq()),
            (CTRL | SHIFT, k.Key_R.value): self.request_review,
            (CTRL | SHIFT, k.Key_S.value): lambda: self.exportRequested.emit("csv"),
            (CTRL | SHIFT, k.Key_P.value): lambda: self.exportRequested.emit("pdf"),
            (CTRL, k.Key_Q.value): self.close,
        }

    def keyPressEvent(self, event: QKeyEvent) -> None:
        modifiers = event.modifiers() & (CTRL | SHIFT)
        text = event.text()
        if modifiers == NONE and len(text) == 1 and text.isdigit():
            self.controller.type_digit(text)
            return
        handler = self._keys.get((Qt.KeyboardModifier(modifiers), event.key()))
        if handler is None:
            super().keyPressEvent(event)
            return
        handler()

    def raid_action(self, name: str) -> None:
        c = self.controller
        if name == "bonus":
            c.toggle_bonus()
        elif name == "raidStart":
            c.start_raid()
        elif name == "clear":
            c.clear()
        elif name in RAIDER_OUTS:
            c.raider_out(next(reason for reason in RAIDER_OUTS if reason == name))
        else:
            for outcome in OUTCOMES:
                if name == outcome:
                    c.finish_raid(outcome)
        self.setFocus()

    def match_action(self, name: str) -> None:
        actions: dict[str, Callable[[], object]] = {
            "clock": self.controller.toggle_clock,
            "endHalf": self.request_end_half,
            "timeout": self.request_timeout,
            "technical": self.request_technical,
            "card": self.request_card,
            "substitution": self.request_substitution,
            "lostTurn": self.controller.lost_turn,
            "correct": lambda: self.request_correct(self.play_view.selected_seq()),
            "review": self.request_review,
            "undo": self.request_undo,
        }
        actions[name]()
        self.setFocus()

    # --- dialogs ---------------------------------------------------------------------

    def request_undo(self) -> None:
        target = self.controller.undo_target()
        if target is None:
            self.raid_panel.show_hint("Nothing to undo.")
            return
        seq, text = target
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Undo",
            f"Undo event {seq}?\n\n{text}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("undo_box")
        box.accepted.connect(self.controller.undo)
        self.undo_box = box
        box.open()

    def request_correct(self, seq: int | None = None) -> None:
        """Correct an event: the one picked in the play-by-play, else the latest raid."""
        self._amend(review=False, seq=seq)

    def request_review(self) -> None:
        self._amend(review=True, seq=None)

    def _amend(self, review: bool, seq: int | None) -> None:
        reason = self.controller.amend_refusals()["review" if review else "correct"]
        state = self.controller.history_state()
        if reason is not None or state is None:
            self.raid_panel.show_hint(reason or "Nothing to correct yet.")
            return
        now = self.view.relay_now()
        dialog = AmendDialog(state, now, review, seq, self)
        self.amend_dialog = dialog
        dialog.open_with(self.controller.submit)

    def request_end_half(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "End of half",
            "End this half now?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.accepted.connect(self.controller.end_half)
        box.open()

    def _sides(self) -> list[tuple[str, object]]:
        state = self.view.state
        if state is None:
            return []
        return [(state.home.name, "home"), (state.away.name, "away")]

    def _players(self, statuses: tuple[str, ...]) -> list[tuple[str, object]]:
        state = self.view.state
        if state is None:
            return []
        return [
            (f"{team.short_name} #{p.number} {p.name}", p.id)
            for team in (state.home, state.away)
            for p in team.players
            if p.status in statuses
        ]

    def _open(self, dialog: FormDialog, done: Callable[[dict[str, Any]], object]) -> None:
        self.dialog = dialog
        dialog.open_with(done)

    def request_timeout(self) -> None:
        dialog = FormDialog("Timeout", self)
        dialog.choice("team", "Team", self._sides())
        self._open(dialog, lambda v: self.controller.timeout(v["team"]))

    def request_technical(self) -> None:
        dialog = FormDialog("Technical point", self)
        dialog.choice("team", "Points to", self._sides())
        dialog.number("points", "Points", 1, 10, 1)
        dialog.text("reason", "Reason", "Technical point")
        self._open(
            dialog,
            lambda v: self.controller.technical(v["team"], v["points"], v["reason"]),
        )

    def request_card(self) -> None:
        dialog = FormDialog("Card", self)
        dialog.choice("player", "Player", self._players(("onCourt", "out", "bench")))
        dialog.choice("color", "Card", [("Green", "green"), ("Yellow", "yellow"), ("Red", "red")])
        self._open(dialog, lambda v: self.controller.card(v["player"], v["color"]))

    def request_substitution(self) -> None:
        dialog = FormDialog("Substitution", self)
        dialog.choice("out", "Off", self._players(("onCourt", "out")))
        dialog.choice("in", "On", self._players(("bench",)))
        self._open(dialog, lambda v: self.controller.substitution(v["out"], v["in"]))

    # --- menus -----------------------------------------------------------------------

    def _menus(self) -> None:
        def add(menu_name: str, label: str, shortcut: str, slot: Callable[[], object]) -> None:
            action = QAction(f"{label}\t{native_keys(shortcut)}" if shortcut else label, self)
            action.triggered.connect(slot)
            menus[menu_name].addAction(action)

        bar = self.menuBar()
        menus = {name: bar.addMenu(name) for name in ("&Match", "&Events", "&Help")}
        add("&Match", "Match setup…", "", self.setupRequested.emit)
        add("&Match", "Share / join details…", "", self.shareRequested.emit)
        add("&Match", "Leave this match", "", self.leaveRequested.emit)
        add(
            "&Match",
            "Export play-by-play CSV…",
            "Ctrl+Shift+S",
            lambda: self.exportRequested.emit("csv"),
        )
        add(
            "&Match",
            "Export scoresheet PDF…",
            "Ctrl+Shift+P",
            lambda: self.exportRequested.emit("pdf"),
        )
        add("&Match", "Quit", "Ctrl+Q", self.close)
        add("&Events", "Start / pause / resume clock", "C", self.controller.toggle_clock)
        add("&Events", "End of half…", "Ctrl+E", self.request_end_half)
        add("&Events", "Timeout…", "Ctrl+T", self.request_timeout)
        add("&Events", "Technical point…", "Ctrl+P", self.request_technical)
        add("&Events", "Card…", "Ctrl+K", self.request_card)
        add("&Events", "Substitution…", "Ctrl+U", self.request_substitution)
        add("&Events", "Lost raid turn", "Ctrl+L", self.controller.lost_turn)
        add(
            "&Events",
            "Correct an event…",
            "Ctrl+R",
            lambda: self.request_correct(self.play_view.selected_seq()),
        )
        add("&Events", "Team review…", "Ctrl+Shift+R", self.request_review)
        add("&Events", "Undo latest event…", "Ctrl+Z", self.request_undo)
        add("&Help", "Keyboard shortcuts", "F1", self.help.toggle)
        add("&Help", "Open log folder", "", self.logFolderRequested.emit)
        add("&Help", "About Kabaddi Live Scorer", "", lambda: AboutBox(self).open())

    # --- closing ---------------------------------------------------------------------

    def close_without_asking(self) -> None:
        """Close for good (the app is leaving the match or shutting down)."""
        self._ask_before_closing = False
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        queued = self.view.queued()
        if self._ask_before_closing and queued:
            event.ignore()
            self._ask_to_quit(queued)
            return
        self.closed.emit()
        super().closeEvent(event)

    def _ask_to_quit(self, queued: int) -> None:
        if self.quit_box is not None:  # already asking
            self.quit_box.set_queued(queued)
            self.quit_box.raise_()
            return
        box = QuitPrompt(queued, self)
        self.quit_box = box
        # Connected to finished, not passed to open(): open() calls back on accept only.
        box.finished.connect(lambda _result: self._quit_answered(box))
        box.open()

    def _quit_answered(self, box: QuitPrompt) -> None:
        self.quit_box = None
        box.deleteLater()
        if box.quits():
            self.close_without_asking()
