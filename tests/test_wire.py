"""The wire frames: decoding, error codes, encoding and the published schema."""

from __future__ import annotations

import json

import pytest

from relay import schema
from relay.rules import apply
from relay.rules.demo import demo_setup
from relay.rules.events import Raid, Undo
from relay.wire import (
    MAX_FRAME_BYTES,
    Ack,
    Error,
    EventFrame,
    Hello,
    PatchFrame,
    Presence,
    Scorer,
    WireError,
    decode,
    decode_from_relay,
    decode_relay_v2,
    encode,
)


def error_of(text: str | bytes) -> WireError:
    with pytest.raises(WireError) as caught:
        decode(text)
    return caught.value


def test_hello_decodes_from_camel_case() -> None:
    frame = decode(
        '{"type":"hello","role":"scorer","matchId":"final-2026","token":"t",'
        '"clientId":"c1","name":"Asha","lastSeq":12,"epoch":"e1"}'
    )
    assert frame == Hello(
        role="scorer",
        match_id="final-2026",
        token="t",
        client_id="c1",
        name="Asha",
        last_seq=12,
        epoch="e1",
    )


def test_events_round_trip_through_encode_and_decode() -> None:
    for event in (
        demo_setup(),
        Raid(
            client_event_id="r1",
            raider_id="h1",
            raid_type="successful",
            touched_ids=("a1", "a2"),
            bonus=True,
        ),
        Undo(client_event_id="u1", target_seq=4),
    ):
        assert decode(encode(event)) == event


def test_encode_is_camel_case_json() -> None:
    text = encode(Ack(client_event_id="x", seq=3, duplicate=True))
    assert json.loads(text) == {"type": "ack", "clientEventId": "x", "seq": 3, "duplicate": True}
    presence = json.loads(encode(Presence(scorers=[Scorer(client_id="c", name="A")], viewers=2)))
    assert presence["scorers"] == [{"clientId": "c", "name": "A"}]


@pytest.mark.parametrize(
    ("text", "code", "mentions"),
    [
        ("{", "bad_frame", "JSON"),
        ("", "bad_frame", "JSON"),
        ("[1, 2]", "bad_frame", "object"),
        ('"hello"', "bad_frame", "object"),
        ("[" * 5000 + "]" * 5000, "bad_frame", "JSON"),
        ('{"role": "viewer"}', "invalid_field", "type"),
        ('{"type": "dance"}', "unknown_type", "dance"),
        ('{"type": "hello", "role": "referee", "matchId": "m"}', "invalid_field", "role"),
        ('{"type": "hello", "role": "viewer", "matchId": "bad id!"}', "invalid_field", "matchId"),
        (
            '{"type": "hello", "role": "viewer", "matchId": "m", "extra": 1}',
            "invalid_field",
            "extra",
        ),
        ('{"type": "raid", "clientEventId": "e1", "raiderId": "h1"}', "invalid_field", "raidType"),
        (
            '{"type": "undo", "clientEventId": "e1", "targetSeq": "two"}',
            "invalid_field",
            "targetSeq",
        ),
    ],
)
def test_decode_errors_have_stable_codes_and_name_the_field(
    text: str, code: str, mentions: str
) -> None:
    error = error_of(text)
    assert error.code == code
    assert mentions in error.message


def test_errors_carry_the_client_event_id_when_there_is_one() -> None:
    error = error_of('{"type": "raid", "clientEventId": "e-42", "raiderId": 7}')
    assert error.code == "invalid_field"
    assert error.client_event_id == "e-42"
    assert error.to_frame() == Error(
        code="invalid_field", message=error.message, client_event_id="e-42"
    )


def test_frames_over_the_limit_are_too_large() -> None:
    big = json.dumps(
        {"type": "hello", "role": "viewer", "matchId": "m", "name": "x" * MAX_FRAME_BYTES}
    )
    assert error_of(big).code == "too_large"


def test_clients_ignore_fields_a_newer_relay_adds_and_learn_their_names() -> None:
    frame = {
        "type": "ack",
        "clientEventId": "e-1",
        "seq": 4,
        "duplicate": False,
        "receivedAt": 5,
    }
    ignored: set[str] = set()
    assert decode_from_relay(json.dumps(frame), ignored) == Ack(client_event_id="e-1", seq=4)
    assert ignored == {"receivedAt"}

    presence = {
        "type": "presence",
        "scorers": [{"clientId": "c", "name": "Asha", "device": "laptop"}],
        "viewers": 2,
        "peak": 9,
    }
    ignored = set()
    decoded = decode_from_relay(json.dumps(presence), ignored)
    assert decoded == Presence(scorers=[Scorer(client_id="c", name="Asha")], viewers=2)
    assert ignored == {"peak", "scorers.0.device"}


def test_an_event_frame_with_new_fields_in_its_event_and_state_still_decodes() -> None:
    setup = demo_setup("setup-1").model_copy(update={"at": 1, "by": "Asha"})
    state, text = apply(None, setup, 1)
    frame = json.loads(encode(EventFrame(seq=1, event=setup, text=text, state=state)))
    frame["event"]["venue"] = "Patna"
    frame["event"]["home"]["players"][2]["nickname"] = "Dubki king"
    frame["state"]["clock"]["stoppage"] = 0
    ignored: set[str] = set()
    decoded = decode_from_relay(json.dumps(frame), ignored)
    assert isinstance(decoded, EventFrame)
    assert decoded.state == state
    assert decoded.event == setup
    assert ignored == {"event.venue", "event.home.players.2.nickname", "state.clock.stoppage"}


