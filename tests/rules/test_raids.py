"""Raids: points, revivals, bonus, tackles, super tackles, line-outs, do-or-die, all outs."""

from __future__ import annotations

from typing import Any

import pytest
from rules_kit import After, Match, check_after, parts_sum, stats_of, status

from relay.rules.settings import SettingsOverrides

# One raid by h1 (home raids first) against the full away seven.
# (kwargs, home points, away points, home on mat, away on mat, away out_order)
FIRST_RAIDS: list[
    tuple[str, dict[str, Any], dict[str, int], dict[str, int], int, int, list[str]]
] = [
    ("one touch", {"touched": ("a1",)}, {"raid": 1}, {}, 7, 6, ["a1"]),
    ("two touches", {"touched": ("a1", "a2")}, {"raid": 2}, {}, 7, 5, ["a1", "a2"]),
    (
        "touches and bonus",
        {"touched": ("a3", "a1"), "bonus": True},
        {"raid": 3},
        {},
        7,
        5,
        ["a3", "a1"],
    ),
    ("bonus only", {"bonus": True}, {"raid": 1}, {}, 7, 7, []),
    ("line-out", {"line_outs": ("a4",)}, {"extra": 1}, {}, 7, 6, ["a4"]),
    (
        "touch and line-out",
        {"touched": ("a1",), "line_outs": ("a2",)},
        {"raid": 1, "extra": 1},
        {},
        7,
        5,
        ["a1", "a2"],
    ),
    ("tackle", {"kind": "unsuccessful", "tacklers": ("a1",)}, {}, {"tackle": 1}, 6, 7, []),
    ("tackle, nobody named", {"kind": "unsuccessful"}, {}, {"tackle": 1}, 6, 7, []),
    (
        "tackle after a bonus",
        {"kind": "unsuccessful", "bonus": True},
        {"raid": 1},
        {"tackle": 1},
        6,
        7,
        [],
    ),
    (
        "tackle with a line-out",
        {"kind": "unsuccessful", "line_outs": ("a7",)},
        {"extra": 1},
        {"tackle": 1},
        7,
        7,
        [],
    ),
    (
        "raider out of bounds",
        {"kind": "unsuccessful", "raider_out": "outOfBounds"},
        {},
        {"extra": 1},
        6,
        7,
        [],
    ),
    ("empty", {"kind": "empty"}, {}, {}, 7, 7, []),
]


@pytest.mark.parametrize(
    ("kwargs", "home_points", "away_points", "home_on", "away_on", "away_out"),
    [case[1:] for case in FIRST_RAIDS],
    ids=[case[0] for case in FIRST_RAIDS],
)
def test_first_raid(
    kwargs: dict[str, Any],
    home_points: dict[str, int],
    away_points: dict[str, int],
    home_on: int,
    away_on: int,
    away_out: list[str],
) -> None:
    m = Match()
    m.raid("h1", **kwargs)
    s = m.state
    for team, expected in ((s.home, home_points), (s.away, away_points)):
        points = team.points.model_dump(by_alias=False)
        assert points == {k: expected.get(k, 0) for k in points}
        assert team.score == sum(expected.values()) == parts_sum(team)
    assert (len(s.home.on_court), len(s.away.on_court)) == (home_on, away_on)
    assert s.away.out_order == away_out
    assert all(status(s, p) == "out" for p in away_out)
    assert s.raiding_team == "away"
    assert s.home.raids == 1
    assert stats_of(s, "h1")["raids"] == 1


def test_raid_credits_the_raider_and_the_touched_defenders() -> None:
    m = Match()
    line = m.raid("h1", touched=("a2", "a3"), bonus=True)
    assert line == ("Pardeep (PAT) raids: 2 touch points (Saurabh, Mahender), bonus — super raid")
    h1 = stats_of(m.state, "h1")
    assert (h1["raid_points"], h1["touch_points"], h1["bonus_points"]) == (3, 2, 1)
    assert (h1["raids_successful"], h1["super_raids"]) == (1, 1)
    assert stats_of(m.state, "a2")["tackles_failed"] == 1


