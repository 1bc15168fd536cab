"""Pydantic base classes shared by the events, the settings and the match state.

Python uses snake_case; the wire uses camelCase. Unknown fields are refused
everywhere, so a typo in a client is an error instead of a silently ignored field.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class Frozen(BaseModel):
    """An immutable value: events and settings."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="forbid",
        frozen=True,
    )


class Record(BaseModel):
    """Part of the match state. The engine only ever changes a private copy."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="forbid",
        validate_assignment=False,
    )
