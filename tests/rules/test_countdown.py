"""The clocks' readings against the shared vectors (the pages' clock.js reads the same file)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from relay.rules.countdown import (
    half_remaining_ms,
    mmss,
    played_ms,
    raid_remaining_ms,
    seconds_left,
    suspension_remaining_ms,
    timeout_remaining_ms,
)
from relay.rules.state import ClockState, PlayerState, RaidClock

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parents[2] / "resources" / "vectors" / "clock.json").read_text()
)


def cases(name: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = VECTORS[name]
    assert found, f"no vectors for {name}"
    return found


@pytest.mark.parametrize("case", cases("mmss"), ids=lambda c: str(c["ms"]))
def test_mmss(case: dict[str, Any]) -> None:
    assert mmss(case["ms"]) == case["text"]


@pytest.mark.parametrize("case", cases("secondsLeft"), ids=lambda c: str(c["ms"]))
def test_seconds_left(case: dict[str, Any]) -> None:
    assert seconds_left(case["ms"]) == case["seconds"]


@pytest.mark.parametrize("case", cases("halfRemaining"), ids=lambda c: str(c["name"]))
def test_half_remaining(case: dict[str, Any]) -> None:
    remaining = half_remaining_ms(ClockState.model_validate(case["clock"]), case["now"])
    assert remaining == case["ms"]
    assert mmss(remaining) == case["text"]


@pytest.mark.parametrize("case", cases("playedMs"))
def test_played(case: dict[str, Any]) -> None:
    assert played_ms(ClockState.model_validate(case["clock"]), case["now"]) == case["ms"]


@pytest.mark.parametrize("case", cases("raidRemaining"))
def test_raid_remaining(case: dict[str, Any]) -> None:
    remaining = raid_remaining_ms(RaidClock.model_validate(case["raidClock"]), case["now"])
    assert remaining == case["ms"]
    assert seconds_left(remaining) == case["seconds"]


@pytest.mark.parametrize("case", cases("suspensionRemaining"))
def test_suspension_remaining(case: dict[str, Any]) -> None:
    player = PlayerState.model_validate(case["player"])
    clock = ClockState.model_validate(case["clock"])
    remaining = suspension_remaining_ms(player, clock, case["now"])
    assert remaining == case["ms"]
    assert (None if remaining is None else mmss(remaining)) == case["text"]


def test_the_vectors_pin_the_rounding_a_referee_expects() -> None:
    # The example the two interfaces once disagreed on.
    assert {"ms": 1199001, "text": "20:00"} in VECTORS["mmss"]


@pytest.mark.parametrize("case", cases("timeoutRemaining"), ids=lambda c: str(c["name"]))
def test_timeout_remaining(case: dict[str, Any]) -> None:
    left = timeout_remaining_ms(case["takenAt"], case["now"])
    assert left == case["ms"]
    assert mmss(left) == case["text"]
