"""The ``waibao`` command asks Polars' jemalloc to keep freed pages before Polars loads
(waibao.cli.allocator; decision 0040). jemalloc reads its options once, at the library's
first allocation, so the setting only works if no command module imports Polars when the
parser is built: each test runs a fresh interpreter, as the command does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from waibao.cli.allocator import KEEP_FREED_PAGES, POLARS_JEMALLOC_OPTIONS

SRC = Path(__file__).resolve().parents[2] / "src"

PROBE = """
import os, sys
from waibao.cli import main
try:
    main(["--version"])
except SystemExit:
    pass
print(os.environ.get("{name}"))
print("polars" in sys.modules, "pyarrow" in sys.modules)
"""


def _probe(environment: dict[str, str]) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(name=POLARS_JEMALLOC_OPTIONS)],
        capture_output=True,
        text=True,
        check=True,
        env={**environment, "PYTHONPATH": str(SRC)},
    )
    return done.stdout.splitlines()[-2:]


def _without_options() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != POLARS_JEMALLOC_OPTIONS}


def test_the_command_sets_the_options_before_polars_is_loaded() -> None:
    options, loaded = _probe(_without_options())
    assert options == KEEP_FREED_PAGES
    assert loaded == "False False"  # building the parser imported neither Polars nor Arrow


def test_a_users_own_options_are_kept() -> None:
    options, _ = _probe({**_without_options(), POLARS_JEMALLOC_OPTIONS: "narenas:2"})
    assert options == "narenas:2"
