"""Which address goes in the URLs: one ranking for the relay and the scorer app."""

from __future__ import annotations

from relay.addresses import (
    LOOPBACK,
    Candidate,
    Interface,
    lan_address,
    likeliest_address,
    rank_addresses,
    system_interfaces,
    url_host,
)

# A Windows laptop with WSL, Docker Desktop, a VPN client and Tailscale, on venue Wi-Fi,
# as the app sees it: Windows' names from Qt, the adapters' descriptions from the system.
WINDOWS_LAPTOP = [
    Interface("{1A}", "Loopback Pseudo-Interface 1", ("127.0.0.1", "::1"), loopback=True),
    Interface(
        "{2B}",
        "vEthernet (WSL (Hyper-V firewall))",
        ("172.28.16.1",),
        description="Hyper-V Virtual Ethernet Adapter",
    ),
    Interface(
        "{3C}",
        "vEthernet (Default Switch)",
        ("172.17.80.1",),
        description="Hyper-V Virtual Ethernet Adapter #2",
    ),
    Interface("{4D}", "Ethernet", ("10.0.0.5",), up=False, description="Intel(R) Ethernet I219-V"),
    Interface("{5E}", "Ethernet 3", ("10.8.0.6",), description="TAP-Windows Adapter V9"),
    Interface("{6F}", "Teredo Tunneling Pseudo-Interface", ("2001:0:2851:782c::1",)),
    Interface("{70}", "Tailscale", ("100.101.1.2", "fd7a:115c:a1e0::1")),
    Interface("{81}", "Bluetooth Network Connection", ("169.254.3.4",)),
    Interface(
        "{92}",
        "Wi-Fi",
        ("fe80::1c2d:3e4f:5a6b:7c8d%12", "2401:4900:1c3a:8b2::5", "fd12:3456::7", "192.168.1.23"),
        description="Intel(R) Wi-Fi 6 AX201 160MHz",
    ),
]

# A Mac on Wi-Fi that also shares its connection (bridge100), with a VPN (utun) and AirDrop.
MAC = [
    Interface("lo0", "lo0", ("127.0.0.1", "::1", "fe80::1%lo0"), loopback=True),
    Interface("en0", "Wi-Fi", ("192.168.0.10", "fe80::aa:bb%en0")),
    Interface("awdl0", "awdl0", ("fe80::cc:dd%awdl0",)),
    Interface("utun3", "utun3", ("100.96.0.2",)),
    Interface("anpi0", "anpi0", ("10.1.1.1",)),
    Interface("bridge100", "bridge100", ("192.168.2.1",)),
]


def test_a_windows_laptop_offers_its_wifi_addresses_ipv4_first() -> None:
    assert rank_addresses(WINDOWS_LAPTOP) == [
        Candidate("192.168.1.23", "Wi-Fi"),
        Candidate("2401:4900:1c3a:8b2::5", "Wi-Fi"),
        Candidate("fd12:3456::7", "Wi-Fi"),
    ]
    assert likeliest_address(WINDOWS_LAPTOP) == "192.168.1.23"


def test_a_vpn_named_like_ethernet_is_known_by_its_description() -> None:
    tap = Interface("{5E}", "Ethernet 3", ("10.8.0.6",), description="TAP-Windows Adapter V9")
    assert rank_addresses([tap]) == []
    assert rank_addresses([Interface("{5E}", "Ethernet 3", ("10.8.0.6",))]) == [
        Candidate("10.8.0.6", "Ethernet 3")
    ]


def test_a_mac_offers_wifi_then_its_own_hotspot_in_the_system_s_order() -> None:
    assert rank_addresses(MAC) == [
        Candidate("192.168.0.10", "Wi-Fi"),
        Candidate("192.168.2.1", "bridge100"),
    ]


def test_a_laptop_on_no_network_hands_out_loopback() -> None:
    offline = [
        Interface("lo", "lo", ("127.0.0.1", "::1"), loopback=True),
        Interface("wlan0", "wlan0", ("169.254.10.20", "fe80::1%wlan0")),
        Interface("docker0", "docker0", ("172.17.0.1",)),
        Interface("virbr0", "virbr0", ("192.168.122.1",)),
    ]
    assert rank_addresses(offline) == []
    assert likeliest_address(offline) == LOOPBACK


def test_a_carrier_nat_address_comes_after_a_private_one() -> None:
    tethered = [
        Interface("wwan0", "Mobile broadband", ("100.72.5.9",)),
        Interface("wlan0", "wlan0", ("172.20.10.2",)),
    ]
    assert [c.address for c in rank_addresses(tethered)] == ["172.20.10.2", "100.72.5.9"]


def test_ipv6_goes_in_brackets_in_urls() -> None:
    assert url_host("2401:4900:1c3a:8b2::5") == "[2401:4900:1c3a:8b2::5]"
    assert url_host("[::1]") == "[::1]"
    assert url_host("192.168.1.23") == "192.168.1.23"
    assert Candidate("fd12::7", "Wi-Fi").description == "fd12::7 (Wi-Fi)"


def test_this_machine_s_listing_finds_loopback_and_ranks_without_it() -> None:
    interfaces = system_interfaces()
    assert any(i.loopback and "127.0.0.1" in i.addresses for i in interfaces)
    address = lan_address()
    assert address == likeliest_address(interfaces)
    assert address == LOOPBACK or not address.startswith("127.")
