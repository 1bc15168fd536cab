"""The kabaddi rules engine: pure functions from (state, event, time) to a new state.

No I/O, no clock reads, no asyncio, no Qt: time is passed in.
"""

from relay.rules.engine import apply, replay
from relay.rules.errors import RuleError
from relay.rules.events import Event
from relay.rules.settings import RuleSettings
from relay.rules.state import MatchState, PlayerState, TeamState

__all__ = [
    "Event",
    "MatchState",
    "PlayerState",
    "RuleError",
    "RuleSettings",
    "TeamState",
    "apply",
    "replay",
]
