"""The rule presets by their proper names, for people (the setup dialog, the scoresheet)."""

from __future__ import annotations

from relay.rules.settings import Preset

PRESET_NAMES: dict[Preset, str] = {
    "pkl": "Pro Kabaddi League",
    "amateur": "Amateur / federation",
}


def preset_name(preset: Preset) -> str:
    return PRESET_NAMES.get(preset, preset)
