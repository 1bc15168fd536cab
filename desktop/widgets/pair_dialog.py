"""A dialog whose answer is two ids (a player and a colour, a player off and one on)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog


class PairDialog(QDialog):
    """Accepts only once ``values()`` has an answer, and hands it on without blocking."""

    def values(self) -> tuple[str, str] | None:
        raise NotImplementedError

    def _accept(self) -> None:
        if self.values() is not None:
            self.accept()

    def open_with(self, done: Callable[[str, str], object]) -> None:
        """Show without blocking; ``done`` gets the two values when accepted."""

        def finished() -> None:
            picked = self.values()
            if picked is not None:
                done(*picked)

        self.accepted.connect(finished)
        self.open()
