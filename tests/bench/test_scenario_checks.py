"""The checks the scenarios apply to the relay's log and metrics."""

from __future__ import annotations

from bench.scenarios.common import histogram_quantile, log_problems


def _log(*cids: str) -> list[dict[str, object]]:
    return [{"seq": i + 1, "event": {"clientEventId": c}} for i, c in enumerate(cids)]


def test_a_clean_log_has_no_problems() -> None:
    assert log_problems(_log("a", "b", "c"), {"a": 1, "c": 3}) == []


def test_lost_twice_moved_and_gaps_are_each_reported() -> None:
    assert any("lost" in p for p in log_problems(_log("a"), {"a": 1, "b": 2}))
    assert any("more than once" in p for p in log_problems(_log("a", "a"), {"a": 1}))
    assert any("another seq" in p for p in log_problems(_log("x", "a"), {"a": 1}))
    gappy = [
        {"seq": 1, "event": {"clientEventId": "a"}},
        {"seq": 3, "event": {"clientEventId": "b"}},
    ]
    assert any("gaps" in p for p in log_problems(gappy, {}))


def test_histogram_quantile_reads_cumulative_buckets() -> None:
    name = "lat"
    values = {
        f'{name}_bucket{{le="0.001"}}': 50.0,
        f'{name}_bucket{{le="0.01"}}': 98.0,
        f'{name}_bucket{{le="0.1"}}': 100.0,
        f'{name}_bucket{{le="+Inf"}}': 100.0,
        f"{name}_count": 100.0,
    }
    assert histogram_quantile(values, name, 0.5) == 0.001
    assert histogram_quantile(values, name, 0.99) == 0.1
    assert histogram_quantile({}, name, 0.5) is None
