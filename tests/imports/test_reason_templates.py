"""Every reason an import can write has a shape that says it (issue 21, waibao.imports.wording).

The importers' source is read with ``ast``: every string or f-string of two or more English
words in the modules that write an import's reasons is a reason template, unless listed in
``NOT_REASONS`` with why. Each template, the ``file:row:column:`` position taken off, must be
matched by a shape once its ``{…}`` values are filled with a sample, or else (a value whose
form no sample guesses) its fixed words must all stand in one shape's pattern.
A new reason without a Chinese wording fails here; the tests that drive the imports with bad
files (tests/reporting/test_import_reasons_said.py, tests/talent/test_roster_reasons_said.py)
check that the shapes really match what the imports write."""

from __future__ import annotations

import re

from source_strings import templates

from waibao.imports import wording

# The modules whose strings reach an import's problem lines (directly, or as the reason of a
# value check, an amount, a date, a file over the limits, a missing exchange rate).
WRITERS = (
    "imports/tabular.py",
    "registry/services.py",
    "registry/validation.py",
    "reporting/services.py",
    "reporting/validation.py",
    "reporting/rates.py",
    "talent/roster.py",
    "talent/identity.py",
    "money.py",
    "bounds.py",
    "uploads.py",
)

# Strings of those modules that are not an import's reason, each with why.
NOT_REASONS = {
    "SELECT \x00 FROM \x00 WHERE organisation_id = %s": "SQL",
    "rate \x00: a positive number with at most six decimals": "a rate typed in the admin",
    "figures are shown in USD or CNY, not \x00": "a statistics option",
    "id_number,name,phone": "the fields an access-log entry names",
    "roster \x00: \x00 added, \x00 filled in": "an access-log entry's purpose",
    "amount must be a decimal string, not \x00": "a programming error: cells are text",
    "fen must be an int, not \x00": "a programming error",
    "a rate cannot be a boolean": "a rate typed in a form",
    "amount \x00 is not a finite number": "decimal_to_fen, not used by imports",
    "rate \x00 is not a percentage or a decimal (write '50%' or '0.5')": "a rate typed in a form",
    "\x00 \x00 is outside \x00 to \x00": "quantity_problem: a form's counts, not an import",
    "日期 / date, \x00 to \x00": "the API's description of a date field",
}

_POSITION = re.compile(r"^\x00(?::[^:\s]*)*: ")  # the roster's "{name}:{row}:column: "


_SAMPLES = ("12", "'v'", "V1")


def _matched(template: str, known: list[re.Pattern[str]]) -> bool:
    text = _POSITION.sub("", template)
    return any(
        pattern.fullmatch(text.replace("\x00", sample)) for sample in _SAMPLES for pattern in known
    )


def _unescaped(pattern: re.Pattern[str]) -> str:
    return re.sub(r"\\(.)", r"\1", pattern.pattern)


def _sources() -> list[str]:
    known = [*wording.SHAPES, *wording.SUBJECTS]
    return [_unescaped(pattern) for pattern, _message in known] + [_unescaped(wording.CHANGE)]


def _fragments(template: str) -> list[str]:
    text = _POSITION.sub("", template)
    return [part for part in (p.strip() for p in text.split("\x00")) if re.search("[A-Za-z]", part)]


def _worded(template: str, sources: list[str]) -> bool:
    """The fixed words of a template with values all stand in one shape's pattern (one
    without values must be matched whole)."""
    if "\x00" not in _POSITION.sub("", template):
        return False
    return any(all(part in source for part in _fragments(template)) for source in sources)


def test_the_reader_finds_the_templates_of_every_writer():
    found = templates(WRITERS)
    where = {place.split(":")[0] for place in found.values()}
    assert where == set(WRITERS)
    assert "amount \x00 has a thousands separator" in found
    assert "\x00:id_number: duplicate of row \x00 (same course and person)" in found
    assert _fragments("\x00:\x00:name: name differs from the one recorded") == [
        "name differs from the one recorded"
    ]


def test_every_reason_template_has_a_shape_that_says_it():
    sources = _sources()
    known = [pattern for pattern, _message in (*wording.SHAPES, *wording.SUBJECTS)]
    unsaid = [
        f"{place}: {text!r}"
        for text, place in sorted(templates(WRITERS).items(), key=lambda item: item[1])
        if text not in NOT_REASONS and not _matched(text, known) and not _worded(text, sources)
    ]
    assert not unsaid, "reasons no shape of waibao.imports.wording says:\n" + "\n".join(unsaid)


def test_every_exception_listed_is_still_in_the_source():
    found = templates(WRITERS)
    assert not [text for text in NOT_REASONS if text not in found]
