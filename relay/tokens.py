"""The scorer token: given, or generated once and kept in the data directory."""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

from relay.private_file import make_private

TOKEN_FILE = "token"


def load_or_create_token(data_dir: Path) -> str:
    """The token kept in ``data_dir``; a new one is written there (mode 0600) the first time."""
    path = data_dir / TOKEN_FILE
    try:
        token = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        token = ""
    if token:
        return token
    data_dir.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(12)
    # Create with 0600 from the start so the token is never readable by others.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(token + "\n")
    make_private(path)  # 0600 is not enough on Windows: see relay.private_file
    return token


def token_matches(given: str | None, expected: str) -> bool:
    if given is None:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())