def test_touch_points_revive_the_raiding_team_first_out_first_back() -> None:
    m = Match()
    m.raid("h1", "unsuccessful", tacklers=("a1",))  # h1 out
    m.raid("a2", touched=("h2", "h3", "h4"))  # h2, h3, h4 out; away revives nobody
    assert m.state.home.out_order == ["h1", "h2", "h3", "h4"]
    m.raid("h5", touched=("a3",), line_outs=("a4",))  # 2 points: h1 and h2 back
    assert m.state.home.out_order == ["h3", "h4"]
    assert m.state.home.on_court[-2:] == ["h1", "h2"]
    assert status(m.state, "h1") == status(m.state, "h2") == "onCourt"


def test_bonus_revives_nobody() -> None:
    m = Match()
    m.raid("h1", "unsuccessful")  # h1 out
    m.raid("a1", "empty")
    m.raid("h2", bonus=True)
    assert m.state.home.out_order == ["h1"]


def test_tackle_revives_exactly_one_defender() -> None:
    m = Match()
    m.raid("h1", touched=("a1", "a2"))
    m.raid("a3", "empty")
    m.raid("h2", "unsuccessful", tacklers=("a3", "a4"))
    assert m.state.away.out_order == ["a2"]
    assert m.state.away.on_court[-1] == "a1"
    a3, a4 = stats_of(m.state, "a3"), stats_of(m.state, "a4")
    assert (a3["tackle_points"], a3["tackles_successful"], a3["tackles"]) == (1, 1, 1)
    assert (a4["tackle_points"], a4["tackles_successful"]) == (0, 1)
    assert stats_of(m.state, "h2")["raids_unsuccessful"] == 1


def test_super_tackle_scores_two_and_revives_one() -> None:
    m = Match()
    m.raid("h1", touched=("a1", "a2", "a3", "a4"))  # away down to 3
    m.raid("a5", "empty")
    line = m.raid("h2", "unsuccessful", tacklers=("a6", "a7"))
    s = m.state
    assert "SUPER TACKLE by Vikash, Ankush (+2 BEN)" in line
    assert s.away.points.tackle == 2
    assert s.away.out_order == ["a2", "a3", "a4"]  # only a1 back
    assert len(s.away.on_court) == 4
    a6 = stats_of(s, "a6")
    assert (a6["tackle_points"], a6["super_tackles"]) == (2, 1)
    assert stats_of(s, "a7")["super_tackles"] == 0


def test_no_super_tackle_with_four_defenders() -> None:
    m = Match()
    m.raid("h1", touched=("a1", "a2", "a3"))
    m.raid("a5", "empty")
    m.raid("h2", "unsuccessful", tacklers=("a6",))
    assert m.state.away.points.tackle == 1


def test_multi_touch_raid_causes_an_all_out_with_revivals_in_play() -> None:
    m = Match()
    m.raid("h1", touched=("a1", "a2"))  # away 5 on
    m.raid("a3", "unsuccessful", tacklers=("h2",))  # a3 out: away 4 on
    m.raid("h1", touched=("a4",))  # away 3 on: a5, a6, a7
    m.raid("a5", touched=("h2",))  # h2 out; away revives a1: a5, a6, a7, a1
    assert m.state.away.on_court == ["a5", "a6", "a7", "a1"]
    line = m.raid("h1", touched=("a5", "a6", "a7", "a1"))
    s = m.state
    assert "ALL OUT on BEN, +2 PAT" in line
    assert "Sachin back for PAT" in line
    assert s.home.points.model_dump(by_alias=False) == {
        "raid": 7,
        "tackle": 1,
        "all_out": 2,
        "extra": 0,
        "technical": 0,
    }
    assert (s.home.score, s.away.score) == (10, 1)
    assert s.home.all_outs_inflicted == 1
    assert len(s.away.on_court) == 7
    assert s.away.out_order == []
    assert len(s.home.on_court) == 7
    assert s.home.out_order == []
    assert stats_of(s, "h1")["raid_points"] == 7


def test_raider_tackled_as_last_man_is_all_out() -> None:
    m = Match(first_raid="away", rules="amateur")
    for raider in ("a1", "a2", "a3"):
        # Each away raider is tackled in turn; home raids are empty in between.
        m.raid(raider, touched=(), kind="unsuccessful")
        m.raid("h1", "empty")
    m.raid("a4", "unsuccessful")
    m.raid("h1", touched=("a5", "a6"))
    assert m.state.away.on_court == ["a7"]
    line = m.raid("a7", "unsuccessful", tacklers=("h2",))
    assert "ALL OUT on BEN, +2 PAT" in line
    assert len(m.state.away.on_court) == 7
    assert m.state.home.all_outs_inflicted == 1


