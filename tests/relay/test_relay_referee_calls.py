"""The referee's calls over the wire: raiders out, lost turns, the raid clock, corrections,
reviews and the golden raid toss, each field through a real relay."""

from __future__ import annotations

from typing import Any

from relay_kit import Backend, Peer, cid, clock, http_get, open_peer, setup_frame, started_match


def raid(raider: str, kind: str = "successful", **fields: Any) -> dict[str, Any]:
    return {"type": "raid", "raiderId": raider, "raidType": kind, "clientEventId": cid(), **fields}


async def accepted(scorer: Peer, frame: dict[str, Any]) -> int:
    await scorer.send(frame)
    answer = await scorer.answer()
    assert answer["type"] == "ack", answer
    seq: int = answer["seq"]
    return seq


async def refused(scorer: Peer, frame: dict[str, Any]) -> dict[str, Any]:
    await scorer.send(frame)
    answer = await scorer.answer()
    assert answer["type"] == "error", answer
    return answer


async def as_seen_by_a_new_viewer(relay: Backend) -> tuple[dict[str, Any], list[str]]:
    """The match state and the commentary a viewer joining now gets."""
    viewer = await open_peer(relay, "viewer")
    await viewer.close()
    return viewer.welcome["state"], [logged["text"] for logged in viewer.welcome["events"]]


async def test_raider_out_of_bounds(relay: Backend) -> None:
    scorer, _ = await started_match(relay)
    await accepted(scorer, raid("h1", "unsuccessful", raiderOut="outOfBounds"))
    state, texts = await as_seen_by_a_new_viewer(relay)
    away = state["away"]
    assert (away["score"], away["points"]["extra"], away["points"]["tackle"]) == (1, 1, 0)
    assert away["extras"] == {"raiderOut": 1}
    assert state["home"]["outOrder"] == ["h1"]
    assert texts[-1] == "Pardeep (PAT) raids: out of bounds (+1 BEN)"
    error = await refused(scorer, raid("a1", "unsuccessful", raiderOut="slipped"))
    assert error["code"] == "invalid_field"
    assert error["message"].startswith("field 'raiderOut': Input should be 'outOfBounds'")
    error = await refused(scorer, raid("a1", "unsuccessful", raiderOut="cant", tacklerIds=["h2"]))
    assert error["code"] == "rule_violation"
    assert "not both" in error["message"]


async def test_lost_raid_turn(relay: Backend) -> None:
    scorer, _ = await started_match(relay)
    technical = {
        "type": "technical",
        "team": "away",
        "points": 1,
        "reason": "raid not begun in time",
        "passesRaid": True,
        "clientEventId": cid(),
    }
    await accepted(scorer, technical)
    state, texts = await as_seen_by_a_new_viewer(relay)
    assert (state["raidingTeam"], state["away"]["score"], state["home"]["raids"]) == ("away", 1, 0)
    assert texts[-1].endswith("PAT lose their raid, BEN raid next")


async def test_the_raid_clock_refuses_what_must_wait_for_the_result(relay: Backend) -> None:
    scorer, _ = await started_match(relay)
    await accepted(scorer, {"type": "raidStart", "raiderId": "h1", "clientEventId": cid()})
    error = await refused(scorer, {"type": "timeout", "team": "away", "clientEventId": cid()})
    assert (error["code"], error["message"]) == (
        "rule_violation",
        "No timeouts while a raid is open (Pardeep (PAT) is raiding): "
        "enter the raid's result first.",
    )
    error = await refused(scorer, raid("h2", "empty"))
    assert error["message"].startswith("The open raid is Pardeep (PAT)'s")
    await accepted(scorer, clock("endHalf"))
    state, _ = await as_seen_by_a_new_viewer(relay)
    assert (state["phase"], state["halfEndsAfterRaid"]) == ("firstHalf", True)
    await accepted(scorer, raid("h1", "empty"))
    state, texts = await as_seen_by_a_new_viewer(relay)
    assert state["phase"] == "halfTime"
    assert "halfEndsAfterRaid" not in state
    assert texts[-1] == "Pardeep (PAT) raids: empty raid — Half time"


