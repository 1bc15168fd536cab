"""A hosted match in one line, for the start screen after a restart, and queued events
in words. Kept by :mod:`desktop.recents`; no Qt."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime

from relay.rules.events import Event
from relay.rules.phases import PHASES
from relay.rules.state import MatchState

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class MatchSummary:
    home: str
    away: str
    home_score: int
    away_score: int
    phase: str  # as people say it: "1st half", "Half-time", "Full time"
    finished: bool
    updated_ms: int  # wall-clock time (ms) of the last change seen here

    @property
    def teams(self) -> str:
        return f"{self.home} v {self.away}"

    def label(self) -> str:
        """'Patna Pirates 12–9 Bengaluru Bulls · 2nd half · Tue 18:22'"""
        moment = datetime.fromtimestamp(self.updated_ms / 1000)
        when = f"{DAYS[moment.weekday()]} {moment:%H:%M}"  # not %a: the app speaks English
        score = f"{self.home} {self.home_score}–{self.away_score} {self.away}"
        return f"{score} · {self.phase} · {when}"

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> MatchSummary | None:
        try:
            return cls(**json.loads(text))
        except (ValueError, TypeError):
            return None


def summarize(state: MatchState, now_ms: int) -> MatchSummary:
    return MatchSummary(
        home=state.home.name,
        away=state.away.name,
        home_score=state.home.score,
        away_score=state.away.score,
        phase=PHASES[state.phase].label,
        finished=state.phase == "finished",
        updated_ms=now_ms,
    )


NEW_MATCH = "A new match"


def hosted_choices(
    match_ids: list[str], summaries: dict[str, MatchSummary | None]
) -> list[tuple[str, str]]:
    """(label, match id) for the start screen's Match list: the matches still in
    progress first (newest first), then a new match, then the finished ones. The id
    is left out of a label that has the teams (the list shows it as a tooltip)."""
    playing: list[tuple[str, str]] = []
    done: list[tuple[str, str]] = []
    for match_id in match_ids:
        summary = summaries.get(match_id)
        if summary is None:
            playing.append((f"Continue {match_id} (no details kept)", match_id))
        elif summary.finished:
            done.append((f"Open {summary.label()}", match_id))
        else:
            playing.append((f"Continue {summary.label()}", match_id))
    return [*playing, (NEW_MATCH, ""), *done]


_RAIDS = {"successful": "a successful raid", "unsuccessful": "a tackle", "empty": "an empty raid"}


def event_words(event: Event) -> str:
    """What a queued event is, in a few words ("a successful raid", "the clock paused")."""
    if event.type == "raid":
        return _RAIDS.get(event.raid_type, "a raid")
    if event.type == "clock":
        return {
            "start": "the clock started",
            "pause": "the clock paused",
            "resume": "the clock resumed",
            "endHalf": "the end of a half",
        }[event.action]
    if event.type == "card":
        return f"a {event.color} card"
    words = {
        "setup": "the match setup",
        "raidStart": "a raid start",
        "technical": "a technical point",
        "substitution": "a substitution",
        "timeout": "a timeout",
        "toss": "a toss",
        "undo": "an undo",
        "correct": "a correction",
        "review": "a team review",
    }
    return words.get(event.type, event.type)


def queued_words(events: list[Event], limit: int = 4) -> str:
    """'2 events: a successful raid, the clock paused'"""
    count = len(events)
    head = f"{count} event{'s' if count != 1 else ''}"
    listed = [event_words(e) for e in events[:limit]]
    more = f" and {count - limit} more" if count > limit else ""
    return f"{head}: {', '.join(listed)}{more}" if listed else head
