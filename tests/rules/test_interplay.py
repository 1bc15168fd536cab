"""Rules meeting each other: do-or-die with tackles and all outs, cards and revivals, undo
across the end of the match."""

from __future__ import annotations

from rules_kit import Match, status


def test_do_or_die_raid_stopped_by_a_super_tackle() -> None:
    m = Match()
    m.raid("h1", touched=("a1", "a2", "a3", "a4"))  # away down to three
    m.raid("a5", "unsuccessful")  # away two: home revives nobody
    m.empty("h1")
    m.raid("a6", touched=("h2",))  # away revives a1: a6, a7, a1
    m.empty("h3")
    m.empty("a7")
    assert m.state.home.do_or_die
    line = m.raid("h4", "unsuccessful", tacklers=("a7",))
    assert "SUPER TACKLE by Ankush (+2 BEN)" in line
    assert (m.state.home.do_or_die, m.state.home.empty_raids) == (False, 0)


def test_failed_do_or_die_by_the_last_man_is_an_all_out() -> None:
    m = Match()
    m.raid("h1", touched=("a1", "a2", "a3", "a4", "a5", "a6"))
    m.empty("a7")
    m.empty("h2")
    m.empty("a7")
    assert m.state.away.do_or_die
    m.empty("h3")
    line = m.empty("a7")
    assert "empty do-or-die raid, Ankush is out (+1 PAT)" in line
    assert "ALL OUT on BEN, +2 PAT" in line
    assert len(m.state.away.on_court) == 7
    assert m.state.away.out_order == []
    assert m.state.home.points.model_dump(by_alias=False) == {
        "raid": 6, "tackle": 0, "all_out": 2, "extra": 1, "technical": 0
    }  # fmt: skip


def test_suspended_raider_misses_the_all_out_revival_and_returns_later() -> None:
    m = Match()
    m.card("a1", "yellow", after=0)
    m.raid("h1", touched=("a2", "a3", "a4", "a5", "a6", "a7"))
    s = m.state
    assert "ALL OUT" in m.lines[-1]
    assert status(s, "a1") == "suspended"
    assert sorted(s.away.on_court) == ["a2", "a3", "a4", "a5", "a6", "a7"]
    m.raid("a2", "empty", after=120_000)
    assert status(m.state, "a1") == "onCourt"
    assert len(m.state.away.on_court) == 7


def test_undo_of_the_final_whistle_reopens_the_match() -> None:
    m = Match()
    m.clock("endHalf")
    m.clock("start")
    m.raid("a1", touched=("h1",))
    m.clock("endHalf")
    finished = m.state
    assert finished.winner == "away"
    line = m.undo(m.state.last_seq)
    assert line == "Undone: Full time: Bengaluru Bulls win"
    assert (m.state.phase, m.state.winner, m.state.clock.running) == ("secondHalf", None, True)
    m.raid("h2", touched=("a1",))
    assert m.state.home.score == 1
