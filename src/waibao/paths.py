"""Where Waibao keeps its files: one data directory, chosen once, never by the current directory.

``--data-dir`` beats ``$WAIBAO_DATA_DIR`` beats the default: ``.waibao`` at the root of the
source checkout Waibao runs from (``scripts/demo`` and ``./waibao`` both run from one), or,
for an installed package with no checkout around it, ``$XDG_DATA_HOME/waibao``
(``~/.local/share/waibao``). The SQLite database, stored evidence files and snapshots live
under it, so a backup is one directory. Decision: docs/decisions/0016-first-hour.md.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_FILES = PACKAGE_DIR / "data"
DATABASE_FILE = "waibao.sqlite3"


def source_checkout() -> Path | None:
    """The checkout Waibao runs from (``<root>/src/waibao`` next to ``<root>/pyproject.toml``),
    or ``None`` for an installed package."""
    root = PACKAGE_DIR.parent.parent
    if PACKAGE_DIR.parent.name == "src" and (root / "pyproject.toml").is_file():
        return root
    return None


def default_data_dir() -> Path:
    """The data directory when neither ``--data-dir`` nor ``$WAIBAO_DATA_DIR`` names one."""
    checkout = source_checkout()
    if checkout is not None:
        return checkout / ".waibao"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "waibao"


def data_dir_path() -> Path:
    """The data directory, not created (for saying where a database was looked for)."""
    named = os.environ.get("WAIBAO_DATA_DIR")
    return Path(named).expanduser().resolve() if named else default_data_dir()


def data_dir() -> Path:
    """The data directory, created when missing."""
    path = data_dir_path()
    path.mkdir(parents=True, exist_ok=True)
    return path
