"""``waibao entitlements FACTS`` refuses a bad facts file in the run's language (issue 21,
docs/decisions/0035-cli-language.md): under ``LANG=zh_CN.UTF-8`` or ``--lang zh-hans`` every
reason of a record's field, a JSON Lines line, a Parquet column and the file is Chinese, its
``file: record N: field:`` / ``file: line N:`` / ``file: column X:`` position exactly as in
English; under ``LANG=C`` the lines are byte for byte what ``waibao.facts`` writes. The same
for the refusals the commands raise themselves."""

from __future__ import annotations

import json
import re

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from cli_runs import err_lines

from english_words import english_runs
from waibao import jurisdictions
from waibao.facts import FactsError, read_facts
from waibao.facts.columns import arrow_schema

pytestmark = pytest.mark.django_db

SLUG = jurisdictions.slugs()[0]
USCC = "91330106MA0000001X"
GOOD = {"uscc": USCC, "year": 2023, "jurisdiction": SLUG, "kind": "enterprise"}

# Records that between them break every kind of rule of FACTS.md (waibao.facts.schema).
BAD_RECORDS = [
    {
        "uscc": "x",
        "year": "2024",
        "jurisdiction": "nowhere",
        "kind": "enterprise",
        "employees": -1,
        "tax_paid_cny": 1.5,
        "founded": "2024-13-01",
        "certifications": [
            {"scheme": "CMMI", "event": "new", "date": "2024-01-01", "level": 9, "bogus": 1}
        ],
        "foo": 1,
    },
    {
        **GOOD,
        "kind": "bank",
        "revenue_cny": "1,000",
        "employees": 5,
        "employees_college": 6,
        "is_headquarters": "yes",
        "region_code": "12",
        "trainings": [{"trainee": "graduate", "people": 0, "cost_cny": "-1", "hired": 3}],
        "violations": [{"kind": "late_reporting", "date": "2024-05-01", "restored": "2024-01-01"}],
    },
    GOOD,
    {
        **GOOD,
        "year": 2022,
        "tax_paid_cny": "1e5",
        "revenue_cny": " 5",
        "so_revenue_cny": "1.234",
        "name": "  ",
        "registered_capital_cny": 99999999999999999,
        "employees": 99999999999999,
        "awards_received": [{"clause": "x", "year": 1800, "amount_cny": True}],
        "recognitions": "no",
        "expenses": [1],
    },
    GOOD,
    [1],
    {"uscc": None, "year": 2023},
]

POSITION = re.compile(r"^.+?: (?:record \d+: \S+?: |line \d+: |column \S+?: )?")


def assert_said_in_chinese(english: list[str], chinese: list[str]) -> None:
    """The same lines in the same order, each position unchanged, each reason said: no run
    of two English words left (field ids and values are single tokens)."""
    assert len(english) == len(chinese)
    for said_english, said_chinese in zip(english, chinese, strict=True):
        position = POSITION.match(said_english)
        assert position, said_english
        assert said_chinese.startswith(position[0]), (said_english, said_chinese)
        reason = said_chinese[len(position[0]) :]
        assert reason != said_english[len(position[0]) :], said_chinese
        assert re.search(r"[\u4e00-\u9fff]", reason), said_chinese
        assert not english_runs(reason), said_chinese


def errors_of(path) -> list[str]:
    with pytest.raises(FactsError) as raised:
        read_facts(path)
    return raised.value.errors


def runs(capsys, monkeypatch, path):
    """(English lines, Chinese lines) of ``waibao entitlements PATH`` under every way of
    choosing the language; all runs exit 1, the English ones give ``waibao.facts``'s lines."""
    args = ("entitlements", str(path))
    written = errors_of(path)
    for locale in ("C", "C.UTF-8", "en_US.UTF-8", None):
        assert err_lines(capsys, monkeypatch, locale, *args) == (1, written)
    assert err_lines(capsys, monkeypatch, "zh_CN.UTF-8", "--lang", "en", *args) == (1, written)
    own = ("entitlements", "--lang", "en", str(path))
    assert err_lines(capsys, monkeypatch, "zh_CN.UTF-8", *own) == (1, written)
    status, chinese = err_lines(capsys, monkeypatch, "zh_CN.UTF-8", *args)
    assert status == 1
    for other in (
        err_lines(capsys, monkeypatch, "C", "--lang", "zh-hans", *args),
        err_lines(capsys, monkeypatch, "C", "entitlements", "--lang", "zh-hans", str(path)),
    ):
        assert other == (1, chinese)
    assert_said_in_chinese(written, chinese)
    return written, chinese


def test_every_bad_field_of_a_facts_file_is_said_in_chinese_in_its_place(
    tmp_path, capsys, monkeypatch
):
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in BAD_RECORDS) + "\n")
    english, chinese = runs(capsys, monkeypatch, path)
    assert len(english) > 30
    said = dict(zip(english, chinese, strict=True))
    assert said[f"{path}: record 1: uscc: 'x' is not an 18-character 统一社会信用代码"] == (
        f"{path}: record 1: uscc: “x”不是 18 位的统一社会信用代码"
    )
    assert said[f"{path}: record 1: year: must be an integer, not a string"] == (
        f"{path}: record 1: year: 须为整数，不能是字符串"
    )
    assert said[f"{path}: record 5: uscc: {USCC} 2023 repeats record 3"] == (
        f"{path}: record 5: uscc: {USCC} 的 2023 年与第 3 条记录重复"
    )
    assert f"{path}: record 2: trainings[0].hired: 3 大于 people 的 0" in chinese
    assert f"{path}: record 6: (record): 须为 JSON 对象，不能是列表" in chinese


