"""The raid being entered: raider, marked defenders, bonus; and what the rules allow.

Marked defenders are the ones touched for a successful raid and the tacklers for
a tackled one. A raider out without a tackle (out of bounds, lobby, baulk line, cant,
time up) is an unsuccessful raid with that reason and no tacklers. Whether an outcome
is allowed is asked of the rules engine itself, on the preview state, so a button is
never enabled for an event the relay refuses.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QObject, Signal

from desktop.ledger import Ledger
from desktop.stamps import new_event_id
from relay.rules.events import Raid, RaiderOut, RaidStart
from relay.rules.state import MatchState

Outcome = Literal["successful", "unsuccessful", "empty"]
OUTCOMES: tuple[Outcome, ...] = ("successful", "unsuccessful", "empty")
RAIDER_OUTS: tuple[RaiderOut, ...] = ("outOfBounds", "lobby", "baulkLine", "cant", "timeUp")


class RaidDraft(QObject):
    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.raider_id: str | None = None
        self.marked: list[str] = []
        self.bonus = False

    def clear(self) -> None:
        self.raider_id, self.marked, self.bonus = None, [], False
        self.changed.emit()

    def set_raider(self, player_id: str | None) -> None:
        self.raider_id = player_id
        self.changed.emit()

    def toggle_marked(self, player_id: str) -> None:
        if player_id in self.marked:
            self.marked.remove(player_id)
        else:
            self.marked.append(player_id)
        self.changed.emit()

    def toggle_bonus(self) -> None:
        self.bonus = not self.bonus
        self.changed.emit()

    def build(
        self, outcome: Outcome, bonus: bool | None = None, raider_out: RaiderOut | None = None
    ) -> Raid:
        raider = self.raider_id or ""
        marked = tuple(self.marked)
        return Raid(
            client_event_id=new_event_id(),
            raider_id=raider,
            raid_type=outcome,
            touched_ids=marked if outcome == "successful" else (),
            tackler_ids=marked if outcome == "unsuccessful" else (),
            bonus=self.bonus if bonus is None else bonus,
            raider_out=raider_out,
        )

    def build_start(self) -> RaidStart:
        return RaidStart(client_event_id=new_event_id(), raider_id=self.raider_id or "")

    def refusals(self, ledger: Ledger) -> dict[str, str | None]:
        """For each action ("successful", "unsuccessful", "empty", each raider-out reason,
        "bonus", "raidStart"): None when the rules accept it now, else the reason they give."""
        actions = (*OUTCOMES, *RAIDER_OUTS, "bonus", "raidStart")
        state = ledger.preview
        if state is None:
            return dict.fromkeys(actions, "Set the match up first.")
        if self.raider_id is None:
            return dict.fromkeys(
                actions, "Pick the raider first (click a tile or type the number)."
            )
        now = ledger.relay_now()
        result: dict[str, str | None] = {
            outcome: ledger.check(self.build(outcome), now) for outcome in OUTCOMES
        }
        for reason in RAIDER_OUTS:
            out = self.build("unsuccessful", raider_out=reason)
            result[reason] = ledger.check(out, now)
        result["raidStart"] = ledger.check(self.build_start(), now)
        if self.bonus:
            result["bonus"] = None  # switching it off is always allowed
        else:
            tries = [ledger.check(self.build(o, bonus=True), now) for o in OUTCOMES[:2]]
            result["bonus"] = None if None in tries else tries[0]
        return result

    def defending_team(self, state: MatchState | None) -> str | None:
        if state is None:
            return None
        return "away" if state.raiding_team == "home" else "home"
