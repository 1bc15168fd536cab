"""Garbage from a scorer (Hypothesis-generated) is answered with errors; the relay keeps serving.

Not JSON, wrong types, unknown fields, missing fields, binary frames, deep nesting and
frames up to the 64 KiB limit: each gets exactly one ``error`` with a wire error code,
the connection stays open (below the relay's allowance of invalid frames, raised
here), and the match does not change.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from typing import Any, get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from relay_kit import HANG, ROOT, TOKEN
from websockets.sync.client import connect

from relay.server import Relay, RelayConfig
from relay.wire import ErrorCode

CODES = set(get_args(ErrorCode))
LINE = re.compile(r"scorers at (?P<url>ws://\S+/ws)")
_sentinels = itertools.count()


@pytest.fixture(scope="module", params=["embedded", "subprocess"])
def relay_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A relay for the whole module: Hypothesis runs many examples against one relay."""
    data_dir = tmp_path_factory.mktemp("garbage")
    if request.param == "subprocess":
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "relay", "--port", "0", "--data-dir", str(data_dir)),
                *("--rate", "100000", "--burst", "100000", "--invalid-frame-burst", "1000"),
            ],
            cwd=ROOT,
            env={**os.environ, "KABADDI_TOKEN": TOKEN},
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None
        found = LINE.search(process.stdout.readline())
        assert found
        yield found["url"]
        process.terminate()
        assert process.wait(HANG) == 0
        return
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    config = RelayConfig(
        port=0,
        data_dir=data_dir,
        token=TOKEN,
        rate_per_second=100_000,
        rate_burst=100_000,
        invalid_frame_burst=1000,
    )
    relay = Relay(config)
    asyncio.run_coroutine_threadsafe(relay.start(), loop).result(HANG)
    yield relay.url
    asyncio.run_coroutine_threadsafe(relay.stop(), loop).result(HANG)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(HANG)
    loop.close()


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
NOT_A_STRING = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.lists(st.integers(), min_size=1, max_size=2)
    | st.dictionaries(st.text(max_size=3), st.integers(), min_size=1, max_size=2)
)
VALID: list[dict[str, Any]] = [
    {"type": "raid", "raiderId": "h1", "raidType": "empty", "clientEventId": "x"},
    {"type": "clock", "action": "start", "clientEventId": "x"},
    {"type": "card", "playerId": "a2", "color": "yellow", "clientEventId": "x"},
    {"type": "substitution", "outId": "h1", "inId": "h9", "clientEventId": "x"},
]


@st.composite
def wrong_type(draw: st.DrawFn) -> str:
    event = dict(draw(st.sampled_from(VALID)))
    field = draw(st.sampled_from(sorted(k for k in event if k != "type")))
    event[field] = draw(NOT_A_STRING)
    return json.dumps(event)


@st.composite
def unknown_field(draw: st.DrawFn) -> str:
    event = dict(draw(st.sampled_from(VALID)))
    name = draw(
        st.text(min_size=1, max_size=10).filter(lambda n: n not in event and n not in ("at", "by"))
    )
    event[name] = draw(JSON)
    return json.dumps(event)


@st.composite
def missing_field(draw: st.DrawFn) -> str:
    event = dict(draw(st.sampled_from(VALID)))
    del event[draw(st.sampled_from(sorted(event)))]
    return json.dumps(event)


GARBAGE = st.one_of(
    st.text(max_size=50),
    st.binary(max_size=50),
    JSON.filter(lambda v: not isinstance(v, dict)).map(json.dumps),
    st.dictionaries(st.text(max_size=6), JSON, max_size=4).map(json.dumps),
    wrong_type(),
    unknown_field(),
    missing_field(),
    st.integers(50, 20_000).map(
        lambda depth: '{"type":"raid","x":' + "[" * depth + "]" * depth + "}"
    ),
    st.integers(1, 64 * 1024 - 40).map(lambda n: '{"type":"clock","pad":"' + "x" * n + '"}'),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(frames=st.lists(GARBAGE, min_size=1, max_size=12))
def test_garbage_is_answered_with_errors(relay_url: str, frames: list[str | bytes]) -> None:
    with connect(relay_url, open_timeout=HANG, close_timeout=1) as ws:
        ws.send(json.dumps({"type": "hello", "role": "scorer", "matchId": "junk", "token": TOKEN}))
        welcome = json.loads(ws.recv(HANG))
        assert welcome["type"] == "welcome"
        for frame in frames:
            ws.send(frame)
        sentinel = f"sentinel-{next(_sentinels)}"
        ws.send(json.dumps({"type": "clock", "action": "start", "clientEventId": sentinel}))
        answers = []
        while True:
            frame = json.loads(ws.recv(HANG))
            if frame["type"] == "presence":
                continue
            answers.append(frame)
            if frame.get("clientEventId") == sentinel:
                break
        assert len(answers) == len(frames) + 1
        assert all(a["type"] == "error" and a["code"] in CODES for a in answers)
        assert answers[-1]["code"] == "not_set_up"  # nothing before it set the match up

    # The relay still serves, and the match is as it was.
    with connect(relay_url, open_timeout=HANG) as viewer:
        viewer.send(json.dumps({"type": "hello", "role": "viewer", "matchId": "junk"}))
        welcome = json.loads(viewer.recv(HANG))
        assert welcome["seq"] == 0
        assert welcome["state"] is None
