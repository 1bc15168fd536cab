"""The legal choices of the substitution and card dialogs, asked of the rules engine.

Each candidate event is checked on the match as the scorer sees it, so a dialog offers
only what the relay would accept (no other team's bench, no player already sent off),
and when nothing is legal it can say why in the engine's words. No Qt, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from desktop.ledger import Ledger
from desktop.stamps import new_event_id
from relay.rules.events import Card, Side, Substitution
from relay.rules.state import PlayerState

CardColor = Literal["green", "yellow", "red"]
CARD_COLORS: tuple[CardColor, ...] = ("green", "yellow", "red")


@dataclass(frozen=True)
class Pick:
    id: str
    number: int
    name: str

    @property
    def label(self) -> str:
        return f"{self.number}  {self.name}"


@dataclass(frozen=True)
class SubstitutionChoices:
    off: list[Pick]  # on the mat, with someone on the bench who may replace them
    on: list[Pick]  # on the bench, free to come on
    refusal: str | None = None  # why there is no legal substitution, in the rules' words


@dataclass(frozen=True)
class CardChoices:
    players: list[Pick]  # may be shown at least one card
    colors: dict[str, list[str]]  # player id -> the colours the rules allow for him
    refusal: str | None = None


def _pick(player: PlayerState) -> Pick:
    return Pick(player.id, player.number, player.name)


def substitution_choices(ledger: Ledger, side: Side, now: int) -> SubstitutionChoices:
    state = ledger.preview
    if state is None:
        return SubstitutionChoices([], [], "Set up the match first.")
    team = state.home if side == "home" else state.away
    legal: list[tuple[PlayerState, PlayerState]] = []
    refusal: str | None = None
    for leaving in team.players:
        for coming in team.players:
            if leaving.id == coming.id:
                continue
            event = Substitution(client_event_id=new_event_id(), out_id=leaving.id, in_id=coming.id)
            reason = ledger.check(event, now)
            if reason is None:
                legal.append((leaving, coming))
            elif refusal is None and leaving.status == "onCourt" and coming.status == "bench":
                refusal = reason
    off = {p.id: p for p, _ in legal}
    on = {p.id: p for _, p in legal}
    ordered = team.players
    if not legal:
        refusal = refusal or f"{team.name} have nobody on the bench to bring on."
    return SubstitutionChoices(
        [_pick(p) for p in ordered if p.id in off],
        [_pick(p) for p in ordered if p.id in on],
        None if legal else refusal,
    )


def card_choices(ledger: Ledger, side: Side, now: int) -> CardChoices:
    state = ledger.preview
    if state is None:
        return CardChoices([], {}, "Set up the match first.")
    team = state.home if side == "home" else state.away
    colors: dict[str, list[str]] = {}
    refusal: str | None = None
    for player in team.players:
        for color in CARD_COLORS:
            reason = ledger.check(
                Card(client_event_id=new_event_id(), player_id=player.id, color=color), now
            )
            if reason is None:
                colors.setdefault(player.id, []).append(color)
            elif refusal is None:
                refusal = reason
    return CardChoices(
        [_pick(p) for p in team.players if p.id in colors],
        colors,
        None if colors else refusal,
    )
