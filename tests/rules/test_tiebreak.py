"""The five-raid tie-break and the golden raid, as the Pro Kabaddi League plays them."""

from __future__ import annotations

from typing import Any

import pytest
from rules_kit import After, Match, check_after, status

from relay.rules.events import Toss
from relay.rules.settings import SettingsOverrides

FIVE_RAIDS = SettingsOverrides(tie_break="fiveRaids")
EACH_TEAM = SettingsOverrides(tie_break="fiveRaids", golden_raid="eachTeam")


def to_tie_break(m: Match) -> None:
    m.raid("h1", touched=("a1",))
    m.raid("a2", touched=("h2",))
    m.clock("endHalf")
    m.clock("start")
    assert m.clock("endHalf").endswith("a tie-break of five raids a team follows")
    assert (m.state.phase, m.state.winner) == ("fullTime", None)
    assert "start the tie-break" in m.refuse(m.raid_event("h1", "empty")).message
    assert m.clock("start").endswith("Tie-break: five raids a team, PAT raid first")
    assert (m.state.home.out_order, status(m.state, "h2")) == ([], "onCourt")


# Seven a side throughout: nobody goes out or comes back; every raid is do-or-die.
TIE_BREAK_RAIDS: list[tuple[str, Any, After]] = [
    (
        "touches and bonus count, nobody goes out",
        lambda m: m.raid("h1", touched=("a1", "a2"), bonus=True),
        After(
            (4, 1),
            (7, 7),
            ([], []),
            "Pardeep (PAT) raids: 2 touch points (Pawan, Saurabh), bonus — super raid",
        ),
    ),
    (
        "a tackle is 1 point, the raider stays",
        lambda m: m.raid("a1", "unsuccessful", tacklers=("h3",)),
        After((5, 1), (7, 7), ([], []), "Pawan (BEN) raids: tackled by Neeraj"),
    ),
    (
        "an empty raid gives the defence a point",
        lambda m: m.empty("h2"),
        After((5, 2), (7, 7), ([], []), "Sachin (PAT) raids: empty raid (+1 BEN)"),
    ),
    (
        "a raider out of bounds gives the defence a point",
        lambda m: m.out("a2", "outOfBounds"),
        After((6, 2), (7, 7), ([], []), "Saurabh (BEN) raids: out of bounds (+1 PAT)"),
    ),
    (
        "a line-out counts, the defender stays",
        lambda m: m.raid("h3", line_outs=("a3",)),
        After(
            (7, 2),
            (7, 7),
            ([], []),
            "Neeraj (PAT) raids: Mahender out of bounds (+1)",
        ),
    ),
]


def test_tie_break_raids() -> None:
    m = Match(settings=FIVE_RAIDS)
    to_tie_break(m)
    for _name, step, after in TIE_BREAK_RAIDS:
        check_after(m, step(m), after)
    assert m.state.away.extras.do_or_die == 1
    assert (m.state.home.all_outs_inflicted, m.state.away.all_outs_inflicted) == (0, 0)


def test_the_baulk_line_is_the_bonus_line_whoever_is_on_the_mat() -> None:
    m = Match(settings=FIVE_RAIDS)
    to_tie_break(m)
    m.card("a4", "yellow")
    m.card("a5", "yellow")
    assert len(m.state.away.on_court) == 5
    check_after(
        m,
        m.raid("h1", bonus=True),
        After((4, 1), (7, 5), ([], []), "Pardeep (PAT) raids: bonus"),
    )


def level_after_ten_raids(m: Match) -> str:
    to_tie_break(m)
    line = ""
    for home, away in zip(
        ("h1", "h2", "h3", "h4", "h5"), ("a1", "a2", "a3", "a4", "a5"), strict=True
    ):
        m.empty(home)
        line = m.empty(away)
    return line


