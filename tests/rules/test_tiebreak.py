"""The five-raid tie-break and the golden raid."""

from __future__ import annotations

from rules_kit import Match, status

from relay.rules.settings import SettingsOverrides

FIVE_RAIDS = SettingsOverrides(tie_break="fiveRaids")


def to_tie_break(m: Match) -> None:
    m.raid("h1", touched=("a1",))
    m.raid("a2", touched=("h2",))
    m.clock("endHalf")
    m.clock("start")
    assert m.clock("endHalf").endswith("a tie-break of five raids a team follows")
    assert (m.state.phase, m.state.winner) == ("fullTime", None)
    assert "start the tie-break" in m.refuse(m.raid_event("h1", "empty")).message
    assert m.clock("start").endswith("Tie-break: five raids a team, PAT raid first")


def test_level_tie_break_goes_to_a_golden_raid() -> None:
    m = Match(settings=FIVE_RAIDS)
    to_tie_break(m)
    s = m.state
    assert (s.phase, s.clock.half, s.raiding_team) == ("tieBreak", 3, "home")
    assert s.home.out_order == []
    assert status(s, "a1") == "onCourt"
    for home, away in zip(
        ("h1", "h2", "h3", "h4", "h5"), ("a1", "a2", "a3", "a4", "a5"), strict=True
    ):
        m.empty(home)
        line = m.empty(away)
    assert not m.state.home.do_or_die  # no do-or-die in the tie-break
    assert line.endswith("Still level: golden raid, BEN raid")
    assert m.state.tie_break is not None
    assert m.state.tie_break.raids == {
        "home": ["h1", "h2", "h3", "h4", "h5"],
        "away": ["a1", "a2", "a3", "a4", "a5"],
    }
    assert (m.state.phase, m.state.raiding_team) == ("goldenRaid", "away")
    m.empty("a6")
    m.empty("h6")
    line = m.raid("a7", "unsuccessful", tacklers=("h7",))
    assert line.endswith("Full time: Patna Pirates win")
    assert (m.state.phase, m.state.winner, m.state.home.score) == ("finished", "home", 2)
    assert not m.state.clock.running


def test_tie_break_raiders_raid_once_and_it_can_be_won_in_five_raids() -> None:
    m = Match(settings=FIVE_RAIDS)
    to_tie_break(m)
    m.raid("h1", touched=("a7",))
    m.empty("a1")
    error = m.refuse(m.raid_event("h1", "empty"))
    assert error.message == (
        "Pardeep (PAT) has already raided in the tie-break; "
        "each raider raids once (so far: Pardeep)."
    )
    for home, away in (("h2", "a2"), ("h3", "a3"), ("h4", "a4")):
        m.empty(home)
        m.empty(away)
    m.empty("h5")
    assert m.state.phase == "tieBreak"
    line = m.empty("a5")
    assert line.endswith("Full time: Patna Pirates win")
    assert m.state.winner == "home"


def test_technical_point_in_the_golden_raid_decides() -> None:
    m = Match(settings=FIVE_RAIDS)
    to_tie_break(m)
    for home, away in zip(
        ("h1", "h2", "h3", "h4", "h5"), ("a1", "a2", "a3", "a4", "a5"), strict=True
    ):
        m.empty(home)
        m.empty(away)
    m.send(m.technical_event("away"))
    assert m.state.winner == "away"
    assert "the match is over" in m.refuse(m.technical_event("home")).message
