"""The Qt models over the match state, without widgets."""

from __future__ import annotations

from desktop_helpers import raid, start_clock
from PySide6.QtCore import Qt

from desktop.ledger import Ledger
from desktop.models.play_by_play import PlayByPlayModel
from desktop.models.players import PlayerRole, PlayersModel
from desktop.models.scoreboard import ScoreboardModel
from relay.rules import apply
from relay.rules.demo import demo_setup
from relay.rules.events import Card, Clock
from relay.rules.state import MatchState
from relay.wire import LoggedEvent, Score


def played() -> tuple[MatchState, Ledger]:
    ledger = Ledger()
    state = None
    for seq, (event, at) in enumerate(
        [
            (demo_setup(), 1_000),
            (start_clock(), 2_000),
            (raid("h1", touched=("a1", "a2")), 62_000),
        ],
        1,
    ):
        state, text = apply(state, event, at)
        by_asha = event.model_copy(update={"by": "Asha"})
        ledger.log.append(LoggedEvent(seq=seq, event=by_asha, text=text, score=Score.of(state)))
    assert state is not None
    ledger.confirmed = state
    ledger.recompute(62_000)
    return state, ledger


def test_scoreboard_model() -> None:
    state, _ = played()
    model = ScoreboardModel()
    seen: list[None] = []
    model.changed.connect(lambda: seen.append(None))
    model.update(state)
    assert seen
    home, away = model.team("home"), model.team("away")
    assert home is not None
    assert away is not None
    assert (home.score, away.score, away.on_mat) == (2, 0, 5)
    assert model.raiding == "away"
    assert model.phase_text == "1st half"
    assert model.clock_text(62_000) == "19:00"  # 60 s played of a 20-minute half
    assert model.clock_text(122_000) == "18:00"
    model.update(state.model_copy(update={"phase": "tieBreak"}))
    assert (model.phase_text, model.clock_text(122_000)) == ("Tie-break", "")
    model.update(state.model_copy(update={"phase": "halfTime"}))
    assert (model.phase_text, model.clock_text(122_000)) == ("Half-time", "18:00")


def test_players_model_orders_mat_then_revival_queue() -> None:
    state, _ = played()
    model = PlayersModel("away")
    model.update(state)
    ids = [model.data(model.index(r), PlayerRole.Id) for r in range(model.rowCount())]
    assert ids[:5] == ["a3", "a4", "a5", "a6", "a7"]
    assert ids[5:7] == ["a1", "a2"]
    assert model.data(model.index(5), PlayerRole.Revival) == 1
    assert model.data(model.index(6), PlayerRole.Status) == "out"
    assert model.data(model.index(0), Qt.ItemDataRole.DisplayRole) == "3 Mahender"
    assert model.by_number(12) is not None
    home = PlayersModel("home")
    home.update(state)
    assert home.data(home.index(0), PlayerRole.RaidPoints) == 2


def test_play_by_play_model_shows_pending_and_refused() -> None:
    _, ledger = played()
    ledger.enter(raid("a3", "empty"), 70_000)
    bad = raid("h9", "empty")
    ledger.enter(bad, 70_000)
    ledger.refused(bad.client_event_id, "rule_violation", "Raider h9 is not on the mat")
    model = PlayByPlayModel()
    model.update(ledger, me="Asha")
    rows = model.rows()
    assert [(r.seq, r.status) for r in rows] == [
        (1, "accepted"),
        (2, "accepted"),
        (3, "accepted"),
        (None, "rejected"),
        (None, "pending"),
    ]
    assert model.data(model.index(3, 4)) == "refused"
    tip = model.data(model.index(3, 4), Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith("\nRaider h9 is not on the mat")
    assert model.data(model.index(3, 2)).endswith("— not recorded")
    assert model.data(model.index(4, 4)) == "sending…"
    assert model.data(model.index(4, 2)).endswith("empty raid")
    assert model.data(model.index(2, 3)) == "Asha"
    # The score after each event, from data; the line itself is a sentence.
    scores = [model.data(model.index(row, 1)) for row in range(5)]
    assert scores == ["PAT 0–0 BEN", "PAT 0–0 BEN", "PAT 2–0 BEN", "", "PAT 2–0 BEN"]
    assert model.data(model.index(2, 2)).startswith("Pardeep")


def test_suspension_counts_down_on_the_match_clock() -> None:
    state, _ = played()
    yellow = Card(client_event_id="y", player_id="a4", color="yellow")
    state, _ = apply(state, yellow, 70_000)
    model = PlayersModel("away")
    model.update(state)
    bharat = next(p for p in model.players() if p.id == "a4")
    assert bharat.status == "suspended"
    assert model.suspension_left_ms(bharat, 70_000) == 120_000
    assert model.suspension_left_ms(bharat, 100_000) == 90_000
    paused, _ = apply(state, Clock(client_event_id="p", action="pause"), 100_000)
    model.update(paused)
    assert model.suspension_left_ms(bharat, 500_000) == 90_000  # the clock is stopped
