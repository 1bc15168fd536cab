"""Cards, suspensions on the running clock, substitutions and technical points."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rules_kit import After, Match, check_after, stats_of, status

MINUTE = 60_000


def player(m: Match, player_id: str) -> tuple[str, int | None]:
    for team in (m.state.home, m.state.away):
        for p in team.players:
            if p.id == player_id:
                return p.status, p.suspended_until_ms
    raise KeyError(player_id)


def test_green_card_is_a_warning() -> None:
    m = Match()
    line = m.card("a1", "green")
    assert line == "Green card for Pawan (BEN): a warning"
    assert status(m.state, "a1") == "onCourt"
    assert m.state.home.score == 0
    assert stats_of(m.state, "a1")["green_cards"] == 1


def test_yellow_card_suspends_on_the_running_clock_only() -> None:
    m = Match()
    m.raid("h1", "empty", after=10_000)  # 10 s played
    line = m.card("a2", "yellow", after=0)
    assert line == "Yellow card for Saurabh (BEN): suspended for 2 min, +1 PAT"
    assert player(m, "a2") == ("suspended", 10_000 + 2 * MINUTE)
    assert "a2" not in m.state.away.on_court
    assert "a2" not in m.state.away.out_order
    assert m.state.home.points.technical == 1
    m.raid("a1", "empty", after=MINUTE)  # 1 min of the 2 has run
    m.clock("pause", after=0)
    m.raid("h1", "empty", after=5 * MINUTE)  # paused: the suspension does not run
    assert player(m, "a2")[0] == "suspended"
    m.clock("resume", after=0)
    m.raid("a1", "empty", after=MINUTE - 1)
    assert player(m, "a2")[0] == "suspended"
    line = m.raid("h2", "empty", after=1)
    assert player(m, "a2") == ("onCourt", None)
    assert m.state.away.on_court[-1] == "a2"
    assert line.endswith("(Saurabh back from suspension)")


def test_suspended_player_is_not_revived_in_his_place() -> None:
    m = Match()
    m.raid("h1", touched=("a1", "a2"))
    m.card("a3", "yellow")  # away: a4..a7 on the mat, a1, a2 out
    m.raid("a4", touched=("h1", "h2", "h3"))  # revives a1, a2 only
    assert m.state.away.out_order == []
    assert sorted(m.state.away.on_court) == ["a1", "a2", "a4", "a5", "a6", "a7"]
    assert status(m.state, "a3") == "suspended"


# A yellow card to a player who is out: he keeps his place in the queue, his suspension
# starts when he would have been revived, and the team plays short meanwhile.
YELLOW_WHILE_OUT: list[tuple[str, Callable[[Match], str], After]] = [
    (
        "carded while out",
        lambda m: m.card("a1", "yellow"),
        After(
            (3, 0),
            (7, 5),
            ([], ["a1", "a2"]),
            "Yellow card for Pawan (BEN), who is out: his 2 min suspension "
            "starts when he would be revived, +1 PAT",
        ),
    ),
    (
        "his revival starts the suspension",
        lambda m: m.raid("a3", touched=("h1",)),
        After(
            (3, 1),
            (6, 5),
            (["h1"], ["a2"]),
            "Mahender (BEN) raids: 1 touch point (Pardeep), Pawan (BEN) starts "
            "his suspension instead of coming back",
        ),
    ),
    (
        "back on the mat two minutes of play later",
        lambda m: m.raid("h2", "empty", after=2 * MINUTE),
        After(
            (3, 1),
            (6, 6),
            (["h1"], ["a2"]),
            "Sachin (PAT) raids: empty raid (Pawan back from suspension)",
        ),
    ),
]


def test_yellow_card_to_a_player_who_is_out() -> None:
    m = Match()
    m.raid("h1", touched=("a1", "a2"))
    for _name, step, after in YELLOW_WHILE_OUT:
        check_after(m, step(m), after)
    assert status(m.state, "a1") == "onCourt"


def test_a_player_carded_while_out_is_carded_once_and_can_still_be_sent_off() -> None:
    m = Match()
    m.raid("h1", touched=("a1",))
    m.card("a1", "yellow")
    error = m.refuse(m.card_event("a1", "yellow"))
    assert error.message == (
        "Pawan (BEN) is already carded: his suspension starts when he is revived."
    )
    m.card("a1", "red")
    assert status(m.state, "a1") == "sentOff"
    assert m.state.away.out_order == []


# A raid not begun in time: the opponent gets a technical point and the raid turn.
LOST_TURNS: list[tuple[str, Callable[[Match], str], After]] = [
    (
        "PAT lose their raid",
        lambda m: m.send(m.lost_turn_event("away")),
        After(
            (0, 1),
            (7, 7),
            ([], []),
            "Technical point +1 BEN: raid not begun in time — PAT lose their raid, BEN raid next",
        ),
    ),
    (
        "BEN raid",
        lambda m: m.empty("a1"),
        After(
            (0, 1),
            (7, 7),
            ([], []),
            "Pawan (BEN) raids: empty raid — next BEN raid is do-or-die",
        ),
    ),
    (
        "then PAT, whose empty count the lost turn did not touch",
        lambda m: m.empty("h2"),
        After(
            (0, 1),
            (7, 7),
            ([], []),
            "Sachin (PAT) raids: empty raid — next PAT raid is do-or-die",
        ),
    ),
]


def test_a_team_loses_its_raid_turn() -> None:
    m = Match()
    m.empty("h1")
    m.empty("a2")
    for _name, step, after in LOST_TURNS:
        check_after(m, step(m), after)
    assert (m.state.home.raids, m.state.away.raids) == (2, 2)
    assert m.state.home.do_or_die


def test_only_the_team_due_to_raid_loses_its_turn() -> None:
    m = Match()
    error = m.refuse(m.lost_turn_event("home"))
    assert error.message == (
        "Patna Pirates raid next already: the point for a lost raid turn goes to the other "
        "team, Bengaluru Bulls."
    )
    m.send(m.raid_start("h1"))
    error = m.refuse(m.lost_turn_event("away"))
    assert "enter the raid's result first" in error.message


# Six red cards and a yellow: BEN have nobody left. The all out is scored once; BEN pass
# their raid turns until their suspended player returns.
NOBODY_TO_RAID: list[tuple[str, Callable[[Match], str], After]] = [
    (
        "the last player leaves: all out, nobody to bring back",
        lambda m: m.card("a7", "yellow"),
        After(
            (9, 0),
            (7, 0),
            ([], []),
            "Yellow card for Ankush (BEN): suspended for 2 min, +1 PAT — ALL OUT "
            "on BEN, +2 PAT; Bengaluru Bulls have nobody to bring back",
        ),
    ),
    (
        "a raid against the empty mat is not all out again; BEN pass their turn",
        lambda m: m.empty("h1"),
        After(
            (9, 0),
            (7, 0),
            ([], []),
            "Pardeep (PAT) raids: empty raid — Bengaluru Bulls have nobody on "
            "the mat to raid: PAT raid",
        ),
    ),
    (
        "PAT raid again",
        lambda m: m.raid(
            "h2", bonus=False, touched=(), line_outs=(), kind="unsuccessful", raider_out="timeUp"
        ),
        After(
            (9, 1),
            (6, 0),
            (["h2"], []),
            "Sachin (PAT) raids: out of time (+1 BEN) — Bengaluru Bulls have "
            "nobody on the mat to raid: PAT raid",
        ),
    ),
    (
        "Ankush is back: BEN raid again",
        lambda m: m.empty("h3", after=2 * MINUTE),
        After(
            (9, 1),
            (6, 1),
            (["h2"], []),
            "Neeraj (PAT) raids: empty raid (Ankush back from suspension)",
        ),
    ),
]


def test_a_team_with_nobody_to_raid_passes_its_turn() -> None:
    m = Match()
    for player_id in ("a1", "a2", "a3", "a4", "a5", "a6"):
        m.card(player_id, "red")
    for _name, step, after in NOBODY_TO_RAID:
        check_after(m, step(m), after)
    assert m.state.home.all_outs_inflicted == 1
    assert m.state.raiding_team == "away"


def test_red_card_sends_off_for_the_match_even_through_an_all_out() -> None:
    m = Match()
    line = m.card("a7", "red")
    assert line == "Red card for Ankush (BEN): sent off, +1 PAT"
    m.raid("h1", touched=("a1", "a2", "a3", "a4", "a5", "a6"))
    s = m.state
    assert s.home.all_outs_inflicted == 1
    assert sorted(s.away.on_court) == ["a1", "a2", "a3", "a4", "a5", "a6"]
    assert status(s, "a7") == "sentOff"
    error = m.refuse(m.card_event("a7", "yellow"))
    assert error.message == "Ankush (BEN) has already been sent off."


def test_card_to_the_last_player_on_the_mat_is_an_all_out() -> None:
    m = Match()
    m.raid("h1", touched=("a1", "a2", "a3", "a4", "a5", "a6"))
    line = m.card("a7", "yellow")
    assert "ALL OUT on BEN, +2 PAT" in line
    assert sorted(m.state.away.on_court) == ["a1", "a2", "a3", "a4", "a5", "a6"]
    assert m.state.home.score == 6 + 1 + 2


def test_substitution_swaps_a_player_on_the_mat_for_one_on_the_bench() -> None:
    m = Match()
    line = m.send(m.sub_event("h3", "h8"))
    assert line == "Substitution PAT: Anand on for Neeraj"
    assert m.state.home.on_court == ["h1", "h2", "h8", "h4", "h5", "h6", "h7"]
    assert (status(m.state, "h3"), status(m.state, "h8")) == ("bench", "onCourt")
    assert m.state.home.substitutions_used == 1


SUB_REFUSALS = [
    ("player who is out", ("a1", "a8"), "Pawan (BEN) is out: only a player on the mat"),
    ("suspended player", ("a2", "a8"), "Saurabh (BEN) is suspended"),
    ("bench player going off", ("a9", "a8"), "is not on the mat"),
    ("incoming player on the mat", ("a3", "a4"), "Bharat (BEN) is not on the bench"),
    ("incoming player of the other team", ("a3", "h8"), "h8 is not in the Bengaluru Bulls squad"),
    ("unknown player", ("zz", "a8"), "There is no player zz"),
]


@pytest.mark.parametrize(
    ("ids", "message"), [c[1:] for c in SUB_REFUSALS], ids=[c[0] for c in SUB_REFUSALS]
)
def test_substitution_refusals(ids: tuple[str, str], message: str) -> None:
    m = Match()
    m.raid("h1", touched=("a1",))
    m.card("a2", "yellow")
    error = m.refuse(m.sub_event(*ids))
    assert error.code == "rule_violation"
    assert message in error.message


def test_substitutions_are_limited_and_not_during_a_raid() -> None:
    m = Match()
    for out, in_ in (("h1", "h8"), ("h2", "h9"), ("h8", "h1"), ("h3", "h10"), ("h4", "h11")):
        m.send(m.sub_event(out, in_))
    error = m.refuse(m.sub_event("h5", "h12"))
    assert error.message == "Patna Pirates have used all 5 substitutions."
    m.send(m.raid_start("h1"))
    error = m.refuse(m.sub_event("a1", "a8"))
    assert error.message == (
        "No substitutions while a raid is open (Pardeep (PAT) is raiding): "
        "enter the raid's result first."
    )


def test_technical_points_revive_nobody() -> None:
    m = Match()
    m.raid("h1", "unsuccessful")
    line = m.send(m.technical_event("home", 2))
    assert line == "Technical points +2 PAT: misconduct"
    assert m.state.home.points.technical == 2
    assert m.state.home.out_order == ["h1"]


CARD_REFUSALS = [
    ("yellow to the bench", ("a9", "yellow"), "on the bench"),
    ("second yellow", ("a2", "yellow"), "suspended already"),
    ("unknown player", ("x1", "red"), "There is no player x1"),
]


@pytest.mark.parametrize(
    ("card", "message"), [c[1:] for c in CARD_REFUSALS], ids=[c[0] for c in CARD_REFUSALS]
)
def test_card_refusals(card: tuple[str, str], message: str) -> None:
    m = Match()
    m.card("a2", "yellow")
    error = m.refuse(m.card_event(*card))  # type: ignore[arg-type]
    assert error.code == "rule_violation"
    assert message in error.message


def test_red_card_after_a_yellow_and_on_the_bench() -> None:
    m = Match()
    m.card("a2", "yellow")
    m.card("a2", "red")
    m.card("a9", "red")
    s = m.state
    assert status(s, "a2") == status(s, "a9") == "sentOff"
    assert s.home.points.technical == 3
    m.raid("h1", "empty", after=10 * MINUTE)
    assert status(m.state, "a2") == "sentOff"
