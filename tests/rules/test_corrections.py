"""Corrections of earlier events and team reviews of the latest raid."""

from __future__ import annotations

import json

from rules_kit import After, Match, check_after

from relay.rules import MatchState, apply, replay
from relay.rules.settings import SettingsOverrides


def content(state: MatchState) -> dict[str, object]:
    data: dict[str, object] = json.loads(state.model_dump_json())
    del data["lastSeq"], data["lastEventAt"]
    return data


def three_raids(m: Match) -> None:
    m.raid("h1", "unsuccessful", tacklers=("a1",))  # 3: PAT 0-1, h1 out
    m.raid("a2", touched=("h2",))  # 4: PAT 0-2, h2 out, nobody for BEN to revive
    m.raid("h3", touched=("a3",))  # 5: PAT 1-2, a3 out, h1 back


def test_a_correction_replaces_an_earlier_raid_and_replays_the_rest() -> None:
    m = Match()
    three_raids(m)
    fixed = m.raid_event("h1", "unsuccessful", raider_out="outOfBounds")
    line = m.correct(3, fixed)
    check_after(
        m,
        line,
        After(
            (1, 2),
            (6, 6),
            (["h2"], ["a3"]),
            "CORRECTED #3: Pardeep (PAT) raids: out of bounds (+1 BEN) "
            "(was: Pardeep (PAT) raids: tackled by Pawan)",
        ),
    )
    away = m.state.away
    assert (away.points.tackle, away.extras.raider_out, away.tackles) == (0, 1, 0)
    assert m.state.last_seq == 6
    # The log keeps the original and the correction; replaying it gives the same match.
    assert [e.type for e, _ in m.log] == ["setup", "clock", "raid", "raid", "raid", "correct"]
    replayed = replay(m.log)
    assert replayed == m.state
    # ... as does the log as if the raid had been called right the first time.
    right_first_time = list(m.log[:-1])
    right_first_time[2] = (fixed, m.log[2][1])
    from_scratch = replay(right_first_time)
    assert from_scratch is not None
    assert content(from_scratch) == content(m.state)


def test_a_correction_that_no_longer_fits_a_later_event_is_refused() -> None:
    m = Match()
    three_raids(m)
    # Had h1 touched Saurabh (a2) in raid #3, Saurabh could not have raided #4.
    error = m.refuse(m.correct_event(3, m.raid_event("h1", touched=("a2",))))
    assert (error.code, error.message) == (
        "conflict",
        "Correcting #3 no longer fits #4 (Saurabh (BEN) raids: 1 touch point (Sachin)): "
        "Raider a2 is not on the mat: Bengaluru Bulls have a1, a3, a4, a5, a6, a7 on the mat.",
    )


def test_correction_refusals() -> None:
    m = Match()
    three_raids(m)
    m.undo(5)  # 6
    wrong_type = m.refuse(m.correct_event(4, m.card_event("a1", "green")))
    assert (wrong_type.code, wrong_type.message) == (
        "rule_violation",
        "#4 is a raid event: a correction replaces it with another raid, not a card.",
    )
    undone = m.refuse(m.correct_event(5, m.raid_event("h3", "empty")))
    assert (undone.code, undone.message) == (
        "conflict",
        "#5 is not an event in effect: it was undone, or it is the setup, an undo or a "
        "correction (correct the event itself).",
    )
    future = m.refuse(m.correct_event(9, m.raid_event("h3", "empty")))
    assert future.message == "There is no event #9: the latest is #6."
    refused = m.refuse(m.correct_event(4, m.raid_event("a2", touched=("h9",))))
    assert refused.code == "rule_violation"
    assert refused.message.startswith("The corrected #4 is refused: Touched player h9 is not")


def test_undo_takes_a_correction_back() -> None:
    m = Match()
    three_raids(m)
    before = m.state
    m.correct(4, m.raid_event("a2", "empty"))
    assert m.undo(6) == (
        "Undone: CORRECTED #4: Saurabh (BEN) raids: empty raid "
        "(was: Saurabh (BEN) raids: 1 touch point (Sachin))"
    )
    assert content(m.state) == content(before)
    assert replay(m.log) == m.state


