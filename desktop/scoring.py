"""The scorer's intents turned into events: raid entry by number keys or clicks.

Sits between the widgets and the client. Typed jersey numbers go to a small buffer:
the first number picks the raider (of the raiding team), later ones mark defenders.
Only players on the mat count, so with the usual squads a single digit is taken at
once; otherwise a number is taken when no longer number of a player on the mat
could follow it, on Enter, on any action key, or after a short pause.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from desktop import amend, choices
from desktop.choices import CardChoices, SubstitutionChoices
from desktop.client import ScorerClient
from desktop.match_view import MatchView
from desktop.models.raid_draft import Outcome, RaidDraft
from desktop.stamps import new_event_id
from relay.rules.events import (
    Card,
    Clock,
    Event,
    RaiderOut,
    Setup,
    Side,
    Substitution,
    Technical,
    Timeout,
    Undo,
)
from relay.rules.phases import clock_button
from relay.rules.state import MatchState, PlayerState, TeamState

NUMBER_PAUSE_MS = 900


class ScoringController(QObject):
    typedChanged = Signal(str)
    message = Signal(str)  # a short note for the scorer (why a key did nothing)

    def __init__(self, client: ScorerClient, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.draft = RaidDraft(self)
        self.typed = ""
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(NUMBER_PAUSE_MS)
        self._pause.timeout.connect(self.commit_number)
        client.changed.connect(self._drop_stale_draft)
        self.history = amend.History()
        # Made after the line above, so the window never draws a raider that is stale.
        self.view = MatchView(client, self)

    @property
    def state(self) -> MatchState | None:
        return self.client.ledger.preview

    def refusals(self) -> dict[str, str | None]:
        return self.draft.refusals(self.client.ledger)

    def match_refusals(self) -> dict[str, str | None]:
        """Why the rules would refuse each match-level action now (None: allowed).

        Cards, technical points and substitutions depend on what the dialog picks;
        they are only refused before the match is set up.
        """
        ledger = self.client.ledger
        if ledger.preview is None:
            unset = "Set up the match first."
            return dict.fromkeys(
                ("endHalf", "timeout", "technical", "card", "substitution", "lostTurn"), unset
            )
        now = ledger.relay_now()
        end_half = ledger.check(Clock(client_event_id=new_event_id(), action="endHalf"), now)
        timeouts = [
            ledger.check(Timeout(client_event_id=new_event_id(), team=side), now)
            for side in ("home", "away")
        ]
        timeout = None if None in timeouts else " ".join(dict.fromkeys(str(t) for t in timeouts))
        lost_turn = self.lost_turn_event()
        return {
            "endHalf": end_half,
            "timeout": timeout,
            "technical": None,
            "card": None,
            "substitution": None,
            "lostTurn": ledger.check(lost_turn, now) if lost_turn else "Set up the match first.",
        }

    def timeout_refusals(self) -> dict[str, str | None]:
        """Why each team may not take a timeout now (None: it may)."""
        ledger = self.client.ledger
        if ledger.preview is None:
            return dict.fromkeys(("home", "away"), "Set up the match first.")
        now = ledger.relay_now()
        return {
            side: ledger.check(Timeout(client_event_id=new_event_id(), team=side), now)
            for side in ("home", "away")
        }

    def history_state(self) -> MatchState | None:
        """The match with its history, for corrections and reviews (None: not available)."""
        return self.history.state(self.client.ledger, self.client.ledger.relay_now())

    def amend_refusals(self) -> dict[str, str | None]:
        """Why a correction or a review cannot be made now (None: the dialog may open)."""
        state = self.history_state()
        problem = self.history.problem
        if state is None:
            reason = problem or "Nothing to correct yet."
            return {"correct": reason, "review": reason}
        correct = None if amend.correctable(state) else "Nothing to correct yet."
        latest = amend.latest_raid(state)
        if latest is None:
            return {"correct": correct, "review": "No raid yet to review."}
        now = self.client.ledger.relay_now()
        reasons = [
            amend.preview(state, amend.review(new_event_id(), side, latest.seq, None), now).refusal
            for side in ("home", "away")
        ]
        review = None if None in reasons else " ".join(dict.fromkeys(str(r) for r in reasons))
        return {"correct": correct, "review": review}

    # --- picking players -------------------------------------------------------------

    def pick(self, player_id: str) -> None:
        """A tile was clicked: a raider of the raiding team, or a defender to mark."""
        state = self.state
        if state is None:
            return
        raiding = _team(state, state.raiding_team)
        if any(p.id == player_id for p in raiding.players):
            self.draft.set_raider(None if self.draft.raider_id == player_id else player_id)
        else:
            self.draft.toggle_marked(player_id)

    def type_digit(self, digit: str) -> None:
        team = self._typing_team()
        if team is None:
            self.message.emit("Set up the match first: jersey numbers pick players.")
            return
        self.typed += digit
        self.typedChanged.emit(self.typed)
        longer = any(
            str(p.number).startswith(self.typed) and str(p.number) != self.typed
            for p in _on_mat(team)
        )
        if longer:
            self._pause.start()
        else:
            self.commit_number()

    def commit_number(self, explain: bool = False) -> None:
        """Take the typed number; ``explain``: say so when nothing was typed (Enter)."""
        self._pause.stop()
        typed, self.typed = self.typed, ""
        self.typedChanged.emit("")
        team = self._typing_team()
        if team is None:
            return
        if not typed:
            if explain:
                self.message.emit("Type a jersey number first, then Enter.")
            return
        player = next((p for p in _on_mat(team) if p.number == int(typed)), None)
        if player is None:
            self.message.emit(f"No #{typed} of {team.name} on the mat.")
            return
        if self.draft.raider_id is None:
            self.draft.set_raider(player.id)
        else:
            self.draft.toggle_marked(player.id)

    def _typing_team(self) -> TeamState | None:
        state = self.state
        if state is None:
            return None
        side = state.raiding_team
        if self.draft.raider_id is not None:
            side = "away" if side == "home" else "home"
        return _team(state, side)

    # --- recording -------------------------------------------------------------------

    def toggle_bonus(self) -> None:
        self.commit_number()
        if self._refused("bonus"):
            return
        self.draft.toggle_bonus()

    def finish_raid(self, outcome: Outcome) -> bool:
        self.commit_number()
        if self._refused(outcome):
            return False
        self.submit(self.draft.build(outcome))
        self.draft.clear()
        return True

    def raider_out(self, reason: RaiderOut) -> bool:
        """The raider went out by himself: +1 to the defence, no tackle."""
        self.commit_number()
        if self._refused(reason):
            return False
        self.submit(self.draft.build("unsuccessful", raider_out=reason))
        self.draft.clear()
        return True

    def lost_turn_event(self) -> Technical | None:
        """The raiding team did not begin its raid in time: the other team gets a point
        and the turn."""
        state = self.state
        if state is None:
            return None
        return Technical(
            client_event_id=new_event_id(),
            team="away" if state.raiding_team == "home" else "home",
            points=1,
            reason="Raid not begun in time",
            passes_raid=True,
        )

    def lost_turn(self) -> bool:
        event = self.lost_turn_event()
        return event is not None and self.try_submit(event)

    def start_raid(self) -> bool:
        self.commit_number()
        if self._refused("raidStart"):
            return False
        self.submit(self.draft.build_start())
        return True

    def clear(self) -> None:
        if not self.typed and self.draft.raider_id is None and not self.draft.bonus:
            self.message.emit("Nothing to clear: no raid is being entered.")
            return
        self._pause.stop()
        self.typed = ""
        self.typedChanged.emit("")
        self.draft.clear()

    def clock_refusal(self) -> str | None:
        """Why the rules would refuse the clock key now; None when they accept it."""
        event = self.clock_action()
        if event is None:
            return None
        return self.client.ledger.check(event, self.client.ledger.relay_now())

    def clock_action(self) -> Clock | None:
        """The clock event the clock key means now: start, pause or resume."""
        state = self.state
        action = None if state is None else clock_button(state.phase, state.clock.running)
        if action is None:
            return None
        return Clock(client_event_id=new_event_id(), action=action)

    def toggle_clock(self) -> bool:
        event = self.clock_action()
        if event is None:
            self.message.emit("The match clock does not run now.")
            return False
        return self.try_submit(event)

    def end_half(self) -> bool:
        return self.try_submit(Clock(client_event_id=new_event_id(), action="endHalf"))

    def timeout(self, team: Side) -> bool:
        return self.try_submit(Timeout(client_event_id=new_event_id(), team=team))

    def technical(self, team: Side, points: int, reason: str) -> bool:
        return self.try_submit(
            Technical(client_event_id=new_event_id(), team=team, points=points, reason=reason)
        )

    def card(self, player_id: str, color: str) -> bool:
        return self.try_submit(
            Card(client_event_id=new_event_id(), player_id=player_id, color=color)
        )

    def substitution(self, out_id: str, in_id: str) -> bool:
        return self.try_submit(
            Substitution(client_event_id=new_event_id(), out_id=out_id, in_id=in_id)
        )

    def substitution_choices(self, side: Side) -> SubstitutionChoices:
        return choices.substitution_choices(
            self.client.ledger, side, self.client.ledger.relay_now()
        )

    def card_choices(self, side: Side) -> CardChoices:
        ledger = self.client.ledger
        return choices.card_choices(ledger, side, ledger.relay_now())

    def setup(self, setup: Setup) -> bool:
        return self.try_submit(setup)

    def undo_target(self) -> tuple[int, str] | None:
        """The seq and line of the event an undo would take back (accepted events only)."""
        latest = self.client.ledger.latest_in_effect()
        if latest is None or latest.event.type == "setup":
            return None
        return latest.seq, latest.text

    def undo(self) -> bool:
        target = self.undo_target()
        if target is None:
            self.message.emit("Nothing to undo.")
            return False
        self.submit(Undo(client_event_id=new_event_id(), target_seq=target[0]))
        return True

    def try_submit(self, event: Event) -> bool:
        reason = self.client.ledger.check(event, self.client.ledger.relay_now())
        if reason is not None:
            self.message.emit(reason)
            return False
        self.submit(event)
        return True

    def submit(self, event: Event) -> None:
        self.client.submit(event)

    def _refused(self, action: str) -> bool:
        reason = self.refusals().get(action)
        if reason is not None:
            self.message.emit(reason)
            return True
        return False

    def _drop_stale_draft(self) -> None:
        state = self.state
        raider = self.draft.raider_id
        if state is None or raider is None:
            return
        raiding = _team(state, state.raiding_team)
        if not any(p.id == raider for p in raiding.players):
            self.draft.clear()


def _on_mat(team: TeamState) -> list[PlayerState]:
    return [p for p in team.players if p.status == "onCourt"]


def _team(state: MatchState, side: Side) -> TeamState:
    return state.home if side == "home" else state.away
