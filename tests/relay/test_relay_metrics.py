"""/metrics from a real relay, read over HTTP and parsed by prometheus_client."""

from __future__ import annotations

import sys

import pytest
from prometheus_client.parser import text_string_to_metric_families
from relay_kit import Backend, clock, http_get, open_peer, scrape, setup_frame

from relay.metrics import Histogram


async def test_the_relays_counters(relay: Backend) -> None:
    scorer = await open_peer(relay, "scorer")
    await open_peer(relay, "viewer")
    await scorer.send(clock("start", "early"))
    assert (await scorer.answer())["code"] == "not_set_up"
    before = await scrape(relay)
    assert before['kabaddi_connections{role="scorer"}'] == 1
    assert before['kabaddi_connections{role="viewer"}'] == 1
    assert before['kabaddi_connections{role="pending"}'] == 0
    assert before["kabaddi_frames_in_total"] == 3  # two hellos and one event
    assert before['kabaddi_errors_total{code="not_set_up"}'] == 1
    assert before['kabaddi_errors_total{code="unavailable"}'] == 0  # every code, from 0
    assert before["kabaddi_events_accepted_total"] == 0
    assert before["kabaddi_matches_in_memory"] == 1
    assert before["kabaddi_broadcast_latency_seconds_count"] == 0
    assert (before["kabaddi_store_up"], before["kabaddi_store_commits_total"]) == (1, 0)
    assert before["kabaddi_store_failing_seconds"] == 0
    assert (before["kabaddi_store_queued"], before["kabaddi_store_busy_seconds"]) == (0, 0)

    await scorer.send(setup_frame())
    assert (await scorer.answer())["type"] == "ack"
    after = await scrape(relay)
    assert after["kabaddi_events_accepted_total"] == 1
    assert after["kabaddi_store_commits_total"] == 1
    assert after["kabaddi_store_failed_commits_total"] == 0
    assert after["kabaddi_broadcast_latency_seconds_count"] == 1
    assert after['kabaddi_broadcast_latency_seconds_bucket{le="+Inf"}'] == 1
    # Two welcomes, the error, the ack and the event to both, and presence frames.
    assert after["kabaddi_frames_out_total"] >= 6


@pytest.mark.skipif(sys.platform != "linux", reason="process metrics come from /proc")
async def test_process_metrics_for_operators(relay: Backend) -> None:
    samples = await scrape(relay)
    assert samples["process_resident_memory_bytes"] > 1 << 20
    assert samples["process_open_fds"] >= 3
    assert samples["process_cpu_seconds_total"] > 0
    assert samples["process_start_time_seconds"] > 0
    assert samples["process_max_fds"] >= samples["process_open_fds"]


async def test_every_family_has_help_and_type(relay: Backend) -> None:
    text = (await http_get(relay, "/metrics")).body.decode()
    families = {f.name: f for f in text_string_to_metric_families(text)}
    expected = {
        "kabaddi_connections": "gauge",
        "kabaddi_frames_in": "counter",
        "kabaddi_frames_out": "counter",
        "kabaddi_events_accepted": "counter",
        "kabaddi_events_duplicate": "counter",
        "kabaddi_errors": "counter",
        "kabaddi_queue_overflow_closes": "counter",
        "kabaddi_connections_refused": "counter",
        "kabaddi_matches_in_memory": "gauge",
        "kabaddi_broadcast_latency_seconds": "histogram",
        "kabaddi_store_up": "gauge",
        "kabaddi_store_failing_seconds": "gauge",
        "kabaddi_store_commits": "counter",
        "kabaddi_store_failed_commits": "counter",
        "kabaddi_store_queued": "gauge",
        "kabaddi_store_busy_seconds": "gauge",
    }
    assert {name: families[name].type for name in expected} == expected
    assert all(families[name].documentation for name in expected)


def test_histogram_buckets_are_cumulative() -> None:
    histogram = Histogram()
    for value in (0.0005, 0.003, 0.003, 3.0):
        histogram.observe(value)
    family = histogram.family("h", "test")
    samples = {(s.name, s.labels.get("le")): s.value for s in family.samples}
    assert samples["h_bucket", "0.001"] == 1
    assert samples["h_bucket", "0.005"] == 3
    assert samples["h_bucket", "2.5"] == 3
    assert samples["h_bucket", "+Inf"] == 4
    assert samples["h_count", None] == 4
    assert samples["h_sum", None] == pytest.approx(3.0065)
