"""The scenarios, shortened, against the real relay process: their invariants must hold.

Latency figures are printed by the scenarios but never asserted here."""

from __future__ import annotations

import pytest

from bench.scenarios import attack, crash, fuzz, multi_scorer, slow_consumers

pytest.importorskip("relay.server")
pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]


def _held(outcome: object) -> None:
    problems = getattr(outcome, "problems")  # noqa: B009
    assert problems == [], problems


async def test_multi_scorer_through_latency_holds() -> None:
    args = multi_scorer.parser().parse_args(
        ["--duration", "8", "--viewers", "40", "--scorers", "4", "--rate", "10"]
    )
    outcome = await multi_scorer.run(args)
    _held(outcome)
    assert outcome.figures["p50_ms"] is not None  # viewers measured send-to-receive latency


async def test_crash_loses_nothing_and_applies_nothing_twice() -> None:
    args = crash.parser().parse_args(
        ["--duration", "12", "--viewers", "30", "--kills", "4", "--max-down", "0.5"]
    )
    outcome = await crash.run(args)
    _held(outcome)
    assert outcome.figures["kills"] == 4
    assert outcome.figures["acked_events"] == outcome.figures["log_length"]
    assert outcome.figures["reconnects"] >= 34  # everyone was cut off and came back


async def test_slow_and_dropped_viewers_are_closed_without_hurting_the_others() -> None:
    args = slow_consumers.parser().parse_args(
        ["--duration", "8", "--viewers", "40", "--stall", "3", "--abort", "3", "--fault-after", "2"]
    )
    outcome = await slow_consumers.run(args, check_latency=False)
    _held(outcome)
    assert outcome.figures["relay_open_viewers_at_check"] == 40 - 2 * 6


async def test_fuzz_every_frame_answered_and_relay_alive() -> None:
    outcome = await fuzz.run(fuzz.parser().parse_args(["--frames", "3000", "--max-seconds", "90"]))
    _held(outcome)


async def test_attack_every_scorer_event_answered_and_flooders_closed() -> None:
    args = attack.parser().parse_args(
        ["--events", "20", "--idle-viewers", "40", "--slowloris", "40", "--big-events", "300"]
    )
    outcome = await attack.run(args)
    _held(outcome)
    assert outcome.figures["attackers"]["idle_viewers_held"] == 40