def test_lines_that_are_not_json_and_a_file_that_is_not_text_are_said_in_chinese(
    tmp_path, capsys, monkeypatch
):
    lines = tmp_path / "lines.jsonl"
    lines.write_text(json.dumps(GOOD) + '\n{"a":}\n{bad\n[\n')
    chinese = runs(capsys, monkeypatch, lines)[1]
    assert chinese[0] == f"{lines}: line 2: 不是有效的 JSON：此处应为一个值"
    assert chinese[1] == f"{lines}: line 3: 不是有效的 JSON：此处应为带双引号的字段名"
    array = tmp_path / "array.json"
    array.write_text('[{"uscc": 1}, ]')
    chinese = runs(capsys, monkeypatch, array)[1]
    assert chinese == [f"{array}: 不是有效的 JSON：第 1 行第 15 列：此处应为一个值"]
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe{}")
    chinese = runs(capsys, monkeypatch, binary)[1]
    assert chinese == [f"{binary}: 无法读取：不是 UTF-8 编码的文本"]
    scalar = tmp_path / "scalar.json"
    scalar.write_text("[1]")
    assert runs(capsys, monkeypatch, scalar)[1] == [
        f"{scalar}: record 1: (record): 须为 JSON 对象，不能是整数"
    ]


def test_a_missing_facts_file_is_said_in_chinese(tmp_path, capsys, monkeypatch):
    missing = tmp_path / "none.jsonl"
    args = ("entitlements", str(missing))
    status, english = err_lines(capsys, monkeypatch, "C", *args)
    assert (status, english) == (1, errors_of(missing))
    assert english[0].startswith(f"{missing}: cannot read: [Errno 2]")
    assert err_lines(capsys, monkeypatch, "zh_CN.UTF-8", *args) == (
        1,
        [f"{missing}: 无法读取：没有这个文件或目录"],
    )


def test_a_parquet_file_s_wrong_columns_are_said_in_chinese(tmp_path, capsys, monkeypatch):
    fields = []
    for field in arrow_schema():
        if field.name == "employees":
            continue  # missing
        if field.name == "year":
            field = pa.field("year", pa.string())
        elif field.name == "revenue_cny":
            field = pa.field("revenue_cny", pa.float64())
        elif field.name == "certifications":
            items = [
                pa.field("date", pa.int64()) if item.name == "date" else item
                for item in field.type.value_type
                if item.name != "level"
            ]
            items.append(pa.field("extra", pa.string()))
            field = pa.field("certifications", pa.list_(pa.struct(items)))
        elif field.name == "recognitions":
            items = list(reversed(list(field.type.value_type)))
            field = pa.field("recognitions", pa.list_(pa.struct(items)))
        fields.append(field)
    fields.append(pa.field("zzz", pa.int64()))
    path = tmp_path / "bad.parquet"
    pq.write_table(pa.Table.from_pylist([], schema=pa.schema(fields)), path)
    english, chinese = runs(capsys, monkeypatch, path)
    assert len(english) == 8
    assert f"{path}: column employees: 缺少这一列（未知的事实写作 null，列不能省去）" in chinese
    assert f"{path}: column certifications: 列表项缺少字段 level" in chinese
    assert (
        f'{path}: column revenue_cny: 类型为 double，应为字符串（十进制金额，如 "500000.00"）'
        in chinese
    )
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 and nothing else")
    assert runs(capsys, monkeypatch, broken)[1] == [f"{broken}: 无法读取：不是 Parquet 文件"]


@pytest.mark.parametrize(
    ("args", "english", "chinese"),
    [
        (
            ("demo", "--no-serve", "--enterprises", "-1"),
            "--enterprises: must be 0 or more",
            "--enterprises: 须为 0 或更大的数",
        ),
        (
            (
                "plans",
                "cadence",
                "--jurisdiction",
                SLUG,
                "--from",
                "2024-05-01",
                "--to",
                "2024-01-01",
            ),
            "--to 2024-01-01 is before --from 2024-05-01",
            "--to 2024-01-01 早于 --from 2024-05-01",
        ),
        (
            ("talent", "purge", "--today", "soon"),
            "--today: 'soon' is not a date (YYYY-MM-DD)",
            "--today: “soon”不是日期，请按 2024-03-01 的格式填写",
        ),
        (
            ("brief", "--period", "2025", "--city", "3301"),
            "--period: period '2025' is not YYYY-MM (e.g. 2025-06)",
            "--period: “2025”不是年月，请按 2025-06 的格式填写",
        ),
    ],
    ids=["demo", "plans", "talent", "brief"],
)
def test_a_command_s_own_refusal_is_said_in_chinese(capsys, monkeypatch, args, english, chinese):
    assert err_lines(capsys, monkeypatch, "C", *args) == (1, [english])
    assert err_lines(capsys, monkeypatch, "zh_CN.UTF-8", *args) == (1, [chinese])
    assert err_lines(capsys, monkeypatch, "C", "--lang", "zh-hans", *args) == (1, [chinese])
