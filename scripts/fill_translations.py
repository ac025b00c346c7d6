"""Fill src/waibao/locale/en/LC_MESSAGES/django.po from scripts/translations_en.py.

Run by scripts/messages after ``makemessages`` and before ``compilemessages``. Every msgstr is
rewritten from the mapping, so the catalogue says exactly what the reviewed mapping says:
msgmerge's fuzzy guesses are dropped (an unknown msgid is left empty, and the translation test
names it), ``#, fuzzy`` flags and ``#|`` previous-msgid comments are removed, and a translation
whose placeholders differ from its msgid's is refused. Exit status 1 lists what is missing.

Standard library only, so it runs before the project's dependencies are installed.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

from translations_en import TRANSLATIONS

CATALOGUE = (
    Path(__file__).resolve().parents[1] / "src" / "waibao" / "locale" / "en" / "LC_MESSAGES"
) / "django.po"
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{[A-Za-z_][A-Za-z0-9_]*\}")
HEADER_FIELDS = {
    "Project-Id-Version": "Waibao",
    "Language": "en",
    "Language-Team": "English",
    "Last-Translator": "Waibao i18n",
}


def placeholders(text: str) -> list[str]:
    """The format placeholders of a string, sorted: a translation must keep them all."""
    return sorted(PLACEHOLDER.findall(text))


def _unquote(body: str) -> str:
    return ast.literal_eval(f'"{body}"')


def _quote(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    )
    return f'"{escaped}"'


def _quote_lines(text: str) -> str:
    """A multi-line string (the header) as gettext writes it: one quoted line per line."""
    if "\n" not in text.rstrip("\n"):
        return _quote(text)
    return '""\n' + "\n".join(_quote(line) for line in text.splitlines(keepends=True))


class Entry:
    """One catalogue entry: its comments and its msgctxt/msgid/msgid_plural/msgstr fields."""

    def __init__(self, lines: list[str]) -> None:
        self.comments: list[str] = []
        self.fields: dict[str, str] = {}
        order: list[str] = []
        current = None
        for line in lines:
            if line.startswith("#"):
                self.comments.append(line)
                continue
            if line.startswith('"') and current is not None:
                self.fields[current] += _unquote(line.strip()[1:-1])
                continue
            keyword, _, rest = line.partition(" ")
            current = keyword
            order.append(keyword)
            self.fields[keyword] = _unquote(rest.strip()[1:-1])
        self.order = order

    @property
    def key(self) -> str:
        msgid = self.fields.get("msgid", "")
        context = self.fields.get("msgctxt")
        return msgid if context is None else f"{context}\x04{msgid}"

    @property
    def plural(self) -> bool:
        return "msgid_plural" in self.fields

    def drop_fuzzy(self) -> None:
        kept = []
        for comment in self.comments:
            if comment.startswith("#|"):
                continue
            if comment.startswith("#,"):
                flags = [f.strip() for f in comment[2:].split(",") if f.strip() != "fuzzy"]
                if not flags:
                    continue
                comment = "#, " + ", ".join(flags)
            kept.append(comment)
        self.comments = kept

    def render(self) -> str:
        lines = list(self.comments)
        for keyword in ("msgctxt", "msgid", "msgid_plural"):
            if keyword in self.fields:
                lines.append(f"{keyword} {_quote(self.fields[keyword])}")
        if self.plural:
            for keyword in sorted(k for k in self.fields if k.startswith("msgstr[")):
                lines.append(f"{keyword} {_quote_lines(self.fields[keyword])}")
        else:
            lines.append(f"msgstr {_quote_lines(self.fields.get('msgstr', ''))}")
        return "\n".join(lines)


def _parse(text: str) -> list[Entry]:
    return [Entry(block.splitlines()) for block in re.split(r"\n\s*\n", text.strip()) if block]


def _fill_header(entry: Entry) -> None:
    lines = entry.fields["msgstr"].splitlines()
    filled = []
    for line in lines:
        name = line.partition(":")[0]
        filled.append(f"{name}: {HEADER_FIELDS[name]}" if name in HEADER_FIELDS else line)
    entry.fields["msgstr"] = "".join(f"{line}\n" for line in filled)
    entry.comments = ["# English catalogue of Waibao (msgids are zh-hans, the source language)."]


def fill(entries: list[Entry]) -> tuple[list[str], list[str]]:
    """Write the mapping's English into every entry; return (missing msgids, bad placeholders)."""
    missing: list[str] = []
    bad: list[str] = []
    for entry in entries:
        entry.drop_fuzzy()
        if entry.key == "":
            _fill_header(entry)
            continue
        english = TRANSLATIONS.get(entry.key)
        if entry.plural:
            forms = english if isinstance(english, tuple) else ("", "")
            if english is None or not isinstance(english, tuple):
                missing.append(entry.key)
            entry.fields["msgstr[0]"], entry.fields["msgstr[1]"] = forms
            sources = (entry.fields["msgid"], entry.fields["msgid_plural"])
        else:
            if english is None or isinstance(english, tuple):
                missing.append(entry.key)
                english = ""
            entry.fields["msgstr"] = english
            forms, sources = (english,), (entry.fields["msgid"],)
        for form in forms:
            if form and placeholders(form) not in [placeholders(s) for s in sources]:
                bad.append(f"{entry.key!r} -> {form!r}")
    return missing, bad


def main() -> int:
    entries = _parse(CATALOGUE.read_text(encoding="utf-8"))
    missing, bad = fill(entries)
    CATALOGUE.write_text("\n\n".join(e.render() for e in entries) + "\n", encoding="utf-8")
    print(f"{CATALOGUE.name}: {len(entries) - 1} entries, {len(missing)} untranslated")
    for msgid in missing:
        print(f"untranslated: {msgid!r}", file=sys.stderr)
    for line in bad:
        print(f"placeholders differ: {line}", file=sys.stderr)
    return 1 if missing or bad else 0


if __name__ == "__main__":
    sys.exit(main())
