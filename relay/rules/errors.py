"""The one error the engine raises: an event the rules refuse, with a code and a reason."""

from __future__ import annotations

from typing import Literal

RuleErrorCode = Literal["not_set_up", "already_set_up", "rule_violation", "conflict"]


class RuleError(Exception):
    """An event the rules refuse. ``message`` is written for the scorer who sent it."""

    def __init__(self, code: RuleErrorCode, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code: RuleErrorCode = code
        self.message = message


def violation(message: str) -> RuleError:
    return RuleError("rule_violation", message)
