"""The join panel: switching the address it hands out, and its advice line."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.hosting import JoinDetails, join_details
from desktop.interfaces import host_addresses, merged, qt_interfaces
from desktop.widgets.join_panel import JoinPanel
from relay.addresses import LOOPBACK, Candidate, Interface, lan_address, rank_addresses

DETAILS = JoinDetails(
    relay_url="ws://192.168.1.23:3080/ws",
    local_url="ws://127.0.0.1:3080/ws",
    match_id="final-2026",
    token="s3cret-token",
    viewer_url="http://192.168.1.23:3080/viewer.html?matchId=final-2026",
)
ADDRESSES = [
    Candidate("192.168.1.23", "Wi-Fi"),
    Candidate("10.20.0.7", "Ethernet"),
    Candidate("2401:4900:1c3a:8b2::5", "Wi-Fi"),
]


def test_the_host_switches_the_address_and_the_qr_code_follows(qtbot: QtBot) -> None:
    panel = JoinPanel(DETAILS, None, ADDRESSES)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.address_row.isVisible()
    assert [panel.address.itemText(i) for i in range(panel.address.count())] == [
        "192.168.1.23 (Wi-Fi)",
        "10.20.0.7 (Ethernet)",
        "2401:4900:1c3a:8b2::5 (Wi-Fi)",
    ]
    first_qr = panel.qr.pixmap().toImage()
    chosen: list[JoinDetails] = []
    panel.detailsChanged.connect(chosen.append)
    panel.address.setCurrentIndex(2)
    assert [d.host for d in chosen] == ["2401:4900:1c3a:8b2::5"]
    assert panel.fields["relay_url"].text() == "ws://[2401:4900:1c3a:8b2::5]:3080/ws"
    assert panel.fields["viewer_url"].text() == (
        "http://[2401:4900:1c3a:8b2::5]:3080/viewer.html?matchId=final-2026"
    )
    assert panel.fields["token"].text() == "s3cret-token"
    assert panel.qr.pixmap().toImage() != first_qr
    panel.address.setCurrentIndex(1)
    assert panel.details.viewer_url == "http://10.20.0.7:3080/viewer.html?matchId=final-2026"
    assert panel.details.local_url == "ws://127.0.0.1:3080/ws"


def test_one_address_needs_no_picker(qtbot: QtBot) -> None:
    panel = JoinPanel(DETAILS, None, ADDRESSES[:1])
    qtbot.addWidget(panel)
    panel.show()
    assert not panel.address_row.isVisible()
    assert not panel.advice.isVisible()
    panel.show_advice("Nobody else has connected in a minute since the join details were shown.")
    assert panel.advice.isVisible()
    panel.show_advice("")
    assert not panel.advice.isVisible()


def test_the_app_and_the_relay_pick_the_same_address_here() -> None:
    ranked = host_addresses()
    assert all(not c.address.startswith("127.") and c.address != "::1" for c in ranked)
    assert any(i.loopback for i in qt_interfaces())
    chosen = ranked[0].address if ranked else LOOPBACK
    assert chosen == lan_address()
    details = join_details(3000, "t", "m1")
    assert details.host == chosen


def test_qt_names_and_up_state_join_the_system_s_list() -> None:
    system = [
        Interface("{92}", "Intel(R) Wi-Fi 6", ("192.168.1.23",), description="Intel(R) Wi-Fi 6"),
        Interface("{5E}", "TAP-Windows Adapter V9", ("10.8.0.6",), description="TAP-Windows"),
        Interface("{4D}", "Intel(R) Ethernet", ("10.0.0.5",), description="Intel(R) Ethernet"),
    ]
    qt = [
        Interface("wireless_32768", "Wi-Fi", ("192.168.1.23", "fe80::1%12")),
        Interface("ethernet_32775", "Ethernet 3", ("10.8.0.6",)),
        Interface("ethernet_32769", "Ethernet", ("10.0.0.5",), up=False),  # cable out
    ]
    together = merged(system, qt)
    assert [(i.label, i.up, i.description) for i in together] == [
        ("Wi-Fi", True, "Intel(R) Wi-Fi 6"),
        ("Ethernet 3", True, "TAP-Windows"),
        ("Ethernet", False, "Intel(R) Ethernet"),
    ]
    assert rank_addresses(together) == [Candidate("192.168.1.23", "Wi-Fi")]
