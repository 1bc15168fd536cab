"""A copy-on-write working copy of the match state, the only thing rules change.

Starting a draft copies the match, the two teams (their lists and points), the clock and
the tie-break: a few small objects. Players are copied only when a rule edits one, so an
event costs little and consecutive states share the players it did not touch (the undo
history relies on that sharing to stay small).
"""

from __future__ import annotations

from relay.rules.events import Side
from relay.rules.state import MatchState, PlayerState, TeamState, TieBreakState


def other(side: Side) -> Side:
    return "away" if side == "home" else "home"


def _copy_team(team: TeamState) -> TeamState:
    copy = team.model_copy()
    copy.players = list(team.players)
    copy.on_court = list(team.on_court)
    copy.out_order = list(team.out_order)
    copy.points = team.points.model_copy()
    copy.extras = team.extras.model_copy()
    return copy


class Draft:
    def __init__(self, old: MatchState) -> None:
        state = old.model_copy()
        state.home = _copy_team(old.home)
        state.away = _copy_team(old.away)
        state.clock = old.clock.model_copy()
        if old.tie_break is not None:
            state.tie_break = TieBreakState(
                first=old.tie_break.first,
                raids={side: list(ids) for side, ids in old.tie_break.raids.items()},
                golden_toss=old.tie_break.golden_toss,
                golden_raids=list(old.tie_break.golden_raids),
                winner_toss=old.tie_break.winner_toss,
            )
        self.state = state
        # Who had players on the mat when the event began: a mat already empty is not
        # all out again (see relay.rules.mat.check_all_out).
        self.had_players: dict[Side, bool] = {"home": True, "away": True}
        self._edited: set[str] = set()
        self._where: dict[str, tuple[Side, int]] = {}
        for side in ("home", "away"):
            for index, player in enumerate(self.team(side).players):
                self._where[player.id] = (side, index)

    @property
    def score_line(self) -> str:
        home, away = self.state.home, self.state.away
        return f"{home.short_name} {home.score}–{away.score} {away.short_name}"

    def team(self, side: Side) -> TeamState:
        return self.state.home if side == "home" else self.state.away

    def side_of(self, player_id: str) -> Side | None:
        where = self._where.get(player_id)
        return where[0] if where else None

    def player(self, player_id: str) -> PlayerState:
        """The player, read only (it may be shared with earlier states)."""
        side, index = self._where[player_id]
        return self.team(side).players[index]

    def edit(self, player_id: str) -> PlayerState:
        """The player, copied into this draft first, so it may be changed."""
        side, index = self._where[player_id]
        players = self.team(side).players
        if player_id not in self._edited:
            copy = players[index].model_copy()
            copy.stats = players[index].stats.model_copy()
            players[index] = copy
            self._edited.add(player_id)
        return players[index]

    def name(self, player_id: str) -> str:
        return self.player(player_id).name

    def label(self, player_id: str) -> str:
        """``Pardeep (PAT)``."""
        side = self.side_of(player_id)
        team = self.team(side) if side else None
        return f"{self.name(player_id)} ({team.short_name})" if team else player_id

    def names(self, player_ids: list[str] | tuple[str, ...]) -> str:
        return ", ".join(self.name(p) for p in player_ids)

    def roster(self, side: Side) -> str:
        """``Bengaluru Bulls have a1, a2, ...`` for messages about who is on the mat."""
        team = self.team(side)
        on = ", ".join(team.on_court) or "nobody"
        return f"{team.name} have {on} on the mat"

    def mark_mat(self) -> None:
        for side in ("home", "away"):
            self.had_players[side] = bool(self.team(side).on_court)

    def rescore(self) -> None:
        for team in (self.state.home, self.state.away):
            e = team.extras
            team.points.extra = e.line_out + e.raider_out + e.do_or_die
            p = team.points
            team.score = p.raid + p.tackle + p.all_out + p.extra + p.technical
