"""The example facts files of ``docs/examples/`` (one per policy text, named in the README and
in ``waibao entitlements --help``) run, and each shows its own text's clauses."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from waibao.cli import build_parser, main

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
TEXTS = {
    "guangzhou": ("guangzhou.", "guangdong."),  # a Guangzhou firm is also under Guangdong
    "guangdong": ("guangdong.",),
    "hangzhou": ("hangzhou.",),
    "wenzhou": ("wenzhou.",),
    "datong": ("datong.",),
}


def test_there_is_one_example_per_policy_text():
    assert sorted(path.stem for path in EXAMPLES.glob("*.jsonl")) == sorted(TEXTS)


@pytest.mark.parametrize("text", sorted(TEXTS))
def test_each_example_runs_and_shows_its_texts_clauses(text, capsys):
    assert main(["entitlements", str(EXAMPLES / f"{text}.jsonl")]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) >= 2
    assert all(row["clause"].startswith(TEXTS[text]) for row in rows)
    assert any(row["clause"].startswith(f"{text}.") for row in rows)


@pytest.mark.parametrize("text", sorted(TEXTS))
def test_each_example_explains_with_all_clauses(text, capsys):
    assert main(["entitlements", str(EXAMPLES / f"{text}.jsonl"), "--all", "--explain"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert any(row["applies"] for row in rows) and any(not row["applies"] for row in rows)


def test_the_readme_and_the_help_name_the_examples():
    readme = (EXAMPLES.parents[1] / "README.md").read_text(encoding="utf-8")
    assert "docs/examples/" in readme
    parser = build_parser()
    # The subcommands, not the first option with choices (``waibao --lang`` has some too).
    choices = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert "docs/examples/" in choices["entitlements"].format_help().replace("\n", " ")
    listed = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    assert all(f"({text}.jsonl)" in listed for text in TEXTS)
