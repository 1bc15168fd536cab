"""Setup: the first event, its checks, presets and overrides; events before setup."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from relay.rules import RuleError, apply
from relay.rules.demo import demo_setup, demo_team
from relay.rules.events import Clock, Player, Setup, Team
from relay.rules.settings import SettingsOverrides


def test_setup_lays_out_both_teams() -> None:
    state, line = apply(None, demo_setup(first_raid="away"), 5)
    assert line == ("Patna Pirates v Bengaluru Bulls (pkl rules), BEN won the toss and raid first")
    assert (state.last_seq, state.last_event_at, state.phase) == (1, 5, "scheduled")
    assert state.home.on_court == ["h1", "h2", "h3", "h4", "h5", "h6", "h7"]
    assert [p.status for p in state.away.players] == ["onCourt"] * 7 + ["bench"] * 5
    assert state.raiding_team == state.first_raid == "away"
    assert state.home.timeouts_left == 2
    assert state.settings.do_or_die_after_empty == 2
    assert state.top_raider is None
    assert state.winner is None


def test_presets_and_overrides() -> None:
    state, _ = apply(None, demo_setup(rules="amateur"), 0)
    assert state.settings.do_or_die_after_empty == 0
    overrides = SettingsOverrides(timeouts_per_half=3, tie_break="fiveRaids", squad_max=15)
    state, _ = apply(None, demo_setup(settings=overrides), 0)
    assert (state.home.timeouts_left, state.settings.tie_break) == (3, "fiveRaids")


def _with_home(change: Callable[[Team], Team]) -> Setup:
    setup = demo_setup()
    return setup.model_copy(update={"home": change(setup.home)})


def _players(team: Team, players: tuple[Player, ...]) -> Team:
    return team.model_copy(update={"players": players})


BAD_SETUPS: list[tuple[str, Setup, str]] = [
    (
        "duplicate id",
        _with_home(
            lambda t: _players(t, (*t.players[:11], Player(id="h1", name="Extra", number=99)))
        ),
        "Patna Pirates name player id h1 twice.",
    ),
    (
        "duplicate number",
        _with_home(
            lambda t: _players(t, (*t.players[:11], Player(id="h12", name="Extra", number=3)))
        ),
        "Patna Pirates: Neeraj and Extra both wear number 3.",
    ),
    (
        "starter not in squad",
        _with_home(
            lambda t: t.model_copy(update={"starting": ("h1", "h2", "h3", "h4", "h5", "h6", "x7")})
        ),
        "Patna Pirates: starting player x7 is not in the squad.",
    ),
    (
        "starter twice",
        _with_home(
            lambda t: t.model_copy(update={"starting": ("h1", "h1", "h3", "h4", "h5", "h6", "h7")})
        ),
        "Patna Pirates name a starting player twice",
    ),
    (
        "squad too large",
        _with_home(lambda t: _players(t, (*t.players, Player(id="h13", name="Extra", number=13)))),
        "Patna Pirates name 13 players; a squad has at most 12.",
    ),
    (
        "same id in both teams",
        demo_setup().model_copy(
            update={"away": demo_team("home").model_copy(update={"name": "Copy"})}
        ),
        "Player ids in both squads: h1, h10, h11, h12",
    ),
]


@pytest.mark.parametrize(
    ("setup", "message"), [c[1:] for c in BAD_SETUPS], ids=[c[0] for c in BAD_SETUPS]
)
def test_bad_setups_are_refused(setup: Setup, message: str) -> None:
    with pytest.raises(RuleError) as caught:
        apply(None, setup, 0)
    assert caught.value.code == "rule_violation"
    assert message in caught.value.message


def test_events_before_setup_and_a_second_setup() -> None:
    with pytest.raises(RuleError) as caught:
        apply(None, Clock(client_event_id="c1", action="start"), 0)
    assert caught.value.code == "not_set_up"
    state, _ = apply(None, demo_setup(), 0)
    with pytest.raises(RuleError) as caught:
        apply(state, demo_setup(), 1)
    assert caught.value.code == "already_set_up"
