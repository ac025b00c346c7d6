"""Problems and outcomes of an import: every bad cell is reported, not the first."""

from __future__ import annotations

from dataclasses import dataclass, field


class ImportRefused(Exception):
    """The file was refused whole; ``lines`` are ``file:row:column: reason``, one per problem."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__(f"{len(lines)} problem(s)")


@dataclass
class Problems:
    """Collects ``file:row:column: reason`` lines (row 1 is the header) and warnings."""

    file: str
    lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add(self, row: int, column: str, reason: str) -> None:
        self.lines.append(f"{self.file}:{row}:{column}: {reason}")

    def warn(self, row: int, column: str, reason: str) -> None:
        self.warnings.append(f"{self.file}:{row}:{column}: warning: {reason}")

    def __bool__(self) -> bool:
        return bool(self.lines)

    def raise_if_any(self) -> None:
        if self.lines:
            raise ImportRefused(self.lines)


@dataclass(frozen=True)
class ImportResult:
    """What an accepted import did. ``unchanged`` rows were already there, identical."""

    file: str
    added: int
    unchanged: int
    warnings: tuple[str, ...] = ()

    def summary(self) -> str:
        return f"{self.file}: {self.added} added, {self.unchanged} unchanged"
