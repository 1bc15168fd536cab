"""Rule presets and the thresholds a match can override at setup.

``pkl`` follows the Pro Kabaddi League; ``amateur`` follows common federation
play (no do-or-die raid). Every threshold can be overridden in ``setup.settings``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from relay.rules.base import Frozen

Preset = Literal["pkl", "amateur"]
TieBreak = Literal["none", "fiveRaids"]
# Still level after the tie-break's raids: one golden raid by the toss winner, or one a team
# (the toss winner first). Still level after the golden raid(s): a toss decides the match.
GoldenRaid = Literal["single", "eachTeam"]


class RuleSettings(Frozen):
    players_on_mat: int = Field(7, ge=7, le=7)
    squad_max: int = Field(12, ge=7, le=15)
    bonus_min_defenders: int = Field(6, ge=1, le=7)
    super_tackle_max_defenders: int = Field(3, ge=0, le=7)
    do_or_die_after_empty: int = Field(2, ge=0, le=10, description="0 turns do-or-die raids off")
    all_out_points: int = Field(2, ge=0, le=10)
    yellow_card_minutes: int = Field(2, ge=1, le=20)
    max_substitutions: int = Field(5, ge=0, le=20, description="per team per match")
    timeouts_per_half: int = Field(2, ge=0, le=10)
    half_minutes: int = Field(20, ge=1, le=60)
    raid_seconds: int = Field(30, ge=5, le=120)
    tie_break: TieBreak = "none"
    golden_raid: GoldenRaid = "single"
    reviews_per_match: int = Field(1, ge=0, le=5, description="per team; a successful one is kept")


class SettingsOverrides(Frozen):
    """The same fields as :class:`RuleSettings`, each optional."""

    players_on_mat: int | None = Field(None, ge=7, le=7)
    squad_max: int | None = Field(None, ge=7, le=15)
    bonus_min_defenders: int | None = Field(None, ge=1, le=7)
    super_tackle_max_defenders: int | None = Field(None, ge=0, le=7)
    do_or_die_after_empty: int | None = Field(None, ge=0, le=10)
    all_out_points: int | None = Field(None, ge=0, le=10)
    yellow_card_minutes: int | None = Field(None, ge=1, le=20)
    max_substitutions: int | None = Field(None, ge=0, le=20)
    timeouts_per_half: int | None = Field(None, ge=0, le=10)
    half_minutes: int | None = Field(None, ge=1, le=60)
    raid_seconds: int | None = Field(None, ge=5, le=120)
    tie_break: TieBreak | None = None
    golden_raid: GoldenRaid | None = None
    reviews_per_match: int | None = Field(None, ge=0, le=5)


PRESETS: dict[Preset, RuleSettings] = {
    "pkl": RuleSettings(),
    "amateur": RuleSettings(do_or_die_after_empty=0, max_substitutions=5, reviews_per_match=0),
}


def resolve(preset: Preset, overrides: SettingsOverrides | None = None) -> RuleSettings:
    """The preset's settings with the given overrides applied."""
    base = PRESETS[preset]
    if overrides is None:
        return base
    changes = overrides.model_dump(exclude_none=True, by_alias=False)
    return base.model_copy(update=changes)