def test_corrections_of_corrected_matches_and_later_undo() -> None:
    m = Match()
    three_raids(m)
    m.correct(3, m.raid_event("h1", "unsuccessful", raider_out="lobby"))  # 6
    m.correct(5, m.raid_event("h3", touched=("a3", "a4")))  # 7
    m.correct(3, m.raid_event("h1", "unsuccessful", raider_out="cant"))  # 8
    s = m.state
    assert (s.home.score, s.away.score) == (2, 2)
    assert s.away.extras.raider_out == 1
    assert s.away.out_order == ["a3", "a4"]
    assert m.undo(8).startswith("Undone: CORRECTED #3")
    m.raid("a5", "empty")  # 10, after 9 (the undo)
    assert replay(m.log) == m.state


def test_a_corrected_raid_may_name_another_raider_than_its_start() -> None:
    m = Match()
    m.send(m.raid_start("h1"))  # 3
    m.raid("h1", touched=("a1",))  # 4
    line = m.correct(4, m.raid_event("h2", touched=("a1",)))
    assert line == (
        "CORRECTED #4: Sachin (PAT) raids: 1 touch point (Pawan) "
        "(was: Pardeep (PAT) raids: 1 touch point (Pawan))"
    )
    assert replay(m.log) == m.state


# Team reviews: PKL allows one a team, kept when the call is overturned.
def test_a_review_whose_call_stands_is_used_up() -> None:
    m = Match()
    three_raids(m)
    line = m.send(m.review_event("away", 5))
    check_after(
        m,
        line,
        After(
            (1, 2),
            (6, 6),
            (["h2"], ["a3"]),
            "REVIEW BEN — the call on #5 stands (0 reviews left)",
        ),
    )
    away = m.state.away
    assert (away.reviews, away.reviews_kept, away.reviews_left) == (1, 0, 0)
    error = m.refuse(m.review_event("away", 5))
    assert error.message == "Bengaluru Bulls have no reviews left."


def test_an_overturned_review_corrects_the_raid_and_is_kept() -> None:
    m = Match()
    three_raids(m)
    line = m.send(m.review_event("away", 5, m.raid_event("h3", "unsuccessful", tacklers=("a3",))))
    check_after(
        m,
        line,
        After(
            (0, 3),
            (4, 7),
            (["h1", "h2", "h3"], []),
            "REVIEW BEN — OVERTURNED, #5 corrected: Neeraj (PAT) raids: tackled "
            "by Mahender (was: Neeraj (PAT) raids: 1 touch point (Mahender), Pardeep back "
            "for PAT)",
        ),
    )
    away = m.state.away
    assert (away.reviews, away.reviews_kept, away.reviews_left) == (1, 1, 1)
    error = m.refuse(m.review_event("home", 5))
    assert error.message == "#5 has been reviewed already (#6)."
    error = m.refuse(m.correct_event(5, m.raid_event("h3", "empty")))
    assert (error.code, error.message) == (
        "conflict",
        "#5 was decided by the review #6: that call stands.",
    )
    assert replay(m.log) == m.state
    m.undo(6)
    assert m.state.away.reviews == 0


def test_review_refusals() -> None:
    m = Match()
    three_raids(m)
    error = m.refuse(m.review_event("home", 4))
    assert error.message == "Only the latest raid (#5) can be reviewed."
    m.send(m.raid_start("a4"))
    error = m.refuse(m.review_event("home", 5))
    assert error.message == "The next raid has started: a review is asked before it."
    amateur = Match(rules="amateur")
    amateur.raid("h1", "empty")
    error = amateur.refuse(amateur.review_event("away", 3))
    assert error.message == "There are no team reviews in this match (0 a team in its settings)."
    two = Match(settings=SettingsOverrides(reviews_per_match=2))
    assert (two.state.home.reviews_left, two.state.away.reviews_left) == (2, 2)


def test_a_correction_before_a_review_replays_the_review() -> None:
    m = Match()
    three_raids(m)
    m.send(m.review_event("away", 5))  # 6: stands
    m.correct(4, m.raid_event("a2", touched=("h4",)))  # 7
    assert m.state.away.reviews == 1
    assert m.state.away.reviews_left == 0
    assert replay(m.log) == m.state
    state, _ = apply(m.state, m.undo_event(7), m.now)
    assert state.away.reviews == 1
