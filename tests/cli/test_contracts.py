"""The contracts (FACTS.md, DATA-FORMATS.md, STATS.md, CLI.md, ARCHITECTURE.md, clauses.yaml,
categories.csv) ship inside the repository under ``docs/contracts/``: a clone has no shared
specification folder beside it. No shipped text points there, and every mention of a contract
in the README, the documents and the ``--help`` texts is a path or link that a clone can open."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from waibao.cli.reference import cli_reference

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = ROOT / "docs" / "contracts"
NAMES = (
    "FACTS.md",
    "DATA-FORMATS.md",
    "STATS.md",
    "CLI.md",
    "ARCHITECTURE.md",
    "clauses.yaml",
    "categories.csv",
)
SPEC = Path(os.environ.get("WAIBAO_SPEC_DIR", "/work/shared/spec"))
OUTSIDE = re.compile(r"\.\./shared|/work/shared|shared/(spec|seeds)")
MENTION = re.compile(r"(?<![\w-])(" + "|".join(re.escape(name) for name in NAMES) + r")(?![\w])")
LINK = re.compile(r"\]\(([^)\s]+)\)")


def shipped_texts() -> dict[str, str]:
    """README, bench README, every document outside docs/contracts, and the --help texts."""
    texts = {"README.md": (ROOT / "README.md").read_text(encoding="utf-8")}
    texts["bench/README.md"] = (ROOT / "bench" / "README.md").read_text(encoding="utf-8")
    for path in sorted((ROOT / "docs").rglob("*.md")):
        if CONTRACTS not in path.parents:
            texts[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    texts["waibao --help (every command)"] = cli_reference()
    return texts


@pytest.mark.parametrize("name", NAMES)
def test_every_contract_is_in_the_repository(name):
    assert (CONTRACTS / name).is_file()
    assert f"]({name})" in (CONTRACTS / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [name for name in NAMES if name != "clauses.yaml"])
def test_the_copies_equal_the_specification_when_it_is_beside_the_checkout(name):
    if not (SPEC / name).exists():
        pytest.skip("the specification is not on this machine")
    assert (CONTRACTS / name).read_bytes() == (SPEC / name).read_bytes()


def test_clauses_yaml_is_the_projects_extension_of_the_specification():
    """Issue 19 adds clause ids: the contract is the project's list (the rules tests' copy,
    which tests/rules/test_rules_registry.py checks extends the specification's)."""
    copy = ROOT / "tests" / "rules" / "clauses.yaml"
    assert copy.read_bytes() == (CONTRACTS / "clauses.yaml").read_bytes()


def test_no_shipped_text_points_outside_the_repository():
    found = [
        f"{where}: {line.strip()}"
        for where, text in shipped_texts().items()
        for line in text.splitlines()
        if OUTSIDE.search(line)
    ]
    assert found == []


def _resolves(target: str, source: str) -> bool:
    base = ROOT if source.startswith("waibao --help") else (ROOT / source).parent
    return (base / target.split("#")[0]).exists()


def test_every_mention_of_a_contract_is_a_link_or_path_a_clone_can_open():
    bare = []
    for where, text in shipped_texts().items():
        if where in ("docs/api.md", "docs/policy-reference.md"):
            continue  # generated from the API's summaries and the clauses' notes
        fence = False
        for line in text.splitlines():
            if line.lstrip().startswith("```"):
                fence = not fence
            if fence:
                continue
            targets = LINK.findall(line)
            for target in targets:
                if target.endswith(NAMES) and not _resolves(target, where):
                    bare.append(f"{where}: link {target} leads nowhere")
            for mention in MENTION.finditer(line):
                start = mention.start()
                path = re.search(r"[\w./-]*$", line[:start])
                written = (path.group(0) if path else "") + mention.group(1)
                linked = any(target.endswith(mention.group(1)) for target in targets)
                in_link_text = line.rfind("[", 0, start) > line.rfind("]", 0, start)
                if "/" in written:
                    if not (ROOT / written).exists() and not _resolves(written, where):
                        bare.append(f"{where}: {written} does not exist")
                elif not (linked and in_link_text) and not written.startswith("docs/"):
                    bare.append(f"{where}: bare {mention.group(1)}: {line.strip()[:100]}")
    assert bare == []