def test_bonus_refused_with_five_defenders() -> None:
    m = Match()
    m.raid("h1", touched=("a1", "a2"))
    m.raid("a3", "empty")
    error = m.refuse(m.raid_event("h2", bonus=True))
    assert error.code == "rule_violation"
    assert error.message == "No bonus: it needs 6 defenders on the mat and Bengaluru Bulls have 5."


def test_bonus_allowed_with_six_defenders_and_by_setting() -> None:
    m = Match()
    m.raid("h1", touched=("a1",))
    m.raid("a3", "empty")
    m.raid("h2", bonus=True)
    assert m.state.home.points.raid == 2
    m = Match(settings=SettingsOverrides(bonus_min_defenders=5))
    m.raid("h1", touched=("a1", "a2"))
    m.raid("a3", "empty")
    m.raid("h2", bonus=True)
    assert m.state.home.points.raid == 3


def test_do_or_die_after_two_empty_raids() -> None:
    m = Match()
    m.empty("h1")
    m.empty("a1")
    assert m.state.home.do_or_die is False
    line = m.empty("h2")
    assert line.endswith("next PAT raid is do-or-die")
    assert (m.state.home.do_or_die, m.state.home.empty_raids) == (True, 2)
    m.empty("a2")  # away's second empty: away's next raid is do-or-die
    assert m.state.away.do_or_die
    start = m.send(m.raid_start("h3"))
    assert start.endswith("Neeraj (PAT) goes in to raid — do-or-die")
    line = m.empty("h3")
    s = m.state
    assert "empty do-or-die raid, Neeraj is out (+1 BEN)" in line
    assert status(s, "h3") == "out"
    assert s.away.points.extra == 1
    assert not s.home.do_or_die
    assert s.home.empty_raids == 0
    assert stats_of(s, "h3")["raids_unsuccessful"] == 1
    m.raid("a3", touched=("h4",))  # away's do-or-die raid scores: count reset
    away = m.state.away
    assert (away.do_or_die, away.empty_raids, away.out_order) == (False, 0, [])


def test_any_scoring_raid_resets_the_empty_count() -> None:
    m = Match()
    m.empty("h1")
    m.empty("a1")
    m.raid("h2", "unsuccessful")
    m.empty("a1")
    m.empty("h3")
    assert m.state.home.empty_raids == 1
    assert not m.state.home.do_or_die


def test_amateur_rules_have_no_do_or_die() -> None:
    m = Match(rules="amateur")
    for _ in range(4):
        m.empty("h1")
        m.empty("a1")
    assert not m.state.home.do_or_die
    assert m.state.home.empty_raids == 0


def test_raids_alternate_and_the_wrong_team_is_refused() -> None:
    m = Match()
    m.raid("h1", "empty")
    error = m.refuse(m.raid_event("h2", "empty"))
    assert error.message == ("Bengaluru Bulls raid now, and Sachin (PAT) plays for Patna Pirates.")


REFUSED_RAIDS: list[tuple[str, dict[str, Any], str]] = [
    ("raider of the other team", {"raider": "a1"}, "Patna Pirates raid now"),
    (
        "raider on the bench",
        {"raider": "h8"},
        "Raider h8 is not on the mat: Patna Pirates have h1, h2, h3, h4, h5, h6, h7 on the mat.",
    ),
    ("unknown raider", {"raider": "x9"}, "There is no player x9"),
    (
        "touching a team-mate",
        {"touched": ("h2",)},
        "Touched player h2 is not a defender on the mat",
    ),
    (
        "touching the bench",
        {"touched": ("a8",)},
        "Touched player a8 is not a defender on the mat: Bengaluru Bulls have a1",
    ),
    ("touching twice", {"touched": ("a1", "a1")}, "named twice"),
    (
        "tackler on the bench",
        {"kind": "unsuccessful", "tacklers": ("a9",)},
        "Tackler a9 is not a defender on the mat",
    ),
    ("line-out on the bench", {"line_outs": ("a9",)}, "Player out of bounds a9 is not a defender"),
    (
        "tacklers in a successful raid",
        {"touched": ("a1",), "tacklers": ("a2",)},
        "Tacklers are named only",
    ),
    (
        "touches in a tackle",
        {"kind": "unsuccessful", "touched": ("a1",)},
        "Touch points count only",
    ),
    ("successful with nothing", {}, "needs a touch, a bonus or a line-out"),
    ("empty with a bonus", {"kind": "empty", "bonus": True}, "is not empty"),
    (
        "touched and out of bounds",
        {"touched": ("a1",), "line_outs": ("a1",)},
        "both touched and out",
    ),
    (
        "line-out who tackles",
        {"kind": "unsuccessful", "tacklers": ("a1",), "line_outs": ("a1",)},
        "cannot be a tackler",
    ),
]


