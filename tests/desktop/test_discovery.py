"""What the app makes of a relay's announcement and of its match list (no network here)."""

from __future__ import annotations

import pytest
from zeroconf.asyncio import AsyncServiceInfo

from desktop.discovery import FoundRelay, LiveMatch, live_matches, relay_from
from desktop.lan_settings import LanAnnouncement
from desktop.models.relay_list import RelayListModel, relay_label
from relay.advertise import SERVICE_TYPE


def info(addresses: list[str], properties: dict[str, str], port: int = 3000) -> AsyncServiceInfo:
    return AsyncServiceInfo(
        SERVICE_TYPE,
        f"Court 1 ({port}).{SERVICE_TYPE}",
        port=port,
        properties=properties,
        parsed_addresses=addresses,
    )


def test_an_announcement_becomes_a_relay_to_join() -> None:
    relay = relay_from(
        info(
            ["127.0.0.1", "192.0.2.7"],
            {"name": "Court 1", "path": "/ws", "tls": "0", "protocol": "2"},
        )
    )
    assert relay == FoundRelay(
        key=f"Court 1 (3000).{SERVICE_TYPE}",
        name="Court 1",
        address="192.0.2.7",  # another machine's loopback address is of no use
        port=3000,
        path="/ws",
        tls=False,
        protocol=2,
    )
    assert relay.ws_url == "ws://192.0.2.7:3000/ws"


def test_a_secure_relay_is_joined_with_wss() -> None:
    relay = relay_from(info(["192.0.2.7"], {"name": "Arena", "tls": "1", "path": "/ws"}, 443))
    assert relay is not None
    assert relay.ws_url == "wss://192.0.2.7:443/ws"
    assert relay.http_url == "https://192.0.2.7:443"
    assert relay.protocol is None  # not announced


def test_a_relay_on_this_machine_only_is_joined_on_loopback() -> None:
    relay = relay_from(info(["127.0.0.1"], {"name": "Laptop"}))
    assert relay is not None
    assert relay.ws_url == "ws://127.0.0.1:3000/ws"


def test_only_live_matches_are_offered() -> None:
    listing = [
        {
            "matchId": "final",
            "phase": "secondHalf",
            "home": {"name": "Patna Pirates", "score": 31},
            "away": {"name": "Bengaluru Bulls", "score": 28},
        },
        {"matchId": "semi", "phase": "finished", "home": {"name": "A"}, "away": {"name": "B"}},
        {"matchId": "later", "phase": None},
    ]
    assert live_matches(listing) == (
        LiveMatch("final", "Patna Pirates", "Bengaluru Bulls", 31, 28, "secondHalf"),
    )
    assert live_matches(listing)[0].label == "Patna Pirates 31 – 28 Bengaluru Bulls  (final)"


def test_a_match_list_that_is_not_one_is_refused() -> None:
    with pytest.raises(ValueError, match="not a list"):
        live_matches({"matches": []})


def test_a_relay_row_says_where_it_is_and_why_it_does_not_answer() -> None:
    relay = FoundRelay(
        "k", "Court 1", "192.0.2.7", 3000, tls=True, problem="not answering: refused"
    )
    assert relay_label(relay) == "Court 1 — 192.0.2.7:3000, secure — not answering: refused"


def test_a_relay_without_matches_says_so_and_offers_nothing_to_join() -> None:
    model = RelayListModel()
    model.show(FoundRelay("k", "Court 1", "192.0.2.7", 3000))
    assert model.relay_keys() == ["k"]
    placeholder = model.item(0).child(0)
    assert placeholder.text() == "No match being scored yet"
    assert model.choice(placeholder.index()) is None
    model.forget("k")
    assert model.relay_keys() == []


def test_the_lan_setting_becomes_the_relays_options() -> None:
    assert LanAnnouncement(True, "").relay_args() == []
    assert LanAnnouncement(True, " Court 2 ").relay_args() == ["--name", "Court 2"]
    assert LanAnnouncement(False, "Court 2").relay_args() == ["--no-advertise"]
