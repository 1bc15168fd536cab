"""The scorer token: given, or generated once and kept in the data directory.

A generated token is read aloud and typed on another laptop, so it is made of letters
and digits nobody confuses (no 0/O, 1/I/L, U/V), in groups of four: ``7KQM-3XPD-H9RA-WC4E``
(about 78 bits). It is accepted in any case, with or without the dashes and with spaces.
Tokens made before (URL-safe base64) and tokens an operator supplies are compared
exactly, as they always were.
"""

from __future__ import annotations

import hmac
import os
import re
import secrets
from pathlib import Path

from relay.private_file import make_private

TOKEN_FILE = "token"
READABLE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
GROUPS = 4
GROUP_LENGTH = 4
_READABLE = re.compile(
    rf"[{READABLE_ALPHABET}]{{{GROUP_LENGTH}}}(-[{READABLE_ALPHABET}]{{{GROUP_LENGTH}}})*"
)
_SEPARATORS = re.compile(r"[\s\-]+")


def new_token() -> str:
    """A fresh scorer token, easy to read aloud and type."""
    groups = (
        "".join(secrets.choice(READABLE_ALPHABET) for _ in range(GROUP_LENGTH))
        for _ in range(GROUPS)
    )
    return "-".join(groups)


def is_readable(token: str) -> bool:
    """Made by :func:`new_token` (or in its form): compared leniently."""
    return _READABLE.fullmatch(token) is not None


def _folded(token: str) -> str:
    return _SEPARATORS.sub("", token).upper()


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
    token = new_token()
    # Create with 0600 from the start so the token is never readable by others.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(token + "\n")
    make_private(path)  # 0600 is not enough on Windows: see relay.private_file
    return token


def token_matches(given: str | None, expected: str) -> bool:
    if given is None:
        return False
    if is_readable(expected):
        given, expected = _folded(given), _folded(expected)
    return hmac.compare_digest(given.encode(), expected.encode())
