"""Scorer tokens kept by the platform: Windows Credential Manager, the macOS Keychain,
the Secret Service of a Linux desktop (through ``keyring``).

The app remembers the token used with each relay so that rejoining needs no typing.
Kept in its settings file that would be plain text any program of the user could
read; where the platform has a keyring it goes there instead, and the settings hold
nothing. Where there is none (a Linux machine without a desktop session, a test
run) the settings file is all there is, as before: that is logged once.
"""

from __future__ import annotations

import logging

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError

log = logging.getLogger(__name__)

SERVICE = "Kabaddi Live scorer token"
_said_missing = False


def _backend() -> KeyringBackend | None:
    global _said_missing
    backend = keyring.get_keyring()
    try:
        usable = float(backend.priority) > 0
    except Exception:  # a backend's priority may raise to say it cannot work here
        usable = False
    if not usable and not _said_missing:
        _said_missing = True
        log.info("no keyring on this system: scorer tokens stay in the app's settings")
    return backend if usable else None


def save_token(key: str, token: str) -> bool:
    """Keep ``token`` under ``key`` in the keyring; False when there is none to keep it."""
    backend = _backend()
    if backend is None:
        return False
    try:
        backend.set_password(SERVICE, key, token)
    except KeyringError as exc:
        log.warning("the keyring refused the scorer token: %s", exc)
        return False
    return True


def load_token(key: str) -> str | None:
    backend = _backend()
    if backend is None:
        return None
    try:
        return backend.get_password(SERVICE, key)
    except KeyringError as exc:
        log.warning("could not read the scorer token from the keyring: %s", exc)
        return None
