"""Recently used relays, matches and the scorer's name, kept in QSettings."""

from __future__ import annotations

import hashlib
import uuid

from PySide6.QtCore import QSettings

from desktop import keychain

MAX_RECENT = 8


def _settings() -> QSettings:
    return QSettings("kabaddi-live", "scorer")


def _list(key: str) -> list[str]:
    value = _settings().value(key, [])
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def recent_relays() -> list[str]:
    return _list("recent/relays")


def recent_matches() -> list[str]:
    return _list("recent/matches")


def hosted_matches() -> list[str]:
    """Matches hosted on this laptop, newest first: hosting one again continues it."""
    return _list("recent/hosted")


def remember_hosted(match_id: str) -> None:
    items = [match_id, *[m for m in hosted_matches() if m != match_id]][:MAX_RECENT]
    _settings().setValue("recent/hosted", items)


def scorer_name() -> str:
    return str(_settings().value("scorer/name", ""))


def _token_key(relay_url: str) -> str:
    return "tokens/" + hashlib.sha256(relay_url.encode()).hexdigest()[:16]


def token_for(relay_url: str) -> str:
    """The scorer token last used with this relay (tokens are per relay, not per match).

    From the platform's keyring (see :mod:`desktop.keychain`); a token an earlier release
    left in the settings file is moved there when it is read.
    """
    key = _token_key(relay_url)
    kept = keychain.load_token(key)
    if kept:
        return kept
    plain = str(_settings().value(key, ""))
    if plain and keychain.save_token(key, plain):
        _settings().remove(key)
    return plain


def remember(relay_url: str, match_id: str, name: str, token: str = "") -> None:
    settings = _settings()
    if token:
        key = _token_key(relay_url)
        if keychain.save_token(key, token):
            settings.remove(key)  # never in plain text where the keyring has it
        else:
            settings.setValue(key, token)
    for key, value in (("recent/relays", relay_url), ("recent/matches", match_id)):
        items = [value, *[v for v in _list(key) if v != value]][:MAX_RECENT]
        settings.setValue(key, items)
    settings.setValue("scorer/name", name)


def client_id() -> str:
    """A stable id for this install, shown to other scorers in presence."""
    settings = _settings()
    value = settings.value("scorer/clientId")
    if not value:
        value = "desk-" + uuid.uuid4().hex[:12]
        settings.setValue("scorer/clientId", value)
    return str(value)


def port_for(match_id: str) -> int | None:
    """The port this laptop hosted ``match_id`` on, so its URL and QR code stay the same."""
    value = _settings().value(f"ports/{match_id}")
    try:
        return int(str(value)) if value is not None else None
    except ValueError:
        return None


def remember_port(match_id: str, port: int) -> None:
    _settings().setValue(f"ports/{match_id}", port)
