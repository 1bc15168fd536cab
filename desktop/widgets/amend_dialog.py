"""Correct an earlier event, or record a team's review of the latest raid.

The scorer picks the event (the one chosen in the play-by-play, or the latest raid),
edits it, and sees the match as the rules engine would replay it before sending: the
score and the commentary, or the reason the rules refuse it (then Send is off and says
why). Raids are edited as the scorer calls them: outcome, raider and defenders by
jersey number, bonus.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from desktop import amend
from desktop.stamps import new_event_id
from relay.rules.draft import other
from relay.rules.events import Card, Correctable, Event, Raid, Side, Technical
from relay.rules.history import UndoLink
from relay.rules.state import MatchState


class AmendDialog(QDialog):
    """``review``: False to correct any correctable event, True for a team review."""

    def __init__(
        self,
        state: MatchState,
        now: int,
        review: bool,
        chosen_seq: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("amend_dialog")
        self.state, self.now, self.is_review = state, now, review
        self.setWindowTitle("Team review" if review else "Correct an event")
        self.setMinimumWidth(560)
        self.form = QFormLayout(self)
        self.targets: list[UndoLink] = (
            [link for link in [amend.latest_raid(state)] if link is not None]
            if review
            else amend.correctable(state)
        )
        self.target_box = QComboBox()
        self.target_box.setObjectName("target")
        for link in self.targets:
            self.target_box.addItem(f"#{link.seq}  {link.line}", link.seq)
        if chosen_seq is not None:
            index = self.target_box.findData(chosen_seq)
            if index >= 0:
                self.target_box.setCurrentIndex(index)
        self.form.addRow("Event" if not review else "Raid", self.target_box)
        self.team_box = QComboBox()
        self.team_box.setObjectName("team")
        self.call_box = QComboBox()
        self.call_box.setObjectName("call")
        if review:
            for team, side in ((state.home, "home"), (state.away, "away")):
                self.team_box.addItem(f"{team.name} ({team.reviews_left} left)", side)
            self.call_box.addItem("The call stands", False)
            self.call_box.addItem("Overturned", True)
            self.form.addRow("Review by", self.team_box)
            self.form.addRow("Decision", self.call_box)
        # The raid editor
        self.outcome = QComboBox()
        self.outcome.setObjectName("outcome")
        for label in amend.OUTCOMES:
            self.outcome.addItem(label, label)
        self.raider = QLineEdit()
        self.raider.setObjectName("raider")
        self.defenders = QLineEdit()
        self.defenders.setObjectName("defenders")
        self.defenders.setPlaceholderText("numbers: touched if successful, tacklers if tackled")
        self.line_outs = QLineEdit()
        self.line_outs.setObjectName("line_outs")
        self.bonus = QCheckBox("Bonus")
        self.bonus.setObjectName("bonus")
        # Technical points and cards
        self.points = QSpinBox()
        self.points.setRange(1, 10)
        self.points.setObjectName("points")
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.passes = QCheckBox("The other team loses its raid turn")
        self.passes.setObjectName("passes_raid")
        self.color = QComboBox()
        self.color.setObjectName("color")
        for color in ("green", "yellow", "red"):
            self.color.addItem(color.capitalize(), color)
        self.rows: list[tuple[str, str, QWidget]] = [
            ("raid", "Outcome", self.outcome),
            ("raid", "Raider #", self.raider),
            ("raid", "Defenders #", self.defenders),
            ("raid", "Line-outs #", self.line_outs),
            ("raid", "", self.bonus),
            ("technical", "Points", self.points),
            ("technical", "Reason", self.reason),
            ("technical", "", self.passes),
            ("card", "Card", self.color),
        ]
        for _kind, label, widget in self.rows:
            self.form.addRow(label, widget)
        self.preview_label = QLabel()
        self.preview_label.setObjectName("preview")
        self.preview_label.setWordWrap(True)
        self.preview_label.setStyleSheet("padding: 6px; background: #F5F5F5;")
        self.form.addRow("After it", self.preview_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.send_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.send_button.setText("Send")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form.addRow(self.buttons)
        self.chosen: Event | None = None
        self.target_box.currentIndexChanged.connect(self._load)
        for box in (self.outcome, self.color, self.call_box, self.team_box):
            box.currentIndexChanged.connect(self._update)
        for line in (self.raider, self.defenders, self.line_outs, self.reason):
            line.textChanged.connect(self._update)
        for check in (self.bonus, self.passes):
            check.toggled.connect(self._update)
        self.points.valueChanged.connect(self._update)
        self._load()

    # --- the event being edited ------------------------------------------------------

    def target(self) -> UndoLink | None:
        seq = self.target_box.currentData()
        return next((link for link in self.targets if link.seq == seq), None)

    def _load(self) -> None:
        """Fill the editor with the chosen event as it stands."""
        link = self.target()
        event = link.event if link else None
        for kind, _label, widget in self.rows:
            shown = event is not None and event.type == kind
            widget.setVisible(shown)
            label_widget = self.form.labelForField(widget)
            if label_widget is not None:
                label_widget.setVisible(shown)
        if isinstance(event, Raid) and link is not None:
            attack = self._attack(link)
            before = link.before
            label = next(
                name
                for name, (kind, out) in amend.OUTCOMES.items()
                if kind == event.raid_type and out == event.raider_out
            )
            self.outcome.setCurrentIndex(self.outcome.findData(label))
            self.raider.setText(amend.numbers(before, attack, (event.raider_id,)))
            marked = event.touched_ids or event.tackler_ids
            self.defenders.setText(amend.numbers(before, other(attack), marked))
            self.line_outs.setText(amend.numbers(before, other(attack), event.line_out_ids))
            self.bonus.setChecked(event.bonus)
        elif isinstance(event, Technical):
            self.points.setValue(event.points)
            self.reason.setText(event.reason)
            self.passes.setChecked(event.passes_raid)
        elif isinstance(event, Card):
            self.color.setCurrentIndex(self.color.findData(event.color))
        self._update()

    def _attack(self, link: UndoLink) -> Side:
        assert isinstance(link.event, Raid)
        home_ids = {p.id for p in link.before.home.players}
        return "home" if link.event.raider_id in home_ids else "away"

    def edited(self) -> Correctable:
        """The chosen event as edited; ValueError says what is wrong with a field."""
        link = self.target()
        if link is None:
            raise ValueError(
                "There is no event to correct." if not self.is_review else "No raid yet."
            )
        event = link.event
        if isinstance(event, Raid):
            attack = self._attack(link)
            before = link.before
            kind, raider_out = amend.OUTCOMES[self.outcome.currentData()]
            raider = amend.ids_of(before, attack, self.raider.text())
            if len(raider) != 1:
                raise ValueError("Give the raider's number.")
            marked = amend.ids_of(before, other(attack), self.defenders.text())
            return Raid(
                client_event_id=new_event_id(),
                raider_id=raider[0],
                raid_type=kind,
                raider_out=raider_out,
                touched_ids=marked if kind == "successful" else (),
                tackler_ids=marked if kind == "unsuccessful" else (),
                line_out_ids=amend.ids_of(before, other(attack), self.line_outs.text()),
                bonus=self.bonus.isChecked(),
            )
        if isinstance(event, Technical):
            reason = self.reason.text().strip() or event.reason
            return event.model_copy(
                update={
                    "client_event_id": new_event_id(),
                    "points": self.points.value(),
                    "reason": reason,
                    "passes_raid": self.passes.isChecked(),
                }
            )
        if isinstance(event, Card):
            return event.model_copy(
                update={"client_event_id": new_event_id(), "color": self.color.currentData()}
            )
        raise ValueError(f"A {event.type} event cannot be corrected here.")

    def build(self) -> Event:
        link = self.target()
        if link is None:
            raise ValueError(
                "There is no raid to review." if self.is_review else "Nothing to correct."
            )
        if self.is_review:
            overturned = bool(self.call_box.currentData())
            raid = self.edited() if overturned else None
            assert raid is None or isinstance(raid, Raid)
            return amend.review(new_event_id(), self.team_box.currentData(), link.seq, raid)
        return amend.correction(new_event_id(), link.seq, self.edited())

    def _update(self) -> None:
        overturned = not self.is_review or bool(self.call_box.currentData())
        for kind, _label, widget in self.rows:
            widget.setEnabled(overturned or kind != "raid")
        try:
            event = self.build()
        except ValueError as error:
            self._show(None, str(error))
            return
        result = amend.preview(self.state, event, self.now)
        if result.refusal is not None:
            self._show(None, result.refusal)
            return
        self._show(event, f"<b>{result.score}</b><br>{result.line}")

    def _show(self, event: Event | None, text: str) -> None:
        self.chosen = event
        self.preview_label.setText(
            text if event is not None else f"<span style='color:#B00020'>{text}</span>"
        )
        self.send_button.setEnabled(event is not None)
        self.send_button.setToolTip("" if event is not None else text)

    def open_with(self, send: Callable[[Event], object]) -> None:
        """Show the dialog without blocking; ``send`` gets the event when it is sent."""
        self.accepted.connect(lambda: self.chosen is not None and send(self.chosen))
        self.open()