def test_level_tie_break_goes_to_a_golden_raid_raided_by_the_toss_winner() -> None:
    m = Match(settings=FIVE_RAIDS)
    assert level_after_ten_raids(m) == (
        "Aman (BEN) raids: empty raid (+1 PAT) — Still level: golden raid, "
        "a toss decides who raids it"
    )
    assert m.state.tie_break is not None
    assert m.state.tie_break.raids == {
        "home": ["h1", "h2", "h3", "h4", "h5"],
        "away": ["a1", "a2", "a3", "a4", "a5"],
    }
    assert m.state.phase == "goldenRaid"
    error = m.refuse(m.raid_event("a6", "empty"))
    assert error.message == "Golden raid: enter the toss (who raids it) first."
    assert m.toss("away") == "Bengaluru Bulls win the toss and raid the golden raid"
    assert m.state.raiding_team == "away"
    line = m.raid("a7", "unsuccessful", tacklers=("h7",))
    assert line == "Ankush (BEN) raids: tackled by Sajin — Full time: Patna Pirates win"
    assert (m.state.phase, m.state.winner) == ("finished", "home")
    assert not m.state.clock.running


def test_still_level_after_the_golden_raid_a_toss_decides() -> None:
    m = Match(settings=FIVE_RAIDS)
    level_after_ten_raids(m)
    m.toss("home")
    line = m.raid("h6", "unsuccessful", bonus=True, tacklers=("a6",))
    assert line == (
        "Rohit (PAT) raids: tackled by Vikash, bonus — Still level after the "
        "golden raid: a toss decides the match"
    )
    error = m.refuse(m.raid_event("a6", "empty"))
    assert error.message == "The golden raid is over and the scores are level: enter the toss."
    assert m.toss("away") == "Bengaluru Bulls win the match on the toss"
    assert (m.state.phase, m.state.winner) == ("finished", "away")


def test_golden_raid_for_each_team_when_the_settings_say_so() -> None:
    m = Match(settings=EACH_TEAM)
    level_after_ten_raids(m)
    m.toss("away")
    line = m.raid("a7", "unsuccessful", bonus=True, tacklers=("h7",))
    assert line == (
        "Ankush (BEN) raids: tackled by Sajin, bonus — Still level: PAT raid their golden raid"
    )
    line = m.empty("h6")
    assert line == "Rohit (PAT) raids: empty raid (+1 BEN) — Full time: Bengaluru Bulls win"


def test_tie_break_raiders_raid_once_and_it_can_be_won_in_five_raids() -> None:
    m = Match(settings=FIVE_RAIDS)
    to_tie_break(m)
    m.raid("h1", touched=("a7",))
    m.raid("a1", touched=("h1",))
    error = m.refuse(m.raid_event("h1", "empty"))
    assert error.message == (
        "Pardeep (PAT) has already raided in the tie-break; "
        "each raider raids once (so far: Pardeep)."
    )
    for home, away in (("h2", "a2"), ("h3", "a3"), ("h4", "a4")):
        m.raid(home, touched=("a7",))
        m.raid(away, touched=("h7",))
    m.raid("h5", touched=("a7",))
    assert m.state.phase == "tieBreak"
    line = m.empty("a5")
    assert line.endswith("Full time: Patna Pirates win")
    assert m.state.winner == "home"


def test_technical_point_in_the_golden_raid_decides() -> None:
    m = Match(settings=FIVE_RAIDS)
    level_after_ten_raids(m)
    m.send(m.technical_event("away"))
    assert m.state.winner == "away"
    assert "the match is over" in m.refuse(m.technical_event("home")).message


@pytest.mark.parametrize("phase", ["firstHalf", "tieBreak"])
def test_a_toss_is_only_for_the_golden_raid(phase: str) -> None:
    m = Match(settings=FIVE_RAIDS)
    if phase == "tieBreak":
        to_tie_break(m)
    error = m.refuse(Toss(client_event_id="t", winner="home"))
    assert error.message == (
        "A toss is taken only for the golden raid, when the tie-break is level."
    )
