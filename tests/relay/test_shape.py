"""The protocol-2 state's shape: players keyed by id, no nulls, and back again."""

from __future__ import annotations

import copy
import json

import pytest

from relay.rules import apply
from relay.rules.demo import demo_setup
from relay.rules.events import Card, Clock
from relay.shape import match_state, wire_state


def started() -> object:
    state, _ = apply(None, demo_setup(), 1_000)
    state, _ = apply(state, Clock(client_event_id="c", action="start"), 2_000)
    state, _ = apply(state, Card(client_event_id="y", player_id="a2", color="yellow"), 3_000)
    return state


def test_players_are_keyed_by_id_in_squad_order_and_nulls_are_left_out() -> None:
    state = started()
    shaped = wire_state(state)  # type: ignore[arg-type]
    home = shaped["home"]
    assert home["squad"][:3] == ["h1", "h2", "h3"]
    assert home["players"]["h1"] == {
        "name": "Pardeep", "number": 1, "status": "onCourt", "stats": {}
    }  # fmt: skip
    away = shaped["away"]["players"]["a2"]
    assert (away["status"], away["suspendedUntilMs"]) == ("suspended", 1_000 + 120_000)
    assert away["stats"] == {"yellowCards": 1}
    assert "raidClock" not in shaped
    assert "winner" not in shaped
    assert "null" not in json.dumps(shaped)


def test_the_shape_turns_back_into_the_same_state() -> None:
    state = started()
    assert match_state(wire_state(state)) == state  # type: ignore[arg-type]


def test_members_a_newer_relay_adds_are_left_out_and_named() -> None:
    state = started()
    shaped = wire_state(state)  # type: ignore[arg-type]
    shaped["home"]["players"]["h1"]["mood"] = "happy"
    shaped["weather"] = "rain"
    kept = copy.deepcopy(shaped)
    ignored: set[str] = set()
    assert match_state(shaped, ignored) == state
    assert ignored == {"home.players.0.mood", "weather"}
    assert shaped == kept  # later patches apply to what the relay sent


@pytest.mark.parametrize(
    "broken",
    [
        lambda s: s["home"].pop("squad"),
        lambda s: s["home"]["squad"].append("h99"),
        lambda s: s["away"]["players"].pop("a1"),
        lambda s: s["home"].__setitem__("score", "many"),
    ],
)
def test_what_is_not_a_match_state_is_refused(broken: object) -> None:
    shaped = wire_state(started())  # type: ignore[arg-type]
    broken(shaped)  # type: ignore[operator]
    with pytest.raises(ValueError):  # noqa: PT011 - pydantic's and ours
        match_state(shaped)
