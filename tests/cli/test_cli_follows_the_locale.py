"""The CLI follows the locale or ``--lang`` (issue 21, docs/decisions/0035-cli-language.md):
under ``LANG=zh_CN.UTF-8`` or ``--lang zh-hans`` an import's reasons and the funds command's
refusals are Chinese, in the same ``file:row:column: reason`` shape, exit status 1; under
``LANG=C`` or no locale, the English lines exactly as before. The language is decided once
per run and Django's translation follows it; afterwards the active language is as it was."""

from __future__ import annotations

import csv

import pytest
from cli_runs import err_lines
from django.utils import translation

from english_words import english_runs
from waibao.cli import main
from waibao.cli.language import cli_language
from waibao.funds.budgets import fund_specs
from waibao.registry.models import Organisation
from waibao.registry.validation import uscc_check_character

pytestmark = pytest.mark.django_db

USCC = "91330106MA0000001" + uscc_check_character("91330106MA0000001")
ENTERPRISES = ["uscc", "name", "region_code"]
CONTRACTS = [
    "contract_id",
    "uscc",
    "client_name",
    "client_country",
    "category",
    "signed_date",
    "amount",
    "currency",
]


def write(path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


ENGLISH_LOCALES = ("C", "C.UTF-8", "en_US.UTF-8", None)


def test_the_registry_import_speaks_the_locale(tmp_path, capsys, monkeypatch):
    path = write(tmp_path / "e.csv", ENTERPRISES, [[USCC[:-1] + "Z", "", "330100"]])
    english = [
        f"{path}:2:uscc: uscc '{USCC[:-1]}Z' contains 'Z', not allowed in GB 32100 (no I, O, "
        "S, V, Z or lower case)",
        f"{path}:2:name: name is empty",
        f"{path}:2:region_code: region_code 330100 is a city, not a district (区/县) code",
        f"{path}: refused, nothing imported",
    ]
    chinese = [
        f"{path}:2:uscc: 统一社会信用代码“{USCC[:-1]}Z”含有 'Z'，"
        "GB 32100 不允许（不用 I、O、S、V、Z，不用小写字母）",
        f"{path}:2:name: 必填，不能为空",
        f"{path}:2:region_code: 区划代码 330100 是地级市代码，不是区县代码",
        f"{path}: 已拒绝，未导入任何数据",
    ]
    for locale in ENGLISH_LOCALES:
        assert err_lines(capsys, monkeypatch, locale, "import", "enterprises", str(path)) == (
            1,
            english,
        )
    for locale in ("zh_CN.UTF-8", "zh_TW.UTF-8"):
        assert err_lines(capsys, monkeypatch, locale, "import", "enterprises", str(path)) == (
            1,
            chinese,
        )
    args = ("import", "enterprises", str(path))
    assert err_lines(capsys, monkeypatch, "C", "--lang", "zh-hans", *args) == (1, chinese)
    assert err_lines(capsys, monkeypatch, "zh_CN.UTF-8", "--lang", "en", *args) == (1, english)


def test_the_contracts_import_speaks_the_locale_and_so_does_its_summary(
    tmp_path, capsys, monkeypatch
):
    Organisation.objects.create(uscc=USCC, name="甲软件有限公司", region_id="330106")
    bad = write(
        tmp_path / "c.csv",
        CONTRACTS,
        [["HT-1", USCC, "Acme", "XX", "ITO.01", "2024-1-5", "1", "USD"]],
    )
    english = [
        f"{bad}:2:client_country: client_country 'XX' is not an ISO 3166-1 alpha-2 code",
        f"{bad}:2:signed_date: date '2024-1-5' is not an ISO date YYYY-MM-DD",
        f"{bad}: refused, nothing imported",
    ]
    chinese = [
        f"{bad}:2:client_country: “XX”不是国家或地区代码，请从列表中选择",
        f"{bad}:2:signed_date: “2024-1-5”不是日期，请按 2024-03-01 的格式填写",
        f"{bad}: 已拒绝，未导入任何数据",
    ]
    args = ("import", "contracts", str(bad))
    assert err_lines(capsys, monkeypatch, "C", *args) == (1, english)
    assert err_lines(capsys, monkeypatch, None, *args) == (1, english)
    assert err_lines(capsys, monkeypatch, "zh_CN.UTF-8", *args) == (1, chinese)
    assert err_lines(capsys, monkeypatch, None, "--lang", "zh-hans", *args) == (1, chinese)

    good = write(
        tmp_path / "g.csv",
        CONTRACTS,
        [["HT-1", USCC, "Acme", "US", "ITO.01", "2024-01-05", "1", "USD"]],
    )
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert main(["import", "contracts", str(good)]) == 0
    assert capsys.readouterr().out == f"{good}: 新增 1 行，未变 0 行\n"
    monkeypatch.setenv("LANG", "C")
    assert main(["import", "contracts", str(good)]) == 0
    assert capsys.readouterr().out == f"{good}: 0 added, 1 unchanged\n"


def test_a_funds_refusal_speaks_the_locale(capsys, monkeypatch):
    code = fund_specs()[0].code
    codes = ", ".join(sorted(spec.code for spec in fund_specs()))
    args = (
        "funds",
        "preload",
        "--amount",
        f"{code}=abc",
        "--amount",
        "NOPE=5",
        "--amount",
        f"{code}=0",
    )
    english = [
        f"--amount {code}=abc: amount 'abc' is not a decimal number",
        f"--amount NOPE=5: no fund 'NOPE' ({codes})",
        f"--amount {code}=0: the amount must be positive",
    ]
    chinese = [
        f"--amount {code}=abc: “abc”不是金额，请填写如 1234.50 的数",
        f"--amount NOPE=5: 没有专项资金“NOPE”（可选：{codes}）",
        f"--amount {code}=0: 金额须大于零",
    ]
    assert err_lines(capsys, monkeypatch, "C.UTF-8", *args) == (1, english)
    assert err_lines(capsys, monkeypatch, "zh_CN.UTF-8", *args) == (1, chinese)
    assert err_lines(capsys, monkeypatch, "C", "--lang", "zh-hans", *args) == (1, chinese)


def test_a_missing_file_is_said_in_the_run_s_language(tmp_path, capsys, monkeypatch):
    missing = tmp_path / "none.csv"
    args = ("import", "enterprises", str(missing))
    assert err_lines(capsys, monkeypatch, "C", *args) == (1, [f"{missing}: no such file"])
    assert err_lines(capsys, monkeypatch, "zh_CN.UTF-8", *args) == (1, [f"{missing}: 没有这个文件"])


def test_the_command_s_own_lang_and_the_global_one_mean_the_same(tmp_path, capsys, monkeypatch):
    facts = tmp_path / "facts.json"
    facts.write_text(
        '[{"uscc": "91140200MA27AAAA0E", "year": 2024, "jurisdiction": "datong", '
        '"kind": "enterprise"}]',
        encoding="utf-8",
    )
    monkeypatch.setenv("LANG", "C")
    outputs = []
    for args in (
        ["--lang", "zh-hans", "entitlements", str(facts), "--all"],
        ["entitlements", str(facts), "--all", "--lang", "zh-hans"],
        ["entitlements", str(facts), "--all"],
    ):
        capsys.readouterr()
        assert main(args) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] != outputs[2]


