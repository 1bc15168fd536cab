"""Reading Windows Firewall's answer: which connected networks keep the others out."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.firewall import (
    ALLOWED,
    BLOCKED,
    OFF,
    UNDECIDED,
    FirewallAnswerError,
    Verdict,
    blocked,
    check_firewall,
    firewall_verdicts,
)
from desktop.reach import firewall_advice

ANSWERS = Path(__file__).parent / "firewall_answers"
RELAY = r"C:\Users\asha\AppData\Local\Programs\Kabaddi Live\kabaddi-relay.exe"


def verdicts(name: str, program: str = RELAY) -> list[Verdict]:
    return firewall_verdicts((ANSWERS / name).read_text(encoding="utf-8"), program)


def test_allowed_on_private_only_blocks_public_wifi() -> None:
    # What the "Allow access" prompt leaves when only Private was ticked: allow and block.
    assert verdicts("private_only_on_public_wifi.json") == [
        Verdict("Wi-Fi", "Public", BLOCKED, "Kabaddi Live relay")
    ]


def test_the_same_rules_let_others_in_on_a_private_network() -> None:
    assert verdicts("private_only_at_home.json") == [
        Verdict("Wi-Fi", "Private", ALLOWED, "Kabaddi Live relay")
    ]


def test_the_installers_rule_covers_public_and_domain_networks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LOCALAPPDATA", r"C:\Users\asha\AppData\Local")
    assert verdicts("installer_rule.json") == [
        Verdict("Wi-Fi", "Public", ALLOWED, "Kabaddi Live relay (venue networks)"),
        Verdict("Ethernet", "Domain", UNDECIDED),  # the rule names Private and Public only
    ]


def test_no_rule_yet_is_not_reachable() -> None:
    found = verdicts("never_asked.json")
    assert found == [Verdict("Wi-Fi 2", "Public", UNDECIDED)]
    assert blocked(found) == found


def test_a_firewall_turned_off_lets_everyone_in() -> None:
    found = verdicts("firewall_off_on_public.json")
    assert found == [Verdict("Wi-Fi", "Public", OFF)]
    assert blocked(found) == []


def test_enum_numbers_read_as_their_names() -> None:
    assert verdicts("numbers.json") == [Verdict("Wi-Fi", "Public", BLOCKED, "Kabaddi Live relay")]


def test_disabled_rules_and_other_copies_of_the_program_do_not_count() -> None:
    # Same path in other case and slashes: that rule counts; an old unzipped copy does not.
    assert verdicts("disabled_block_and_other_program.json") == [
        Verdict("Wi-Fi", "Public", ALLOWED, "Kabaddi Live relay")
    ]


@pytest.mark.parametrize("answer", ["", "Get-NetFirewallProfile : Access denied", "[1, 2]"])
def test_an_answer_that_is_not_the_query_s_is_an_error(answer: str) -> None:
    with pytest.raises(FirewallAnswerError):
        firewall_verdicts(answer, RELAY)


async def test_the_query_runs_on_windows_only() -> None:
    commands: list[list[str]] = []

    async def powershell(command: list[str]) -> str:
        commands.append(command)
        return (ANSWERS / "private_only_on_public_wifi.json").read_text(encoding="utf-8")

    assert await check_firewall(RELAY, powershell, platform="linux") is None
    assert await check_firewall(RELAY, powershell, platform="darwin") is None
    assert commands == []
    found = await check_firewall(RELAY, powershell, platform="win32")
    assert found == [Verdict("Wi-Fi", "Public", BLOCKED, "Kabaddi Live relay")]
    (command,) = commands
    assert command[0] == "powershell.exe"
    assert "-NonInteractive" in command
    assert "Where-Object { $_.Program -like '*\\kabaddi-relay.exe' }" in command[-1]
    assert "Get-NetConnectionProfile" in command[-1]


async def test_a_failing_query_says_nothing_rather_than_guess() -> None:
    async def powershell(command: list[str]) -> str:
        raise OSError("PowerShell failed (1): the NetSecurity module is not available")

    assert await check_firewall(RELAY, powershell, platform="win32") is None


def test_advice_names_the_network_and_the_clicks() -> None:
    advice = firewall_advice([Verdict("Wi-Fi", "Public", BLOCKED, "Kabaddi Live relay")], RELAY)
    assert "“Wi-Fi”, a Public network" in advice
    assert "the Public box was left unticked" in advice
    assert "Allow an app through Windows Firewall" in advice
    assert "tick both Private and Public" in advice
    assert RELAY in advice
