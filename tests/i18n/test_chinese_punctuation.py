"""Chinese text uses the punctuation Chinese readers write (GB/T 15834; docs/decisions/
0038-chinese-punctuation.md): full-width ，；：in Chinese sentences and where a label meets its
value, the English catalogue keeping its half-width , ; : — issue 21 found "公示期满, 核准" and
"状态: 已提交" on the Chinese pages.

Two sources are checked: the compiled catalogue (every Chinese msgid, from templates and Python)
and the templates, where a label and its value were glued with a half-width ": " outside the
msgid, so that no language could give its own colon."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "src" / "waibao" / "locale" / "en" / "LC_MESSAGES" / "django.mo"
TEMPLATES = sorted((ROOT / "src" / "waibao").glob("*/templates/**/*.html"))

# Chinese characters and the full-width brackets and quotes that sit in Chinese text.
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff「」『』（）《》〔〕【】“”]")
HALF_WIDTH = ",;:"
# A format placeholder is one token; what may stand between the punctuation and the word it
# belongs to is skipped: spaces, half-width brackets of a compact label ("金额(元), …") and
# placeholders ("%(n)s").
TOKEN = re.compile(r"%\([a-z_]+\)[sdif]|\{[a-z_]+\}|.", re.DOTALL)
SKIPPED = re.compile(r"\s|[()\[\]]|%\(|\{")

# Chinese msgids whose half-width punctuation is no prose, each with why.
ALLOWED: dict[str, str] = {
    "是,否": "the argument of Django's yesno filter: values separated by ASCII commas",
    "已启用,未启用": "the argument of Django's yesno filter: values separated by ASCII commas",
    "原始记录（文件:行:列: 原因，与命令行导入相同）": (
        "names the command line's file:row:column: reason shape, which is ASCII in both languages"
    ),
}


def half_width_in_chinese(text: str) -> list[str]:
    """Each half-width , ; : of ``text`` whose nearest word on either side is Chinese, shown
    in its context; a text that is nothing but such punctuation is glue and counts too."""
    if text.strip() and not text.strip(HALF_WIDTH + " "):
        return [text]
    # what each punctuation mark touches, with where it stands
    words = [t for t in TOKEN.finditer(text) if not SKIPPED.match(t.group())]
    found = []
    for at, word in enumerate(words):
        if word.group() not in HALF_WIDTH:
            continue
        before = words[at - 1].group() if at else ""
        after = words[at + 1].group() if at + 1 < len(words) else ""
        if CJK.match(before) or CJK.match(after):
            found.append(text[max(0, word.start() - 6) : word.end() + 6])
    return found


def _msgids() -> list[str]:
    with CATALOGUE.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    msgids = set()
    for key in catalogue._catalog:  # the stdlib keeps (msgid, n) for plural forms
        msgid = key[0] if isinstance(key, tuple) else key
        msgids.add(msgid.split("\x04")[-1])
    return sorted(m for m in msgids if m)


def test_the_detector_tells_chinese_punctuation_from_numbers_and_codes():
    assert half_width_in_chinese("公示期满, 核准") == ["公示期满, 核准"]
    assert half_width_in_chinese("状态:")
    assert half_width_in_chinese("金额(元), %(low)s 至 %(high)s")
    assert half_width_in_chinese("可用 %(available)s 元; 核准")
    assert half_width_in_chinese(":")  # glue alone
    assert not half_width_in_chinese("公示期满，核准")
    assert not half_width_in_chinese("千分位逗号应每三位一组，例如 1,234,567.89")
    assert not half_width_in_chinese("%(file)s:%(row)s:%(column)s: %(reason)s")
    assert not half_width_in_chinese("Status: Submitted; see 1,000")


def test_no_chinese_msgid_has_half_width_punctuation():
    msgids = _msgids()
    assert len(msgids) > 1000  # the catalogue was read
    found = {
        msgid: hits
        for msgid in msgids
        if msgid not in ALLOWED and (hits := half_width_in_chinese(msgid))
    }
    assert not found, f"{len(found)} Chinese msgids with half-width , ; : (use ，；：):\n" + (
        "\n".join(f"{m!r}: {h}" for m, h in sorted(found.items()))
    )


def test_every_allowed_exception_is_still_in_the_catalogue():
    stale = set(ALLOWED) - set(_msgids())
    assert not stale, f"allowed exceptions no longer in the catalogue: {sorted(stale)}"


# A translated label or a value, then a half-width colon or semicolon glued on outside the
# msgid: "{% translate "状态" %}: {{ row.status }}" shows "状态: 已提交" on the Chinese page.
GLUE = re.compile(r"(?:%\}|\}\})[ \t]*([:;])(?=[ \t\n{<]|$)", re.MULTILINE)


def test_no_template_glues_a_label_with_half_width_punctuation():
    assert len(TEMPLATES) > 50  # the templates were found
    found = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for glue in GLUE.finditer(text):
            line = text.count("\n", 0, glue.start()) + 1
            context = text[max(0, glue.start() - 40) : glue.end() + 10].replace("\n", " ")
            found.append(f"{path.relative_to(ROOT)}:{line}: …{context}…")
    assert not found, (
        f"{len(found)} labels glued with a half-width colon outside the msgid (put the colon "
        'in the label, {% translate "状态：" %}, or use {% translate "：" %}):\n' + "\n".join(found)
    )


@pytest.mark.django_db
def test_a_label_takes_the_colon_of_the_pages_language(client, funds_world):
    """The colon is part of the translated label: 状态：草稿 on the Chinese page, "Status: Draft"
    on the English one, and neither page shows the other's colon after its label."""
    client.force_login(funds_world.users["enterprise"])
    url = f"/funds/applications/{funds_world.applications['own'].pk}/"
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    english = client.get(f"/en{url}").content.decode()
    assert "状态：<strong>草稿</strong>" in chinese and "状态: " not in chinese
    assert "Status: <strong>Draft</strong>" in english and "Status：" not in english