@pytest.mark.parametrize(
    ("kwargs", "message"), [c[1:] for c in REFUSED_RAIDS], ids=[c[0] for c in REFUSED_RAIDS]
)
def test_refused_raids(kwargs: dict[str, Any], message: str) -> None:
    m = Match()
    raider = kwargs.pop("raider", "h1")
    error = m.refuse(m.raid_event(raider, **kwargs))
    assert error.code == "rule_violation"
    assert message in error.message


def test_raid_before_the_clock_starts_is_refused() -> None:
    m = Match(started=False)
    for event in (m.raid_event("h1", "empty"), m.raid_start("h1")):
        error = m.refuse(event)
        assert error.code == "rule_violation"
        assert "start the match clock" in error.message


def test_raid_clock_runs_from_raid_start_until_the_raid() -> None:
    m = Match()
    m.send(m.raid_start("h1"))
    clock = m.state.raid_clock
    assert clock is not None
    assert (clock.team, clock.raider_id, clock.started_at, clock.seconds) == (
        "home",
        "h1",
        m.now,
        30,
    )
    assert m.state.raiding_team == "home"
    m.raid("h1", "empty")
    assert m.state.raid_clock is None


def test_a_raid_while_the_clock_is_paused_counts() -> None:
    m = Match()
    m.clock("pause")
    m.raid("h1", touched=("a1",))
    assert m.state.home.score == 1


# A raider who goes out without being caught: +1 to the defence as an extra, never a tackle.
RAIDER_OUTS = [
    ("outOfBounds", "Pardeep (PAT) raids: out of bounds (+1 BEN)"),
    ("lobby", "Pardeep (PAT) raids: out in the lobby (+1 BEN)"),
    ("baulkLine", "Pardeep (PAT) raids: short of the baulk line (+1 BEN)"),
    ("cant", "Pardeep (PAT) raids: lost his cant (+1 BEN)"),
    ("timeUp", "Pardeep (PAT) raids: out of time (+1 BEN)"),
]


@pytest.mark.parametrize(("reason", "line"), RAIDER_OUTS, ids=[r[0] for r in RAIDER_OUTS])
def test_raider_out_without_a_tackle(reason: Any, line: str) -> None:
    m = Match()
    said = m.out("h1", reason)
    check_after(m, said, After((0, 1), (6, 7), (["h1"], []), f"{line}"))
    away = m.state.away
    assert (away.points.extra, away.extras.raider_out, away.points.tackle, away.tackles) == (
        1,
        1,
        0,
        0,
    )
    assert stats_of(m.state, "h1")["raids_unsuccessful"] == 1
    assert all(stats_of(m.state, p)["tackles"] == 0 for p in away.on_court)


def three_defenders_left(m: Match) -> None:
    m.raid("h1", touched=("a1", "a2", "a3", "a4"))  # BEN down to a5, a6, a7
    m.empty("a5")


# (name, the raid by h2 against three defenders, what follows)
AGAINST_THREE = [
    (
        "raider out: +1, not a super tackle",
        {"kind": "unsuccessful", "raider_out": "outOfBounds"},
        After(
            (4, 1),
            (6, 4),
            (["h2"], ["a2", "a3", "a4"]),
            "Sachin (PAT) raids: out of bounds (+1 BEN), Pawan back for BEN",
        ),
    ),
    (
        "tackle: a super tackle",
        {"kind": "unsuccessful", "tacklers": ("a5",)},
        After(
            (4, 2),
            (6, 4),
            (["h2"], ["a2", "a3", "a4"]),
            "Sachin (PAT) raids: SUPER TACKLE by Aman (+2 BEN), Pawan back for BEN",
        ),
    ),
    (
        "raider in the lobby with a bonus-less line-out",
        {"kind": "unsuccessful", "raider_out": "lobby", "line_outs": ("a6",)},
        After(
            (5, 1),
            (7, 3),
            ([], ["a2", "a3", "a4", "a6"]),
            "Sachin (PAT) raids: out in the lobby (+1 BEN), Vikash out of bounds "
            "(+1), Pawan back for BEN, Sachin back for PAT",
        ),
    ),
]


