"""``kabaddi-scorer --self-test``: start the relay process, score through the app's client.

Then it redraws the scoring window a few thousand times (see :mod:`desktop.soak`): a Qt
binding that leaks a reference per label update fails here rather than minutes into a
match. Runs offscreen in a temporary directory; used by the installer's smoke test.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from desktop.client import JoinTarget, ScorerClient
from desktop.outbox import Outbox
from desktop.relay_child import RelayStartError, start_relay_process
from desktop.report import report
from desktop.scoring import ScoringController
from desktop.soak import soak
from desktop.stamps import new_event_id
from desktop.widgets.main_window import MainWindow
from relay.rules.demo import demo_setup
from relay.rules.events import Card, RaidStart

TIMEOUT_SECONDS = 30.0
SOAK_ROUNDS = 500


class SelfTestFailure(Exception):
    pass


async def _wait(condition: object, what: str) -> None:
    assert callable(condition)
    try:
        async with asyncio.timeout(TIMEOUT_SECONDS):
            while not condition():  # noqa: ASYNC110 - polls state that client signals change
                await asyncio.sleep(0.02)
    except TimeoutError:
        raise SelfTestFailure(f"timed out waiting for {what}") from None


async def run_self_test(base: Path) -> str:
    """Returns a summary line; raises SelfTestFailure saying what went wrong."""
    relay = await start_relay_process(base / "relay", port=0, host="127.0.0.1")
    outbox = Outbox(base / "outbox.sqlite3")
    client = ScorerClient(outbox, client_id="self-test")
    controller = ScoringController(client)
    try:
        client.join(JoinTarget(relay.local_url, "self-test", relay.token, "Self-test"))
        await _wait(lambda: client.status.state == "connected", "the relay connection")
        controller.setup(demo_setup(client_event_id="self-test-setup"))
        await _wait(lambda: client.ledger.last_seq == 1, "the setup to be accepted")
        if not controller.toggle_clock():
            raise SelfTestFailure("the clock could not be started")
        for digit in "73":  # raider #7, touches #3
            controller.type_digit(digit)
        if not controller.finish_raid("successful"):
            raise SelfTestFailure("a successful raid was refused locally")
        controller.type_digit("2")  # away raider #2, empty raid
        if not controller.finish_raid("empty"):
            raise SelfTestFailure("an empty raid was refused locally")
        await _wait(lambda: client.ledger.last_seq == 4 and not client.ledger.pending, "acks")
        state = client.ledger.confirmed
        if state is None or (state.home.score, state.away.score) != (1, 0):
            raise SelfTestFailure(
                f"unexpected score: {state and (state.home.score, state.away.score)}"
            )
        if state.away.out_order != ["a3"] or state.raiding_team != "home":
            raise SelfTestFailure("unexpected mat after the raids")
        if outbox.pending(relay.local_url, "self-test"):
            raise SelfTestFailure("events left in the outbox after their acks")
        soaked = await _soak(client, controller)
        return (
            f"self-test passed: {state.home.short_name} {state.home.score}–{state.away.score}\n"
            f"window soak: {soaked}"
        )
    finally:
        await client.stop()
        outbox.close()
        await relay.stop()
        if relay.process is not None and relay.process.poll() is None:
            relay.process.kill()
            raise SelfTestFailure("the relay did not stop when asked")


async def _soak(client: ScorerClient, controller: ScoringController) -> str:
    """Redraw a scoring window with a suspension and a raid under way; fail on a leak."""
    client.submit(Card(client_event_id=new_event_id(), player_id="h3", color="yellow"))
    client.submit(RaidStart(client_event_id=new_event_id(), raider_id="h2"))
    await _wait(lambda: client.ledger.last_seq == 6 and not client.ledger.pending, "acks")
    window = MainWindow(controller)
    window.show()
    try:
        result = await soak(window, SOAK_ROUNDS)
    finally:
        window.close()
        window.deleteLater()
    if result.leaked or result.rounds < SOAK_ROUNDS:
        raise SelfTestFailure(f"the scoring window leaks: {result.summary()}")
    return result.summary()


async def self_test_main() -> int:
    """Says the outcome on the console, or in the log and a message box without one."""
    with tempfile.TemporaryDirectory(prefix="kabaddi-self-test-") as tmp:
        try:
            summary = await run_self_test(Path(tmp))
        except (SelfTestFailure, RelayStartError, OSError) as exc:
            report(f"self-test FAILED: {exc}", failed=True)
            return 1
    report(summary)
    return 0
