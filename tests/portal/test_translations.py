"""Every string is translated (zh-hans source, English catalogue), and the catalogue is current."""

import ast
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "src" / "waibao" / "locale"
CATALOGUE = LOCALE / "en" / "LC_MESSAGES" / "django.po"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{[A-Za-z_][A-Za-z0-9_]*\}")


def _entries(text: str) -> list[tuple[str, str]]:
    """(msgid, msgstr) of every non-header entry; plural entries give one pair per form.

    A msgid with a context reads "context\\x04msgid", the key gettext stores it under.

    A fuzzy entry counts as untranslated (msgstr ""): compilemessages leaves it out of the .mo.
    """
    entries: list[tuple[str, str]] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        fields: dict[str, str] = {}
        current = None
        fuzzy = False
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in [f.strip() for f in line[2:].split(",")]:
                fuzzy = True
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and current is not None:
                fields[current] += line[1:-1]
            elif line.strip():
                current, _, rest = line.partition(" ")
                fields[current] = rest.strip()[1:-1]
        msgid = fields.get("msgid", "")
        if not msgid:
            continue
        if "msgctxt" in fields:  # stored in the .mo as context EOT msgid
            msgid = f"{fields['msgctxt']}\\x04{msgid}"
        if "msgid_plural" in fields:
            forms = sorted(k for k in fields if k.startswith("msgstr["))
            sources = [msgid] + [fields["msgid_plural"]] * (len(forms) - 1)
            pairs = [(s, fields[f]) for s, f in zip(sources, forms, strict=True)]
        else:
            pairs = [(msgid, fields.get("msgstr", ""))]
        entries.extend((i, "" if fuzzy else s) for i, s in pairs)
    return entries


def _unescape(text: str) -> str:
    """A .po string body (C escapes, UTF-8 text) as the str gettext returns."""
    return ast.literal_eval(f'"{text}"')


def test_the_entry_reader_sees_plural_forms_and_treats_fuzzy_entries_as_untranslated():
    text = (
        'msgid ""\nmsgstr "Language: en\\n"\n\n'
        'msgid "签订 %(n)s 份"\nmsgid_plural "签订 %(n)s 份"\n'
        'msgstr[0] "%(n)s signed"\nmsgstr[1] ""\n\n'
        '#, fuzzy, python-format\nmsgid "合同"\nmsgstr "Contracts"\n\n'
        'msgid ""\n"长"\n"句"\nmsgstr ""\n"Long "\n"sentence"\n\n'
        'msgctxt "button"\nmsgid "申请"\nmsgstr "Apply"\n'
    )
    assert _entries(text) == [
        ("签订 %(n)s 份", "%(n)s signed"),
        ("签订 %(n)s 份", ""),
        ("合同", ""),
        ("长句", "Long sentence"),
        ("button\\x04申请", "Apply"),
    ]


@pytest.mark.skipif(not CATALOGUE.exists(), reason="no English catalogue yet")
def test_every_chinese_string_has_an_english_translation():
    untranslated = [i for i, s in _entries(CATALOGUE.read_text(encoding="utf-8")) if not s]
    assert not untranslated, f"{len(untranslated)} strings lack English: {untranslated[:10]}"


@pytest.mark.skipif(not CATALOGUE.exists(), reason="no English catalogue yet")
def test_no_english_translation_still_contains_chinese():
    leftovers = [
        (i, s) for i, s in _entries(CATALOGUE.read_text(encoding="utf-8")) if CJK.search(s)
    ]
    assert not leftovers, f"translations with Chinese characters: {leftovers[:10]}"


@pytest.mark.skipif(not CATALOGUE.exists(), reason="no English catalogue yet")
def test_every_translation_keeps_the_placeholders_of_its_source():
    differ = [
        (i, s)
        for i, s in _entries(CATALOGUE.read_text(encoding="utf-8"))
        if s and sorted(PLACEHOLDER.findall(_unescape(i))) != sorted(PLACEHOLDER.findall(s))
    ]
    assert not differ, f"placeholders differ: {differ[:10]}"