def test_django_s_language_follows_the_run_and_is_put_back_after_it(tmp_path, capsys, monkeypatch):
    seen = []
    from waibao.cli.commands import import_

    def handler(args):
        from waibao.cli.django_setup import setup_django

        setup_django(migrate=False)
        seen.append(translation.get_language())
        return 0

    monkeypatch.setattr(import_, "handle", handler)
    monkeypatch.setenv("LANG", "C")
    translation.activate("zh-hans")
    path = str(write(tmp_path / "e.csv", ENTERPRISES, []))
    assert main(["import", "enterprises", path]) == 0
    assert main(["--lang", "zh-hans", "import", "enterprises", path]) == 0
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    translation.activate("en")
    assert main(["import", "enterprises", path]) == 0
    assert seen == ["en", "zh-hans", "zh-hans"]
    assert translation.get_language() == "en"


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({}, "en"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh-hans"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "C"}, "en"),
        ({"LANG": "C", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh-hans"),
    ],
)
def test_the_locale_is_read_in_posix_order(environ, language):
    assert cli_language(None, environ) == language
    assert cli_language("en", environ) == "en"


def test_a_bad_targets_file_refused_before_django_starts_is_said_in_chinese(
    tmp_path, capsys, monkeypatch
):
    """``waibao stats assess`` reads its targets file before it opens a database; under
    Chinese the refusal starts Django for its catalogue and says every row's reason."""
    path = tmp_path / "targets.csv"
    path.write_text(
        "region_code,indicator,target,weight\n14021,executed_usd,1.00,1\n140213,colour,1,1\n"
        "140213,executed_usd,1.005,1\n140213,executed_usd,1.00,x\n140213,executed_usd,1.00,1\n"
        "140213,executed_usd,2.00,1\n",
        encoding="utf-8",
    )
    args = ("stats", "assess", "--year", "2024", "--targets", str(path))
    status, english = err_lines(capsys, monkeypatch, "C", *args)
    assert status == 1
    assert english[0] == f"{path}:2:region_code: '14021' is not a 6-digit code"
    assert english[-1] == f"{path}:7:indicator: executed_usd given twice for 140213"
    status, chinese = err_lines(capsys, monkeypatch, "zh_CN.UTF-8", *args)
    assert status == 1
    assert [line.partition(": ")[0] for line in chinese] == [
        line.partition(": ")[0] for line in english
    ]
    assert chinese[0] == f"{path}:2:region_code: “14021”不是 6 位区划代码"
    assert chinese[-1] == f"{path}:7:indicator: 140213 的 executed_usd 填了两次"
    assert not [line for line in chinese if english_runs(line.partition(": ")[2])]