@pytest.mark.parametrize(
    ("raid", "after"), [c[1:] for c in AGAINST_THREE], ids=[c[0] for c in AGAINST_THREE]
)
def test_raider_out_against_three_defenders(raid: dict[str, Any], after: After) -> None:
    m = Match()
    three_defenders_left(m)
    check_after(m, m.raid("h2", **raid), after)


RAIDER_OUT_REFUSALS = [
    (
        "with tacklers",
        {"kind": "unsuccessful", "raider_out": "cant", "tacklers": ("a1",)},
        "either tackled (tacklers) or out by himself (raider out), not both",
    ),
    (
        "on a successful raid",
        {"touched": ("a1",), "raider_out": "outOfBounds"},
        "A raider out is an unsuccessful raid",
    ),
    (
        "short of the baulk line with a bonus",
        {"kind": "unsuccessful", "raider_out": "baulkLine", "bonus": True},
        "did not cross the baulk line cannot have a bonus",
    ),
]


@pytest.mark.parametrize(
    ("raid", "message"),
    [c[1:] for c in RAIDER_OUT_REFUSALS],
    ids=[c[0] for c in RAIDER_OUT_REFUSALS],
)
def test_raider_out_refusals(raid: dict[str, Any], message: str) -> None:
    m = Match()
    error = m.refuse(m.raid_event("h1", **raid))
    assert error.code == "rule_violation"
    assert message in error.message


def test_bonus_stands_when_the_raider_goes_out_of_bounds() -> None:
    m = Match()
    line = m.out("h1", "outOfBounds", bonus=True)
    check_after(
        m,
        line,
        After(
            (1, 1),
            (6, 7),
            (["h1"], []),
            "Pardeep (PAT) raids: out of bounds (+1 BEN), bonus",
        ),
    )


# Revivals are settled at the end of the raid, after all its outs, one per point each side
# scored, first out first back (players out in this raid included).
REVIVALS = [
    (
        "tackle and a line-out: 1-1, seven each",
        [],
        ("h1", {"kind": "unsuccessful", "tacklers": ("a1",), "line_outs": ("a7",)}),
        After(
            (1, 1),
            (7, 7),
            ([], []),
            "Pardeep (PAT) raids: tackled by Pawan, Ankush out of bounds (+1), "
            "Ankush back for BEN, Pardeep back for PAT",
        ),
    ),
    (
        "the longest out comes back before the one out in this raid",
        [("h1", {"kind": "unsuccessful", "tacklers": ("a1",)})],
        ("a2", {"kind": "unsuccessful", "tacklers": ("h2",), "line_outs": ("h3",)}),
        After(
            (1, 2),
            (6, 7),
            (["h3"], []),
            "Saurabh (BEN) raids: tackled by Sachin, Neeraj out of bounds (+1), "
            "Pardeep back for PAT, Saurabh back for BEN",
        ),
    ),
    (
        "two touches and a line-out bring back three, the queue first",
        [
            ("h1", {"kind": "unsuccessful", "tacklers": ("a1",)}),
            ("a2", {"touched": ("h2",)}),
        ],
        ("h3", {"touched": ("a3", "a4"), "line_outs": ("a5",)}),
        After(
            (3, 2),
            (7, 4),
            ([], ["a3", "a4", "a5"]),
            "Neeraj (PAT) raids: 2 touch points (Mahender, Bharat), Aman out of "
            "bounds (+1), Pardeep, Sachin back for PAT",
        ),
    ),
]


@pytest.mark.parametrize(
    ("before", "raid", "after"), [c[1:] for c in REVIVALS], ids=[c[0] for c in REVIVALS]
)
def test_revivals_are_settled_at_the_end_of_the_raid(
    before: list[tuple[str, dict[str, Any]]], raid: tuple[str, dict[str, Any]], after: After
) -> None:
    m = Match()
    for raider, kwargs in before:
        m.raid(raider, **kwargs)
    check_after(m, m.raid(raid[0], **raid[1]), after)
