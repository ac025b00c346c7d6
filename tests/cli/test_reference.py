from pathlib import Path

from waibao.cli import build_parser
from waibao.cli.reference import _subparsers, cli_reference

DOCS = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_the_committed_cli_reference_matches_the_parser():
    assert DOCS.read_text(encoding="utf-8") == cli_reference(), (
        "docs/cli.md is stale: run `python -m waibao.cli.reference > docs/cli.md`"
    )


def test_every_command_has_a_help_line():
    parser = build_parser()
    for action in parser._actions:
        for choice in getattr(action, "_choices_actions", []):
            assert choice.help, f"waibao {choice.dest} has no help text"
    assert _subparsers(parser), "no subcommands registered"


def test_wrong_usage_exits_with_status_two(capsys):
    import pytest

    from waibao.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["no-such-command"])
    assert exit_info.value.code == 2
