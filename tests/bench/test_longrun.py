"""The long-run scenario, shortened (the real app and relay processes), and how it judges."""

from __future__ import annotations

import argparse

import pytest

from bench.scenarios import longrun
from bench.scenarios.longrun import Run, Sample, judge

pytestmark = pytest.mark.slow


def sample(phase: str, t: float, none_refs: int, last_seq: int, objects: int = 60_000) -> Sample:
    return Sample(phase, t, 120_000, objects, none_refs, last_seq, 50_000)


def finished_run(idle_refs: list[int]) -> Run:
    run = Run(events=40, viewer_seq=41)
    run.samples = [sample("scoring", 0, 30_000, 1), sample("scoring", 10, 33_000, 38)]
    run.samples += [sample("idle", 20 + i, refs, 41) for i, refs in enumerate(idle_refs)]
    return run


def test_a_flat_idle_phase_holds() -> None:
    outcome = judge(
        finished_run([33_400, 33_402, 33_399, 33_401]), {"exit": 0}, argparse.Namespace()
    )
    assert outcome.problems == []
    assert outcome.figures["idle_none_refs"] == "33402 -> 33401 (-1)"


def test_references_to_none_lost_while_idle_are_a_leak() -> None:
    outcome = judge(
        finished_run([33_400, 31_000, 28_600, 26_200]), {"exit": 0}, argparse.Namespace()
    )
    assert outcome.problems == ["references to None drifted while nobody scored: a leak"]


def test_the_idle_reference_starts_once_the_last_event_is_drawn() -> None:
    run = finished_run([33_500, 33_502, 33_501, 33_500])
    run.samples.insert(2, sample("idle", 19, 33_100, 39))  # still drawing events 40 and 41
    outcome = judge(run, {"exit": 0}, argparse.Namespace())
    assert outcome.problems == []


def test_the_idle_reference_waits_for_the_app_to_settle() -> None:
    """Frames of the last events let go a moment after they are drawn: not a leak."""
    run = finished_run([33_630, 33_500, 33_502, 33_498, 33_500, 33_502])
    outcome = judge(run, {"exit": 0}, argparse.Namespace())
    assert outcome.problems == []
    assert outcome.figures["idle_none_refs"] == "33502 -> 33502 (+0)"


def test_a_dead_app_is_reported_with_what_the_relay_did_meanwhile() -> None:
    run = finished_run([])
    run.samples = run.samples[:1]
    outcome = judge(run, {"exit": -6, "diedAfter": 130.2, "relaySeq": 41}, argparse.Namespace())
    assert outcome.problems == [
        "the app died 130 s into the run (exit -6); the relay went on: 40 events"
        " acknowledged, viewer at seq 41 of 41"
    ]


@pytest.mark.timeout(180)
async def test_a_short_long_run_holds() -> None:
    args = longrun.parse_args(["--duration", "10", "--idle", "6", "--sample", "1"])
    run, hosting = await longrun.run_scenario(args)
    outcome = judge(run, hosting, args)
    assert outcome.problems == [], outcome.problems
    assert run.events >= 10  # scored at about 2 events a second
    assert hosting["exit"] == 0