async def test_correction_and_its_conflict(relay: Backend) -> None:
    scorer, _ = await started_match(relay)
    first = await accepted(scorer, raid("h1", "unsuccessful", tacklerIds=["a1"]))
    await accepted(scorer, raid("a2", touchedIds=["h2"]))
    fixed = raid("h1", "unsuccessful", raiderOut="lobby")
    seq = await accepted(
        scorer, {"type": "correct", "targetSeq": first, "event": fixed, "clientEventId": cid()}
    )
    state, texts = await as_seen_by_a_new_viewer(relay)
    assert (state["lastSeq"], state["away"]["points"]["tackle"]) == (seq, 0)
    assert state["away"]["extras"] == {"raiderOut": 1}
    assert texts[-1] == (
        "CORRECTED #3: Pardeep (PAT) raids: out in the lobby (+1 BEN) "
        "(was: Pardeep (PAT) raids: tackled by Pawan)"
    )
    # The log keeps both the original and the correction.
    log = (await http_get(relay, "/api/matches/m1/events")).json()
    assert [e["event"]["type"] for e in log][2:] == ["raid", "raid", "correct"]
    assert log[2]["event"]["tacklerIds"] == ["a1"]
    touch_a2 = raid("h1", touchedIds=["a2"])
    error = await refused(
        scorer, {"type": "correct", "targetSeq": first, "event": touch_a2, "clientEventId": cid()}
    )
    assert error["code"] == "conflict"
    assert error["message"].startswith("Correcting #3 no longer fits #4 (Saurabh (BEN) raids")
    error = await refused(
        scorer,
        {"type": "correct", "targetSeq": first, "event": clock("pause"), "clientEventId": cid()},
    )
    assert error["message"] == (
        "#3 is a raid event: a correction replaces it with another raid, not a clock."
    )


async def test_reviews_overturned_and_standing(relay: Backend) -> None:
    scorer, _ = await started_match(relay)
    target = await accepted(scorer, raid("h1", touchedIds=["a1"]))
    review = {
        "type": "review",
        "team": "away",
        "targetSeq": target,
        "overturned": True,
        "event": raid("h1", "unsuccessful", tacklerIds=["a1"]),
        "clientEventId": cid(),
    }
    await accepted(scorer, review)
    state, texts = await as_seen_by_a_new_viewer(relay)
    away = state["away"]
    assert (away["score"], away["reviews"], away["reviewsKept"], away["reviewsLeft"]) == (
        1,
        1,
        1,
        1,
    )
    assert texts[-1].startswith("REVIEW BEN — OVERTURNED, #3 corrected:")
    target = await accepted(scorer, raid("a2", "empty"))
    stands = {
        "type": "review",
        "team": "home",
        "targetSeq": target,
        "overturned": False,
        "clientEventId": cid(),
    }
    await accepted(scorer, stands)
    state, texts = await as_seen_by_a_new_viewer(relay)
    assert (state["home"]["reviews"], state["home"]["reviewsLeft"]) == (1, 0)
    assert texts[-1] == "REVIEW PAT — the call on #5 stands (0 reviews left)"
    error = await refused(scorer, {**stands, "clientEventId": cid()})
    assert error["message"] == "Patna Pirates have no reviews left."


async def test_golden_raid_toss(relay: Backend) -> None:
    scorer = await open_peer(relay, "scorer", name="Setter")
    setup = setup_frame()
    setup["settings"] = {"tieBreak": "fiveRaids", "goldenRaid": "eachTeam"}
    await accepted(scorer, setup)
    error = await refused(scorer, {"type": "toss", "winner": "away", "clientEventId": cid()})
    assert error["message"] == (
        "A toss is taken only for the golden raid, when the tie-break is level."
    )
    for action in ("start", "endHalf", "start", "endHalf", "start"):
        await accepted(scorer, clock(action))
    for n in range(1, 6):
        await accepted(scorer, raid(f"h{n}", "empty"))
        await accepted(scorer, raid(f"a{n}", "empty"))
    await accepted(scorer, {"type": "toss", "winner": "away", "clientEventId": cid()})
    state, texts = await as_seen_by_a_new_viewer(relay)
    assert (state["phase"], state["raidingTeam"]) == ("goldenRaid", "away")
    assert state["tieBreak"]["goldenToss"] == "away"
    assert texts[-1] == "Bengaluru Bulls win the toss and raid the golden raid"
