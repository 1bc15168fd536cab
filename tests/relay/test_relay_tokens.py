"""The scorer token: generated once, kept private, compared safely."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

from relay.tokens import TOKEN_FILE, load_or_create_token, token_matches


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