def test_a_protocol_2_frame_with_new_fields_still_decodes() -> None:
    raid = '{"type":"raid","clientEventId":"r1","at":5,"raiderId":"h1","raidType":"empty"'
    text = (
        '{"type":"event","seq":3,"event":' + raid + ',"spin":2},"text":"Pardeep raids",'
        '"patch":{"raidClock":null,"home":{"raids":1}},"replay":"clip-3"}'
    )
    ignored: set[str] = set()
    decoded = decode_relay_v2(text, ignored)
    assert isinstance(decoded, PatchFrame)
    assert (decoded.seq, decoded.text) == (3, "Pardeep raids")
    assert decoded.patch == {"raidClock": None, "home": {"raids": 1}}
    assert decoded.event == Raid(client_event_id="r1", at=5, raider_id="h1", raid_type="empty")
    assert ignored == {"event.spin", "replay"}
    with pytest.raises(WireError) as caught:
        decode_relay_v2('{"type":"event","seq":3,"text":"x","patch":{}}')
    assert caught.value.code == "invalid_field"


def test_clients_still_refuse_what_is_wrong_beyond_new_fields() -> None:
    with pytest.raises(WireError) as caught:
        decode_from_relay('{"type": "ack", "seq": 4, "extra": 1}')
    assert caught.value.code == "invalid_field"
    assert "clientEventId" in caught.value.message
    with pytest.raises(WireError) as caught:
        decode_from_relay('{"type": "patch", "seq": 4}')
    assert caught.value.code == "unknown_type"
    with pytest.raises(WireError) as caught:
        decode_from_relay('{"type": "hello", "role": "viewer", "matchId": "m"}')
    assert caught.value.code == "unknown_type", "a client frame is not a relay frame"


def test_the_relay_still_refuses_unknown_fields_from_clients() -> None:
    error = error_of('{"type": "hello", "role": "viewer", "matchId": "m", "protocl": 2}')
    assert error.code == "invalid_field"
    assert "protocl" in error.message
    raid = '{"type": "raid", "clientEventId": "e", "raiderId": "h1", "raidType": "empty", "x": 1}'
    assert error_of(raid).code == "invalid_field"


def test_binary_text_is_decoded_like_text() -> None:
    assert decode(b'{"type":"hello","role":"viewer","matchId":"m"}') == Hello(
        role="viewer", match_id="m"
    )
    assert error_of(b"\xff\xfe\x00").code == "bad_frame"


def test_committed_schema_is_current() -> None:
    committed = schema.SCHEMA_PATH.read_text(encoding="utf-8")
    assert committed == schema.render(), "resources/schema is stale: run `make schema`"


def test_committed_phase_table_is_current() -> None:
    for path in (schema.PHASES_PATH, schema.PHASES_MODULE_PATH):
        committed = path.read_text(encoding="utf-8")
        assert committed == schema.outputs()[path], f"{path.name} is stale: run `make schema`"


def test_schema_describes_every_frame_type_of_both_versions() -> None:
    published = json.loads(schema.render())
    frames = [ref["$ref"].rsplit("/", 1)[1] for ref in published["oneOf"]]
    defs = published["$defs"]
    described = {defs[name]["properties"]["type"]["const"] for name in frames}
    assert described == {
        "hello",
        "setup",
        "raidStart",
        "raid",
        "technical",
        "card",
        "substitution",
        "timeout",
        "clock",
        "toss",
        "undo",
        "correct",
        "review",
        "welcome",
        "ack",
        "error",
        "event",
        "presence",
    }
    assert {"WelcomeV2", "PatchFrame"} <= set(frames)
    assert defs["PatchFrame"]["required"] == ["seq", "event", "text", "patch"]
    assert defs["Welcome"]["properties"]["protocol"]["const"] == 1
    assert defs["WelcomeV2"]["properties"]["protocol"]["const"] == 2
    team = defs["WireTeamState"]
    assert team["properties"]["players"]["additionalProperties"] == {
        "$ref": "#/$defs/WirePlayerState"
    }
    assert "squad" in team["required"]
    assert "id" not in defs["WirePlayerState"]["properties"]


def test_hello_protocol_is_optional_and_means_1_when_absent() -> None:
    hello = decode('{"type":"hello","role":"viewer","matchId":"m"}')
    assert isinstance(hello, Hello)
    assert (hello.protocol, hello.version) == (None, 1)
    hello = decode('{"type":"hello","role":"viewer","matchId":"m","protocol":2}')
    assert isinstance(hello, Hello)
    assert hello.version == 2


@pytest.mark.parametrize("number", ["0", "3", "-1", "99"])
def test_an_unknown_protocol_is_refused_naming_the_versions_spoken(number: str) -> None:
    error = error_of(f'{{"type":"hello","role":"viewer","matchId":"m","protocol":{number}}}')
    assert error.code == "invalid_field"
    assert f"protocol {number} is unknown" in error.message
    assert "this relay speaks protocols 1 and 2" in error.message


def test_player_counters_that_are_zero_are_left_out_and_read_back_as_zero() -> None:
    from relay.rules import apply
    from relay.rules.events import Clock
    from relay.rules.state import MatchState

    state, _ = apply(None, demo_setup(), 1_000)
    state, _ = apply(state, Clock(client_event_id="c", action="start"), 2_000)
    state, _ = apply(
        state,
        Raid(client_event_id="r", raider_id="h1", raid_type="successful", touched_ids=("a1",)),
        3_000,
    )
    players = {p["id"]: p for p in json.loads(state.model_dump_json())["home"]["players"]}
    assert players["h1"]["stats"] == {"raidPoints": 1, "touchPoints": 1, "raids": 1,
                                      "raidsSuccessful": 1}  # fmt: skip
    assert players["h2"]["stats"] == {}
    assert MatchState.model_validate_json(state.model_dump_json()) == state
