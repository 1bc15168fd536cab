"""The relay announces itself on the LAN (mDNS), on loopback only in every test here."""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from redis_kit import RedisServer
from relay_kit import HANG, LINE, ROOT, TOKEN, Backend, http_get, metric, start_subprocess
from zeroconf import InterfaceChoice, IPVersion, ServiceStateChange, Zeroconf
from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo, AsyncZeroconf

from relay.__main__ import config_from, parse_args
from relay.advertise import SERVICE_TYPE, Announcement, NotAdvertisable, where_to_advertise
from relay.server import Relay, RelayConfig

LOOPBACK = ["127.0.0.1"]


class Heard:
    """What a browser on the loopback interface hears of ``_kabaddi._tcp``."""

    def __init__(self) -> None:
        self.added: set[str] = set()
        self.removed: set[str] = set()
        self.changed = asyncio.Event()

    def handler(
        self, zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange
    ) -> None:
        if state_change is ServiceStateChange.Removed:
            self.removed.add(name)
        else:
            self.added.add(name)
        self.changed.set()

    async def until(self, condition: object) -> None:
        async with asyncio.timeout(HANG):
            while not condition():  # type: ignore[operator]
                self.changed.clear()
                await self.changed.wait()


@pytest.fixture
async def listener() -> AsyncIterator[tuple[AsyncZeroconf, Heard]]:
    zeroconf = AsyncZeroconf(interfaces=LOOPBACK)
    heard = Heard()
    browser = AsyncServiceBrowser(zeroconf.zeroconf, SERVICE_TYPE, handlers=[heard.handler])
    yield zeroconf, heard
    await browser.async_cancel()
    await zeroconf.async_close()


def test_a_relay_on_loopback_is_announced_on_loopback_only() -> None:
    where = where_to_advertise("127.0.0.1")
    assert (where.interfaces, where.ip_version, where.addresses) == (
        ["127.0.0.1"],
        IPVersion.V4Only,
        ("127.0.0.1",),
    )
    assert where_to_advertise("localhost").interfaces == ["127.0.0.1"]


def test_a_relay_on_every_interface_is_announced_on_every_interface() -> None:
    assert where_to_advertise("0.0.0.0").interfaces is InterfaceChoice.All
    assert where_to_advertise("0.0.0.0").ip_version is IPVersion.V4Only
    assert where_to_advertise("::").ip_version is IPVersion.All


def test_a_relay_on_one_address_is_announced_there() -> None:
    assert where_to_advertise("192.0.2.7").interfaces == ["192.0.2.7"]
    assert where_to_advertise("fd00::7").ip_version is IPVersion.V6Only


@pytest.mark.parametrize("host", ["::1", "relay.example"])
def test_hosts_mdns_cannot_announce_are_refused_with_the_reason(host: str) -> None:
    with pytest.raises(NotAdvertisable, match="mDNS"):
        where_to_advertise(host)


def test_the_txt_record_says_how_to_connect() -> None:
    announcement = Announcement("Court 2", 3000, tls=True)
    assert announcement.properties() == {
        "name": "Court 2",
        "path": "/ws",
        "tls": "1",
        "protocol": "2",
        "protocols": "1,2",
    }
    assert announcement.instance == "Court 2 (3000)"
    long = Announcement("स्टेडियम " * 10, 3000)
    assert len(long.instance.encode()) <= 63


def test_the_command_line_announces_unless_told_not_to() -> None:
    assert config_from(parse_args(["--name", "Court 1"])).advertise is True
    assert config_from(parse_args(["--name", "Court 1"])).name == "Court 1"
    assert config_from(parse_args(["--no-advertise"])).advertise is False


def test_an_empty_name_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parse_args(["--name", "  "])
    assert "--name must not be empty" in capsys.readouterr().err


async def test_a_relay_is_found_with_its_name_and_gone_when_it_stops(
    tmp_path: Path, listener: tuple[AsyncZeroconf, Heard]
) -> None:
    zeroconf, heard = listener
    name = f"Court {secrets.token_hex(3)}"
    backend = await start_subprocess(tmp_path, name=name)
    try:
        instance = f"{name} ({backend.port}).{SERVICE_TYPE}"
        await heard.until(lambda: instance in heard.added)
        info = AsyncServiceInfo(SERVICE_TYPE, instance)
        assert await info.async_request(zeroconf.zeroconf, 3000)
        assert info.port == backend.port
        assert info.parsed_addresses() == ["127.0.0.1"]
        assert info.decoded_properties == {
            "name": name,
            "path": "/ws",
            "tls": "0",
            "protocol": "2",
            "protocols": "1,2",
        }
        health = (await http_get(backend, "/healthz")).json()
        assert health["ok"] is True
        assert health["advertising"] == {
            "enabled": True,
            "announced": True,
            "service": instance,
            "problem": None,
        }
        assert await metric(backend, "kabaddi_lan_announced") == 1
    finally:
        await backend.stop()
    await heard.until(lambda: instance in heard.removed)


async def test_no_advertise_is_reported_on_healthz(tmp_path: Path) -> None:
    backend = await start_subprocess(tmp_path, no_advertise=None)
    try:
        health = (await http_get(backend, "/healthz")).json()
        assert health["advertising"]["enabled"] is False
        assert health["advertising"]["announced"] is False
        assert await metric(backend, "kabaddi_lan_announced") == 0
    finally:
        await backend.stop()


async def test_a_failed_announcement_is_reported_and_the_relay_serves_on(tmp_path: Path) -> None:
    config = RelayConfig(host="::1", port=0, data_dir=tmp_path, token=TOKEN, advertise=True)
    async with Relay(config) as relay:
        backend = Backend("embedded", relay.url, relay.token, tmp_path, relay.stop, relay=relay)
        answer = await http_get(backend, "/healthz")
        assert answer.status == 200
        health = answer.json()
        assert health["ok"] is True
        assert health["advertising"]["announced"] is False
        assert health["advertising"]["problem"] == (
            "the relay is not announced on the LAN: mDNS cannot announce on ::1;"
            " listen on 127.0.0.1 instead"
        )
        assert await metric(backend, "kabaddi_lan_announce_failed") == 1


async def test_workers_sharing_a_port_are_announced_once_by_their_supervisor(
    redis_server: RedisServer, tmp_path: Path, listener: tuple[AsyncZeroconf, Heard]
) -> None:
    _, heard = listener
    name = f"Stadium {secrets.token_hex(3)}"
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "relay", "--host", "127.0.0.1", "--port", "0"),
        *("--data-dir", str(tmp_path), "--name", name),
        *("--redis", redis_server.url, "--workers", "2"),
        cwd=ROOT,
        env={**os.environ, "KABADDI_TOKEN": TOKEN},
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    try:
        async with asyncio.timeout(HANG):
            line = (await process.stdout.readline()).decode()
        found = LINE.search(line)
        assert found, line
        backend = Backend("workers", found["url"], TOKEN, tmp_path, _no_stop, process=process)
        instance = f"{name} ({backend.port}).{SERVICE_TYPE}"
        await heard.until(lambda: instance in heard.added)
        # Whichever worker answers, it leaves the announcing to the supervisor.
        health = (await http_get(backend, "/healthz")).json()
        assert health["advertising"]["enabled"] is False
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(HANG):
            await process.wait()
    await heard.until(lambda: instance in heard.removed)
    assert sorted(n for n in heard.added if n.startswith(name)) == [instance]


async def _no_stop() -> None:
    pass
