"""A clone is all a reader has (issue 18.6): no tracked file sends them to the specification
folder beside the development checkout, and every relative link of the documentation opens a
file of the clone.

The files are git's (``git ls-files``), as a clone has them. The change log and the decision
records may say where something came from; every other file may not (the contracts are in
``docs/contracts/``). tests/cli/test_contracts.py checks the mentions of the contracts
themselves, and the ``--help`` texts."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUTSIDE = ".." + "/shared"  # split, so that this file does not name what it looks for
HISTORY = ("CHANGELOG.md", "docs/decisions/")
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?([^>\s]+)>?")
CODE = re.compile(r"`[^`]*`")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def tracked(*patterns: str) -> list[str]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--", *patterns],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [name for name in listed.decode().split("\0") if name]


def documentation() -> list[str]:
    return [
        name
        for name in tracked("README.md", "docs/*.md", "*/README.md")
        if name == "README.md" or name.startswith("docs/") or name.endswith("/README.md")
    ]


def relative_links(text: str) -> list[tuple[int, str]]:
    """(line, target) of every link to a file: fenced blocks and inline code are not links."""
    links, fence = [], False
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
            continue
        if fence:
            continue
        prose = CODE.sub("", line)
        for target in LINK.findall(prose) + REFERENCE.findall(prose):
            if not SCHEME.match(target) and not target.startswith("#"):
                links.append((number, target))
    return links


def test_no_tracked_file_points_to_the_specification_beside_the_checkout():
    found = []
    for name in tracked():
        if name.startswith(HISTORY) or not (ROOT / name).is_file():
            continue
        try:
            text = (ROOT / name).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # binary: images, .mo catalogues
        found += [
            f"{name}:{number}: {line.strip()[:100]}"
            for number, line in enumerate(text.splitlines(), 1)
            if OUTSIDE in line
        ]
    assert found == []


def test_every_relative_link_of_the_documentation_opens_a_file_of_the_clone():
    names = documentation()
    assert "README.md" in names and "docs/contracts/README.md" in names
    broken, count = [], 0
    for name in names:
        text = (ROOT / name).read_text(encoding="utf-8")
        for number, target in relative_links(text):
            count += 1
            path = target.split("#")[0].split("?")[0]
            base = ROOT if path.startswith("/") else (ROOT / name).parent
            if not (base / path.lstrip("/")).resolve().exists():
                broken.append(f"{name}:{number}: {target}")
    assert count > 50  # the README and the documents link to each other a lot
    assert broken == []


def test_the_link_reader_skips_code_and_addresses():
    text = "[a](docs/a.md) `[b](b.md)` [c](https://x.org/c.md) [d](#d)\n```\n[e](e.md)\n```\n"
    assert relative_links(text + "[f]: ../f.md\n") == [(1, "docs/a.md"), (5, "../f.md")]
