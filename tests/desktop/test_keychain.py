"""Scorer tokens go to the platform's keyring, and to the settings file only without one."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import keyring.backends.fail
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtCore import QSettings

from desktop import keychain, recents

URL = "ws://192.168.1.23:3000/ws"


class MemoryKeyring(KeyringBackend):
    """Stands in for Credential Manager or the Keychain, which this machine lacks."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.kept.pop((service, username), None)


@pytest.fixture
def platform_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(before)


def settings_tokens() -> dict[str, object]:
    settings = QSettings("kabaddi-live", "scorer")
    settings.beginGroup("tokens")
    try:
        return {key: settings.value(key) for key in settings.childKeys()}
    finally:
        settings.endGroup()


def test_a_token_goes_to_the_keyring_not_the_settings_file(
    platform_keyring: MemoryKeyring,
) -> None:
    recents.remember(URL, "final", "Asha", "s3cret-token")
    assert recents.token_for(URL) == "s3cret-token"
    assert list(platform_keyring.kept.values()) == ["s3cret-token"]
    assert [service for service, _ in platform_keyring.kept] == [keychain.SERVICE]
    assert settings_tokens() == {}


def test_a_token_left_in_the_settings_file_moves_to_the_keyring(
    platform_keyring: MemoryKeyring,
) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())  # as an earlier release: settings
    recents.remember(URL, "final", "Asha", "old-token")
    assert list(settings_tokens().values()) == ["old-token"]
    keyring.set_keyring(platform_keyring)
    assert recents.token_for(URL) == "old-token"
    assert settings_tokens() == {}
    assert list(platform_keyring.kept.values()) == ["old-token"]


def test_without_a_keyring_the_settings_file_keeps_it() -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    recents.remember(URL, "final", "Asha", "plain-token")
    assert recents.token_for(URL) == "plain-token"
    assert list(settings_tokens().values()) == ["plain-token"]
