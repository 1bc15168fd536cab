"""Statistics: super 10, high 5, super raids, leaders; scores are the sum of their parts."""

from __future__ import annotations

from rules_kit import Match, parts_sum, stats_of


def test_super10_and_the_top_raider() -> None:
    m = Match()
    for _ in range(5):
        # Each side touches two and revives two: both stay at seven.
        m.raid("h1", touched=("a2", "a3"))
        m.raid("a1", touched=("h2", "h3"))
    s = m.state
    h1 = stats_of(s, "h1")
    assert (h1["raid_points"], h1["touch_points"], h1["super10"], h1["super_raids"]) == (
        10,
        10,
        True,
        0,
    )
    assert stats_of(s, "a2")["tackles_failed"] == 5
    assert s.top_raider is not None
    assert (s.top_raider.player_id, s.top_raider.team, s.top_raider.points) == ("h1", "home", 10)
    assert s.home.score == parts_sum(s.home) == 10
    assert s.away.score == parts_sum(s.away) == 10


def test_high5_and_the_top_defender() -> None:
    m = Match(first_raid="away")
    for _ in range(5):
        # Each side tackles the other's raider, and the tackle revives the one lost.
        m.raid("a1", "unsuccessful", tacklers=("h7", "h6"))
        m.raid("h1", "unsuccessful", tacklers=("a7",))
    s = m.state
    h7, h6 = stats_of(s, "h7"), stats_of(s, "h6")
    assert (h7["tackle_points"], h7["high5"], h7["tackles_successful"]) == (5, True, 5)
    assert (h6["tackle_points"], h6["high5"], h6["tackles_successful"]) == (0, False, 5)
    assert s.top_defender is not None
    assert (s.top_defender.player_id, s.top_defender.points) == ("h7", 5)
    assert (s.home.points.tackle, s.away.points.tackle) == (5, 5)


def test_leader_keeps_the_lead_on_a_tie() -> None:
    m = Match()
    m.raid("h1", touched=("a1",))
    m.raid("a2", touched=("h1",))
    assert m.state.top_raider is not None
    assert m.state.top_raider.player_id == "h1"
    m.raid("h2", touched=("a3", "a4"))
    assert m.state.top_raider is not None
    assert m.state.top_raider.player_id == "h2"


def test_team_raid_and_tackle_counts() -> None:
    m = Match()
    m.raid("h1", "unsuccessful", tacklers=("a1",))
    m.raid("a2", "empty")
    m.raid("h2", touched=("a1",))
    s = m.state
    assert (s.home.raids, s.away.raids, s.away.tackles, s.home.tackles) == (2, 1, 1, 0)
    assert stats_of(s, "a1")["tackles"] == 2  # one made, one failed
    assert stats_of(s, "a1")["tackles_failed"] == 1
    assert stats_of(s, "a2")["raids_empty"] == 1


def test_do_or_die_raids_and_their_success_per_player_and_team() -> None:
    m = Match()
    m.empty("h1")
    m.empty("a1")
    m.empty("h1")  # PAT's next raid is do-or-die
    m.empty("a1")  # BEN's too
    m.raid("h2", touched=("a2",))  # do-or-die, successful
    m.empty("a3")  # do-or-die, failed: a3 out
    m.empty("h1")
    m.empty("a1")
    m.empty("h1")  # do-or-die again for PAT
    m.out("a1", "cant")
    m.raid("h2", "unsuccessful", tacklers=("a4",))  # do-or-die, tackled
    s = m.state
    assert (s.home.do_or_die_raids, s.home.do_or_die_successful) == (2, 1)
    assert (s.away.do_or_die_raids, s.away.do_or_die_successful) == (1, 0)
    h2, a3 = stats_of(s, "h2"), stats_of(s, "a3")
    assert (h2["do_or_die_raids"], h2["do_or_die_successful"]) == (2, 1)
    assert (a3["do_or_die_raids"], a3["do_or_die_successful"]) == (1, 0)


def test_extras_by_kind() -> None:
    m = Match()
    m.raid("h1", touched=("a1",), line_outs=("a2",))  # PAT: line-out
    m.out("a3", "outOfBounds")  # PAT: raider out
    m.raid("h2", "unsuccessful", line_outs=("a4",), tacklers=("a5",))  # PAT: line-out
    s = m.state
    home = s.home.extras
    assert (home.line_out, home.raider_out, home.do_or_die) == (2, 1, 0)
    assert s.home.points.extra == 3
    assert (s.away.points.extra, s.away.points.tackle) == (0, 1)
