"""Where Waibao keeps its files: one data directory, chosen once.

``--data-dir`` beats ``$WAIBAO_DATA_DIR`` beats ``./.waibao`` (CLI.md). The SQLite database,
stored evidence files and snapshots live under it, so a backup is one directory.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_FILES = PACKAGE_DIR / "data"


def data_dir() -> Path:
    """The data directory, created when missing."""
    path = Path(os.environ.get("WAIBAO_DATA_DIR", ".waibao")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path
