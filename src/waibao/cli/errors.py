"""Errors the CLI reports as bad input (exit status 1), one line each on standard error."""

from __future__ import annotations

from collections.abc import Iterable


class BadInput(Exception):
    """Input the user must fix: every problem found, not just the first."""

    def __init__(self, lines: Iterable[str] | str):
        self.lines = [lines] if isinstance(lines, str) else list(lines)
        super().__init__("\n".join(self.lines))
