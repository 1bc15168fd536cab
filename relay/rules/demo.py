"""A ready-made match between two squads, for demos, self-tests and tests."""

from __future__ import annotations

from relay.rules.events import Player, Setup, Side, Team
from relay.rules.settings import Preset, SettingsOverrides

_HOME = [
    (1, "Pardeep"),
    (2, "Sachin"),
    (3, "Neeraj"),
    (4, "Sunil"),
    (5, "Manjeet"),
    (6, "Rohit"),
    (7, "Sajin"),
    (8, "Anand"),
    (9, "Ankit"),
    (10, "Vishal"),
    (11, "Mohit"),
    (12, "Sandeep"),
]
_AWAY = [
    (1, "Pawan"),
    (2, "Saurabh"),
    (3, "Mahender"),
    (4, "Bharat"),
    (5, "Aman"),
    (6, "Vikash"),
    (7, "Ankush"),
    (8, "Rahul"),
    (9, "Surjeet"),
    (10, "Nitin"),
    (11, "Amit"),
    (12, "Deepak"),
]


# side -> (name, short name, colour, id prefix, roster)
_TEAMS = {
    "home": ("Patna Pirates", "PAT", "#1F4E9E", "h", _HOME),
    "away": ("Bengaluru Bulls", "BEN", "#D62828", "a", _AWAY),
}


def demo_team(side: Side) -> Team:
    name, short_name, color, prefix, roster = _TEAMS[side]
    players = tuple(Player(id=f"{prefix}{n}", name=player, number=n) for n, player in roster)
    return Team(
        name=name,
        short_name=short_name,
        color=color,
        players=players,
        starting=tuple(p.id for p in players[:7]),
    )


def demo_setup(
    client_event_id: str = "setup-1",
    rules: Preset = "pkl",
    first_raid: Side = "home",
    settings: SettingsOverrides | None = None,
) -> Setup:
    return Setup(
        client_event_id=client_event_id,
        rules=rules,
        settings=settings,
        home=demo_team("home"),
        away=demo_team("away"),
        first_raid=first_raid,
    )
