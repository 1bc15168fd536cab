"""Cheap checks before full validation: real frames pass, oversized shapes are refused."""

from __future__ import annotations

import json

import pytest

from relay.gate import check_event, check_hello, client_event_id
from relay.rules.demo import demo_setup
from relay.wire import WireError


def test_real_frames_pass() -> None:
    check_event(demo_setup("s1").model_dump_json())
    check_event(json.dumps({"type": "raid", "raiderId": "h1", "raidType": "successful",
                            "touchedIds": ["a1", "a2", "a3"], "clientEventId": "r1"}))  # fmt: skip
    check_hello(json.dumps({"type": "hello", "role": "scorer", "matchId": "m", "token": "t" * 200}))


@pytest.mark.parametrize(
    ("frame", "code", "words"),
    [
        ('{"touchedIds":[' + ",".join(["1"] * 32_000) + "]}", "invalid_field", "items and fields"),
        ('{"touchedIds":[' + ",".join(["1"] * 40) + "]}", "invalid_field", "'touchedIds' has 40"),
        ('{"reason":"' + "x" * 300 + '"}', "invalid_field", "'reason' is longer"),
        ('{"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":1}}}}}}}}', "invalid_field", "nested deeper"),
        ("[" * 50_000 + "]" * 50_000, "bad_frame", "not valid JSON"),
        ("[1,2]", "bad_frame", "JSON object"),
        (b"\x00", "bad_frame", "binary"),
    ],
)
def test_shapes_no_event_has_are_refused(frame: str | bytes, code: str, words: str) -> None:
    with pytest.raises(WireError) as refused:
        check_event(frame)
    assert refused.value.code == code
    assert words in refused.value.message


def test_a_refusal_names_the_client_event_id_when_it_can() -> None:
    frame = '{"clientEventId":"r-9","touchedIds":[' + ",".join(["1"] * 40) + "]}"
    with pytest.raises(WireError) as refused:
        check_event(frame)
    assert refused.value.client_event_id == "r-9"
    assert client_event_id('{"type":"raid", "clientEventId" : "x-1"}') == "x-1"
    assert client_event_id('{"clientEventId":"' + "y" * 65 + '"}') is None
    assert client_event_id("not json") is None


def test_a_hello_is_refused_by_its_length() -> None:
    with pytest.raises(WireError) as refused:
        check_hello('{"type":"hello","pad":"' + "x" * 1024 + '"}')
    assert refused.value.code == "too_large"
