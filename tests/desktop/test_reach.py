"""Noticing that nobody else reaches the hosted relay, on a clock the test turns."""

from __future__ import annotations

from desktop.reach import ReachWatch, silence_advice


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_advice_is_due_once_after_the_patience_with_only_the_host_connected() -> None:
    clock = Clock()
    watch = ReachWatch(clock, patience=90)
    assert not watch.observe(1)  # the details were never shown: nobody was told how to join
    watch.shown()
    clock.now += 89
    assert not watch.observe(1)
    clock.now += 1
    assert watch.observe(1)
    clock.now += 300
    assert not watch.observe(1)  # said once
    assert watch.observe(2) is False
    assert watch.reached


def test_somebody_connecting_ends_the_watch_for_good() -> None:
    clock = Clock()
    watch = ReachWatch(clock, patience=60)
    watch.shown()
    clock.now += 10
    assert not watch.observe(3)
    clock.now += 600
    assert not watch.observe(1)  # they left again: the way in worked, no advice
    watch.shown()  # showing the details again starts nothing new
    clock.now += 600
    assert not watch.observe(1)


def test_showing_the_details_again_does_not_restart_the_wait() -> None:
    clock = Clock()
    watch = ReachWatch(clock, patience=60)
    watch.shown()
    clock.now += 50
    watch.shown()
    clock.now += 10
    assert watch.observe(1)


def test_advice_has_the_steps_for_each_platform() -> None:
    url = "http://192.168.1.23:3000/viewer.html?matchId=final"
    windows = silence_advice(url, r"C:\Kabaddi Live\kabaddi-relay.exe", 3000, 1.5, "win32")
    assert windows.startswith("Nobody else has connected in 2 minutes")
    assert f"open {url} in the browser" in windows
    assert r"Browse → C:\Kabaddi Live\kabaddi-relay.exe" in windows
    assert "Network profile type → Private network" in windows
    mac = silence_advice(url, "/Applications/Kabaddi Live.app", 3000, 1, "darwin")
    assert "in a minute" in mac
    assert "System Settings → Network → Firewall → Options…" in mac
    assert "Privacy & Security → Local Network" in mac
    linux = silence_advice(url, "/opt/kabaddi-live/kabaddi-relay", 3080, 1, "linux")
    assert "sudo ufw allow 3080/tcp" in linux
