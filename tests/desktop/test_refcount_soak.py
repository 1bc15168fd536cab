"""The scoring window's periodic refreshes, thousands of times: no reference to None leaks.

PySide6-Essentials 6.12.0 drops a reference to None on every label update; on Python
3.11 the app then aborts minutes into a match. This soak fails on such a release
within seconds instead (and stops before None could be freed).
"""

from __future__ import annotations

import sys

import pytest
from desktop_helpers import until

from desktop.soak import NONE_DRIFT_LIMIT, OBJECT_GROWTH_LIMIT, live_match_events, soak
from desktop.widgets.main_window import MainWindow

ROUNDS = 3000


async def test_refreshing_a_live_match_leaks_nothing(window: MainWindow) -> None:
    client = window.controller.client
    for event in live_match_events():
        client.submit(event)
    await until(lambda: client.ledger.last_seq == 6 and not client.ledger.pending)
    # The live match the soak redraws: clock running, a raid under way, a suspension.
    assert (window.band.home.score.text(), window.band.away.score.text()) == ("1", "1")
    assert window.band.raid_clock.text().startswith("Raid: ")
    assert "Suspended · " in window.home_panel.tiles["h3"].text()
    assert window.play_model.rowCount() == 6

    result = await soak(window, ROUNDS)

    assert result.rounds == ROUNDS, result.summary()
    # Four tickers (clocks, status line, two squads) and three event redraws per round:
    # a leak of one reference per update would show as tens of thousands.
    assert result.calls >= 7 * ROUNDS
    if not result.immortal_none:
        assert abs(result.none_drift) <= NONE_DRIFT_LIMIT, result.summary()
    assert result.object_growth <= OBJECT_GROWTH_LIMIT, result.summary()
    assert not result.leaked


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
async def test_the_soak_sees_a_leak_of_one_reference_per_update(window: MainWindow) -> None:
    """A refresh that drops one reference to None per call is caught and stopped early."""
    leaks: list[object] = []

    def leaking_tick() -> None:
        leaks.append(None)  # holds one more reference per call: a drift of +1 per tick

    window.status_line.show_presence = lambda _p: leaking_tick()  # type: ignore[method-assign]
    original = window.refresh

    def refresh_and_leak() -> None:
        original()
        leaking_tick()

    window.refresh = refresh_and_leak  # type: ignore[method-assign]
    result = await soak(window, ROUNDS)
    assert result.leaked
    assert abs(result.none_drift) > NONE_DRIFT_LIMIT
    assert result.rounds < ROUNDS  # stopped once past the limit
