"""The machine-alone reference delivers every frame to every connection and times each."""

from __future__ import annotations

import pytest

from bench import bare_fanout

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]


def test_every_frame_reaches_every_reader_and_is_timed() -> None:
    result = bare_fanout.measure(viewers=60, procs=2, payload_bytes=300, frames=2, senders=2)
    assert result.not_sent == 0
    assert result.delivered == 120
    assert result.frame_bytes == 300 + 4  # payload plus a 4-byte header (126-length form)
    assert all(latency >= 0 for latency in result.latencies_ms)
    assert len(result.send_loop_ms) == 2
