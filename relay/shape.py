"""The match state as protocol 2 sends it: shaped so a merge patch is as small as the change.

Protocol 1 sends :class:`MatchState` whole with every event. Protocol 2 sends it once
(in ``welcome``) and then JSON Merge Patches (:mod:`relay.patch`) against it, so the
state is reshaped for patching:

- each team's ``players`` is an object keyed by player id (``{"h1": {...}}``, the
  ``id`` inside dropped), so a change to one player patches that player only; the
  squad order, which never changes, is in ``squad`` (a list of ids);
- members whose value is ``null`` are left out (a merge patch cannot set a null: it
  removes), so read a missing member as ``null``, a missing counter as 0.

This module is the one place that knows the shape, both ways: the relay builds it,
the desktop app turns it back into a :class:`MatchState`. The pages' copy of
:func:`match_state` is ``viewState`` in ``resources/viewer/patch.js``.
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import ValidationError

from relay.patch import JsonObject
from relay.rules.state import MatchState
from relay.wire import drop_unknown

SIDES = ("home", "away")


def wire_state(state: MatchState) -> JsonObject:
    """``state`` in the protocol-2 shape (plain JSON values)."""
    data: JsonObject = state.model_dump(mode="json", by_alias=True, exclude_none=True)
    for side in SIDES:
        team = data[side]
        players: list[JsonObject] = team["players"]
        team["squad"] = [player["id"] for player in players]
        team["players"] = {player.pop("id"): player for player in players}
    return data


def match_state(shaped: JsonObject, ignored: set[str] | None = None) -> MatchState:
    """The :class:`MatchState` a protocol-2 state stands for; raises ValueError if it is not one.

    Members this version does not know (a newer relay's) are left out of it, their paths
    added to ``ignored``; ``shaped`` itself is not changed (later patches still apply)."""
    data: JsonObject = dict(shaped)
    for side in SIDES:
        team: Any = data.get(side)
        if not isinstance(team, dict):
            raise ValueError(f"the state has no {side} team")
        team = dict(team)
        squad = team.pop("squad", None)
        players = team.get("players")
        if not isinstance(squad, list) or not isinstance(players, dict):
            raise ValueError(f"the {side} team has no squad")
        if not all(isinstance(i, str) for i in squad) or set(squad) != set(players):
            raise ValueError(f"the {side} team's squad and players disagree")
        team["players"] = [{"id": player_id, **players[player_id]} for player_id in squad]
        # The one nullable member with no default: absent means null.
        team.setdefault("color", None)
        data[side] = team
    try:
        return MatchState.model_validate(data)
    except ValidationError as exc:
        data = copy.deepcopy(data)
        if not drop_unknown(data, exc, ignored):
            raise
    return MatchState.model_validate(data)
