"""The Prometheus text of the relay's counters."""

from __future__ import annotations

from relay.metrics import Histogram, Metrics


def test_render_has_every_family_with_values() -> None:
    metrics = Metrics()
    metrics.connections["viewer"] += 3
    metrics.frames_in += 5
    metrics.errors["rate_limited"] += 2
    metrics.queue_overflow_closes += 1
    metrics.broadcast_latency.observe(0.003)
    text = metrics.render(matches_in_memory=2)
    lines = set(text.splitlines())
    assert 'kabaddi_connections{role="viewer"} 3' in lines
    assert 'kabaddi_connections{role="scorer"} 0' in lines
    assert "kabaddi_frames_in_total 5" in lines
    assert 'kabaddi_errors_total{code="rate_limited"} 2' in lines
    assert "kabaddi_queue_overflow_closes_total 1" in lines
    assert "kabaddi_matches_in_memory 2" in lines
    assert "kabaddi_broadcast_latency_seconds_count 1" in lines
    assert text.endswith("\n")


def test_histogram_buckets_are_cumulative() -> None:
    histogram = Histogram()
    for value in (0.0005, 0.003, 0.003, 3.0):
        histogram.observe(value)
    rendered = dict(line.rsplit(" ", 1) for line in histogram.render("h")[1:])
    assert rendered['h_bucket{le="0.001"}'] == "1"
    assert rendered['h_bucket{le="0.005"}'] == "3"
    assert rendered['h_bucket{le="2.5"}'] == "3"
    assert rendered['h_bucket{le="+Inf"}'] == "4"
    assert rendered["h_count"] == "4"
