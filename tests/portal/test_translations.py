"""Every string is translated (zh-hans source, English catalogue), and the catalogue is current."""

import ast
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "src" / "waibao" / "locale"
CATALOGUE = LOCALE / "en" / "LC_MESSAGES" / "django.po"


def _entries(text: str) -> list[tuple[str, str]]:
    entries, msgid, msgstr, current = [], None, None, None
    for line in [*text.splitlines(), ""]:
        if line.startswith("msgid "):
            if msgid is not None:
                entries.append((msgid, msgstr or ""))
            msgid, msgstr, current = line[7:-1], None, "id"
        elif line.startswith("msgstr "):
            msgstr, current = line[8:-1], "str"
        elif line.startswith('"') and current == "id":
            msgid = (msgid or "") + line[1:-1]
        elif line.startswith('"') and current == "str":
            msgstr = (msgstr or "") + line[1:-1]
    if msgid is not None:
        entries.append((msgid, msgstr or ""))
    return [(i, s) for i, s in entries if i]


@pytest.mark.skipif(not CATALOGUE.exists(), reason="no English catalogue yet")
def test_every_chinese_string_has_an_english_translation():
    untranslated = [i for i, s in _entries(CATALOGUE.read_text(encoding="utf-8")) if not s]
    assert not untranslated, f"{len(untranslated)} strings lack English: {untranslated[:10]}"


@pytest.mark.skipif(not CATALOGUE.exists(), reason="no English catalogue yet")
def test_the_compiled_catalogue_says_what_the_source_says():
    import gettext

    with CATALOGUE.with_suffix(".mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    stale = [
        msgid
        for msgid, msgstr in _entries(CATALOGUE.read_text(encoding="utf-8"))
        if msgstr and translations.gettext(_unescape(msgid)) != _unescape(msgstr)
    ]
    assert not stale, f"django.mo is stale (run scripts/messages): {stale[:5]}"


def _unescape(text: str) -> str:
    """A .po string body (C escapes, UTF-8 text) as the str gettext returns."""
    return ast.literal_eval(f'"{text}"')