@pytest.mark.skipif(not CATALOGUE.exists(), reason="no English catalogue yet")
def test_the_compiled_catalogue_says_what_the_source_says():
    import gettext

    with CATALOGUE.with_suffix(".mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    stale = [
        msgid
        for msgid, msgstr in _entries(CATALOGUE.read_text(encoding="utf-8"))
        if msgstr and _unescape(msgstr) not in _compiled_forms(translations, _unescape(msgid))
    ]
    assert not stale, f"django.mo is stale (run scripts/messages): {stale[:5]}"


def _compiled_forms(translations, msgid: str) -> set[str]:
    """What the .mo says for msgid, as a singular and in each plural form."""
    return {translations.gettext(msgid)} | {translations.ngettext(msgid, msgid, n) for n in (1, 2)}


@pytest.mark.skipif(not CATALOGUE.exists(), reason="no English catalogue yet")
def test_the_translation_mapping_fills_the_whole_catalogue():
    """scripts/messages rebuilds the catalogue from scripts/translations_en.py: nothing is lost."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from translations_en import TRANSLATIONS
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    entries = [(_unescape(i), _unescape(s)) for i, s in _entries(CATALOGUE.read_text("utf-8"))]
    missing = [i for i, _ in entries if i not in TRANSLATIONS]
    differ = [i for i, s in entries if i in TRANSLATIONS and s not in _forms(TRANSLATIONS[i])]
    assert not missing, f"in django.po but not in scripts/translations_en.py: {missing[:10]}"
    assert not differ, f"django.po differs from scripts/translations_en.py: {differ[:10]}"


def _forms(english: str | tuple[str, ...]) -> tuple[str, ...]:
    return english if isinstance(english, tuple) else (english,)


def test_the_fill_script_refuses_a_translation_that_drops_a_placeholder(tmp_path):
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); import fill_translations as f;"
        "print(f.placeholders('签订接包合同 %(n)s 份 {year} %s'));"
        "print(f.placeholders('contracts signed'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(ROOT / "scripts")],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout.splitlines()
    assert out == ["['%(n)s', '%s', '{year}']", "[]"]


class _VisibleText(HTMLParser):
    """The text a reader sees: not scripts or styles, and not the language picker's options
    (each language is named in itself, so 简体中文 stays Chinese on the English page)."""

    def __init__(self) -> None:
        super().__init__()
        self.skipping: list[str] = []
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "option"):
            self.skipping.append(tag)

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.chunks.append(data.strip())


def _visible_text(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    return parser.chunks


@pytest.mark.django_db
def test_the_english_home_page_shows_no_chinese_in_its_own_strings(client):
    """Without data (region and organisation names are Chinese data, not interface strings)."""
    response = client.get("/en/")
    assert response.status_code == 200
    chunks = _visible_text(response.content.decode())
    assert "Change language" in chunks
    chinese = [chunk for chunk in chunks if CJK.search(chunk)]
    assert not chinese, f"Chinese on the English home page: {chinese}"


@pytest.mark.django_db
def test_choosing_english_in_the_language_picker_leads_to_the_english_home_page(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/en/"
    assert "Service Outsourcing Industry Policy Platform" in response.content.decode()


@pytest.mark.django_db
def test_an_english_visitor_is_sent_to_the_english_sign_in_page(client):
    response = client.get("/en/plans/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/security/login/")
    page = client.get(response["Location"])
    chunks = _visible_text(page.content.decode())
    assert "Sign in" in chunks
    assert not [chunk for chunk in chunks if CJK.search(chunk)]


@pytest.mark.django_db
def test_a_chinese_visitor_keeps_the_unprefixed_sign_in_page(client):
    response = client.get("/plans/")
    assert response["Location"].startswith("/security/login/")
    assert "登录" in client.get(response["Location"]).content.decode()
