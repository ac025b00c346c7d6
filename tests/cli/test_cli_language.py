"""``waibao entitlements --lang`` and the locale (issue 21, docs/decisions/0017): English by
default, so the output existing scripts read stays the same; Chinese with ``--lang zh-hans`` or
a ``zh_*`` locale; ids, amounts and columns never change with the language."""

from __future__ import annotations

import json

import pytest

from english_words import english_runs
from waibao.cli import main
from waibao.cli.language import cli_language

FACTS = [
    {
        "uscc": "91330100MA27AAAA0A",
        "year": 2009,
        "jurisdiction": "hangzhou",
        "kind": "enterprise",
        "software_export_usd": "600000",
    },
    {"uscc": "91140200MA27AAAA0E", "year": 2024, "jurisdiction": "datong", "kind": "enterprise"},
]


@pytest.fixture
def facts_file(tmp_path):
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(FACTS), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def english_locale(monkeypatch):
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def rows(capsys, *args):
    assert main(["entitlements", "--all", *map(str, args)]) == 0
    return json.loads(capsys.readouterr().out)


def test_english_by_default(facts_file, capsys):
    export = next(
        r for r in rows(capsys, facts_file) if r["clause"] == "hangzhou.12.software_export"
    )
    assert export["explanation"] == (
        "software exports USD 600000.00 >= USD 500000.00 (含): tier 1 -> 200000.00 one-time"
    )


def test_lang_zh_hans_gives_chinese_with_the_same_ids_amounts_and_columns(facts_file, capsys):
    english = rows(capsys, facts_file)
    chinese = rows(capsys, facts_file, "--lang", "zh-hans")
    assert [list(r) for r in chinese] == [list(r) for r in english]
    keep = ("uscc", "year", "clause", "kind", "amount_cny", "min_cny", "applies", "citation")
    assert [[r[k] for k in keep] for r in chinese] == [[r[k] for k in keep] for r in english]
    export = next(r for r in chinese if r["clause"] == "hangzhou.12.software_export")
    assert (
        export["explanation"]
        == "软件出口额 600,000.00 美元 ≥ 500,000.00 美元（含）：第 1 档 -> 一次性 200,000.00 元"
    )
    for row in chinese:
        assert not english_runs(row["explanation"] or ""), row
        assert not english_runs(row["reason"] or ""), row


def test_a_chinese_locale_opts_in_and_lang_wins_over_it(facts_file, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    datong = next(r for r in rows(capsys, facts_file) if r["clause"] == "datong.6.certification")
    assert datong["reason"] == "缺少事实：资质认证"
    datong = next(
        r
        for r in rows(capsys, facts_file, "--lang", "en")
        if r["clause"] == "datong.6.certification"
    )
    assert datong["reason"] == "unknown fact: certifications"


@pytest.mark.parametrize(
    ("given", "environ", "expected"),
    [
        (None, {}, "en"),
        (None, {"LANG": "zh_CN.UTF-8"}, "zh-hans"),
        (None, {"LANG": "zh_CN.UTF-8", "LC_ALL": "C"}, "en"),
        (None, {"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_TW"}, "zh-hans"),
        ("en", {"LANG": "zh_CN.UTF-8"}, "en"),
        ("zh-hans", {}, "zh-hans"),
    ],
)
def test_the_language_comes_from_lang_then_the_locale(given, environ, expected):
    assert cli_language(given, environ) == expected


def test_an_unknown_lang_is_a_usage_error(facts_file, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["entitlements", str(facts_file), "--lang", "fr"])
    assert stopped.value.code == 2
    assert "--lang" in capsys.readouterr().err
