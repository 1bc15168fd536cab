"""The scorer token: generated once, kept private, compared safely."""

from __future__ import annotations

import json
import re
import stat
import sys
from pathlib import Path

from websockets.asyncio.client import connect

from relay.server import Relay, RelayConfig
from relay.tokens import TOKEN_FILE, load_or_create_token, new_token, token_matches
from relay.wire import Hello, encode


def test_token_is_created_once_with_mode_0600(tmp_path: Path) -> None:
    data_dir = tmp_path / "new" / "dir"
    token = load_or_create_token(data_dir)
    assert len(token) >= 12
    mode = stat.S_IMODE((data_dir / TOKEN_FILE).stat().st_mode)
    if sys.platform != "win32":  # no mode bits there: see tests/relay/test_relay_private_file.py
        assert mode == 0o600
    assert load_or_create_token(data_dir) == token


def test_token_matches() -> None:
    assert token_matches("abc", "abc")
    assert not token_matches("abd", "abc")
    assert not token_matches(None, "abc")
    assert not token_matches("", "abc")


def test_new_tokens_are_easy_to_read_aloud() -> None:
    tokens = {new_token() for _ in range(200)}
    assert len(tokens) == 200
    for token in tokens:
        assert re.fullmatch(r"[2-9A-HJKMNP-TW-Z]{4}(-[2-9A-HJKMNP-TW-Z]{4}){3}", token), token
        assert not set(token) & set("01OILUV")


def test_a_readable_token_is_accepted_however_it_is_typed() -> None:
    expected = "7KQM-3XPD-H9RA-WC4E"
    assert token_matches("7kqm-3xpd-h9ra-wc4e", expected)
    assert token_matches("7KQM 3XPD H9RA WC4E", expected)
    assert token_matches(" 7KQM3XPDH9RAWC4E ", expected)
    assert not token_matches("7KQM-3XPD-H9RA-WC4F", expected)
    assert not token_matches("7KQM-3XPD-H9RA", expected)


def test_tokens_made_before_are_still_compared_exactly(tmp_path: Path) -> None:
    old = "kQ1l-I0O_z9xYw2V"  # secrets.token_urlsafe(12), as tokens used to be made
    (tmp_path / TOKEN_FILE).write_text(old + "\n", encoding="utf-8")
    assert load_or_create_token(tmp_path) == old
    assert token_matches(old, old)
    assert not token_matches(old.lower(), old)
    assert not token_matches(old.replace("-", ""), old)


async def test_the_relay_still_accepts_a_token_kept_from_before(tmp_path: Path) -> None:
    old = "kQ1l-I0O_z9xYw2V"
    data = tmp_path / "relay"
    data.mkdir()
    (data / TOKEN_FILE).write_text(old + "\n", encoding="utf-8")
    async with Relay(RelayConfig(host="127.0.0.1", port=0, data_dir=data)) as relay:
        assert relay.token == old
        for token, answer in ((old, "welcome"), (old.upper(), "error")):
            async with connect(relay.url) as ws:
                hello = Hello(role="scorer", match_id="m1", token=token, client_id="c1", name="A")
                await ws.send(encode(hello))
                assert json.loads(await ws.recv())["type"] == answer
