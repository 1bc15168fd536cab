"""The load generator itself: worker processes against the reference relay, and the
client bookkeeping that the scenarios' invariants rest on."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.clients import Client, ClientConfig, sent_ns, state_hash
from bench.loadgen import LoadSpec, run_load
from bench.procs import RelayProcess, rss_kib
from bench.scenarios.common import relay_flags


@pytest.mark.timeout(90)
@pytest.mark.parametrize("lean", [False, True], ids=["websockets-viewers", "lean-viewers"])
async def test_every_viewer_gets_every_frame_from_the_reference_relay(lean: bool) -> None:
    relay = RelayProcess(kind="reference")
    relay.start()
    try:
        spec = LoadSpec(
            viewers=12, viewer_procs=2, scorers=2, rate=20, duration_s=2,
            kind="technical", expect_acks=False, max_run_s=60, lean_viewers=lean,
        )  # fmt: skip
        report = await run_load(spec, relay.url, relay_pid=lambda: relay.pid)
    finally:
        relay.stop()
    assert report.worker_failures == []
    assert report.target_seq == report.total("sent") > 0
    assert report.convergence_problems() == []
    assert report.closes() == {}
    # Every client (scorers too) saw every frame once, each with a latency sample.
    assert report.events_delivered == 14 * report.target_seq
    assert len(report.latencies_us) == 14 * report.target_seq
    assert report.relay_peak_rss_kib() is not None


@pytest.mark.timeout(90)
async def test_lean_viewers_see_what_a_websockets_client_sees_from_our_relay(
    tmp_path: Path,
) -> None:
    relay = RelayProcess(kind="relay", data_dir=tmp_path, extra_args=relay_flags(20))
    relay.start()
    try:
        spec = LoadSpec(
            viewers=10, viewer_procs=2, scorers=1, rate=20, duration_s=2, kind="technical",
            max_run_s=60, protocol=2, lean_viewers=True,
        )  # fmt: skip
        report = await run_load(spec, relay.url, relay.token, relay_pid=lambda: relay.pid)
    finally:
        relay.stop()
    # One final seq and one hash of (welcome state, every event frame) over the lean
    # viewers and the scorer, whose client is websockets'.
    assert report.problems() == []
    assert report.target_seq == report.total("sent") > 0
    assert report.events_delivered == 11 * report.target_seq
    assert report.event_frame_bytes() is not None


def test_gaps_and_repeats_are_counted() -> None:
    client = Client("c", ClientConfig(url="ws://127.0.0.1:1/ws"))
    for seq in (1, 2, 2, 4, 3, 5):
        client.on_event(seq, {}, None, 1)
    assert client.record.gaps == 1  # 2 -> 4
    assert client.record.repeats == 2  # the second 2, and 3 after 4
    assert client.record.last_seq == 5


def test_send_time_travels_in_the_client_event_id() -> None:
    assert sent_ns("lgs0-17-123456789") == 123456789
    assert sent_ns("setup-1") is None
    assert sent_ns(None) is None


def test_state_hash_ignores_key_order() -> None:
    assert state_hash({"a": 1, "b": [1, 2]}) == state_hash({"b": [1, 2], "a": 1})
    assert state_hash(None) is None


def test_rss_is_read_from_proc() -> None:
    import os

    assert (rss_kib(os.getpid()) or 0) > 0
