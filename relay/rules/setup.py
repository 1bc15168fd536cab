"""The first event: squads, starting sevens, settings and the toss, checked and laid out."""

from __future__ import annotations

from relay.rules.errors import violation
from relay.rules.events import Setup, Team
from relay.rules.settings import RuleSettings, resolve
from relay.rules.state import ClockState, MatchState, PlayerState, TeamState


def _check_team(team: Team, settings: RuleSettings) -> None:
    ids = [p.id for p in team.players]
    if len(ids) > settings.squad_max:
        raise violation(
            f"{team.name} name {len(ids)} players; a squad has at most {settings.squad_max}."
        )
    seen: set[str] = set()
    for pid in ids:
        if pid in seen:
            raise violation(f"{team.name} name player id {pid} twice.")
        seen.add(pid)
    numbers: dict[int, str] = {}
    for p in team.players:
        if p.number in numbers:
            raise violation(
                f"{team.name}: {numbers[p.number]} and {p.name} both wear number {p.number}."
            )
        numbers[p.number] = p.name
    if len(set(team.starting)) != len(team.starting):
        raise violation(f"{team.name} name a starting player twice: {', '.join(team.starting)}.")
    for pid in team.starting:
        if pid not in seen:
            raise violation(f"{team.name}: starting player {pid} is not in the squad.")


def _team(team: Team, settings: RuleSettings) -> TeamState:
    starting = set(team.starting)
    return TeamState(
        name=team.name,
        short_name=team.short_name,
        color=team.color,
        players=[
            PlayerState(
                id=p.id,
                name=p.name,
                number=p.number,
                status="onCourt" if p.id in starting else "bench",
            )
            for p in team.players
        ],
        on_court=list(team.starting),
        timeouts_left=settings.timeouts_per_half,
        reviews_left=settings.reviews_per_match,
    )


def setup(event: Setup) -> MatchState:
    settings = resolve(event.rules, event.settings)
    _check_team(event.home, settings)
    _check_team(event.away, settings)
    shared = {p.id for p in event.home.players} & {p.id for p in event.away.players}
    if shared:
        raise violation(f"Player ids in both squads: {', '.join(sorted(shared))}.")
    return MatchState(
        rules=event.rules,
        settings=settings,
        home=_team(event.home, settings),
        away=_team(event.away, settings),
        first_raid=event.first_raid,
        raiding_team=event.first_raid,
        clock=ClockState(half_ms=settings.half_minutes * 60_000),
    )
