"""Every refusal a facts file or the public calculator can write is said in Chinese (issue 21,
waibao.imports.facts_wording), and every refusal a command raises itself is said by the
command line's shapes (waibao.cli.wording).

The writers' source is read with ``ast``, as tests/imports/test_reason_templates.py reads the
importers': every string or f-string of two or more English words is a refusal template,
unless listed in ``NOT_REASONS`` with why. Each template, its ``{…}`` values filled with a
sample, must come out changed when said under Chinese, written as it stands or after a
position (``FILE: record 1: FIELD:``, ``FILE: column X:``, ``FILE:``). A new reason without a
Chinese wording fails here; tests/cli/test_cli_facts_language.py and
tests/portal/test_public_calculator.py drive real files and requests through it."""

from __future__ import annotations

import ast

import pytest
from django.utils import translation
from source_strings import SRC, templates, text_of

from waibao.cli import wording as cli_wording
from waibao.imports import facts_wording

# The modules whose strings reach a facts problem line or the public calculator's refusal.
WRITERS = (
    "facts/schema.py",
    "facts/io.py",
    "facts/columns.py",
    "facts/reading.py",
    "facts/parquet.py",
    "readmodel/public_calculator.py",
    "api/public_calculator.py",
    "years.py",  # a facts file's year outside the years accepted
)
# An amount's own reasons (waibao.money) are the imports' and said with their shapes:
# tests/imports/test_reason_templates.py holds them to it.

# Strings of those modules that are not a refusal, each with why.
NOT_REASONS = {
    "nested too deeply": "TOO_DEEP: the inner message of 'not valid JSON: …', said with it",
    "no column check for \x00": "a programming error (a checker without a column check)",
    "list of \x00": "a Parquet type's name inside 'is …, expected …', an identifier",
    "struct of \x00": "a Parquet type's name inside 'is …, expected …', an identifier",
    "list of struct": "a test on a Parquet type's name, not written",
    'string (a decimal amount, "500000.00")': "said inside 'is …, expected …'",
    "a list of structs (\x00)": "said inside 'is …, expected …'",
    "an integer": "a JSON type, said inside 'must be …, not …'",
    "an object": "a JSON type, said inside 'must be …, not …'",
    "a decimal string (at most two decimals) or an integer: never a float": (
        "the API document's description of an amount"
    ),
    "FACTS.md records (at most \x00, \x00 KB); nothing is stored": "the API document",
    "政策试算 (公开) / public calculator: clauses for facts sent, nothing stored": (
        "the API document's summary"
    ),
    "application/json": "a media type",
    "application/json; charset=utf-8": "a media type",
    "public-calculator:\x00:\x00": "a cache key",
    "zh-hans": "a language tag",
    "year \x00 is not a year from \x00 to \x00": "a page's or the API's year, not a facts file's",
}

_SAMPLES = ("12", "'v'", "a string")
_POSITIONS = ("", "f.jsonl: ", "f.jsonl: record 1: x: ", "f.parquet: column x: ")


def _said(template: str, say) -> bool:
    with translation.override("zh-hans"):
        for sample in _SAMPLES:
            for position in _POSITIONS:
                line = position + template.replace("\x00", sample)
                if say(line) != line:
                    return True
    return False


def test_the_reader_finds_the_templates_of_every_writer():
    found = templates(WRITERS)
    # facts/reading.py writes only what facts/io.py writes too ("cannot read")
    assert {place.split(":")[0] for place in found.values()} == set(WRITERS) - {"facts/reading.py"}
    assert "\x00 is not an 18-character 统一社会信用代码" in found
    assert "column \x00: item field \x00: missing" in found


def test_every_facts_reason_has_a_chinese_wording():
    unsaid = [
        f"{place}: {text!r}"
        for text, place in sorted(templates(WRITERS).items(), key=lambda item: item[1])
        if text not in NOT_REASONS and not _said(text, facts_wording.said_line)
    ]
    assert not unsaid, "facts reasons no shape of facts_wording says:\n" + "\n".join(unsaid)


def test_every_exception_listed_is_still_in_the_source():
    found = templates(WRITERS)
    assert not [text for text in NOT_REASONS if text not in found]


# Commands' refusals that only place another module's message, each with that message's home.
NOT_COMMAND_REASONS = {
    "--period: \x00": "waibao.publishing.period's reason, said by its own shape",
}


def _bad_input_templates() -> dict[str, str]:
    """The literal refusals the commands raise themselves: ``BadInput("…")``,
    ``BadInput(f"…")`` and the items of ``BadInput([...])``."""
    found: dict[str, str] = {}
    for path in sorted((SRC / "cli" / "commands").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and ast.unparse(node.func) == "BadInput"):
                continue
            for argument in node.args:
                items = argument.elts if isinstance(argument, ast.List) else [argument]
                for item in items:
                    text = text_of(item)
                    if text is not None and text.replace("\x00", "").strip(": "):
                        found.setdefault(text, f"{path.name}:{item.lineno}")
    return found


@pytest.mark.django_db
def test_every_refusal_a_command_raises_itself_is_said_in_chinese():
    found = _bad_input_templates()
    assert "--enterprises: must be 0 or more" in found
    assert not [text for text in NOT_COMMAND_REASONS if text not in found]
    unsaid = [
        f"{place}: {text!r}"
        for text, place in sorted(found.items(), key=lambda item: item[1])
        if text not in NOT_COMMAND_REASONS
        and not _said(text, lambda line: cli_wording.said_lines([line])[0])
    ]
    assert not unsaid, "command refusals no shape of waibao.cli.wording says:\n" + "\n".join(unsaid)
