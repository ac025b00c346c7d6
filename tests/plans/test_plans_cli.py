"""``waibao plans``: load, supervise (idempotent, --today), cadence and the XLSX export."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from waibao.cli import main
from waibao.plans.models import Reminder, Task


@pytest.fixture
def loaded(db, capsys):
    assert main(["plans", "load", "--jurisdiction", "datong"]) == 0
    capsys.readouterr()


def test_load_prints_what_it_loaded_and_reloading_changes_nothing(db, capsys):
    assert main(["plans", "load", "--jurisdiction", "datong"]) == 0
    first = capsys.readouterr().out
    assert "datong: 31 units, 2 bodies, 3 stages, 24 tasks" in first
    assert main(["plans", "load", "--jurisdiction", "datong"]) == 0
    assert capsys.readouterr().out == first


def test_supervise_twice_on_a_day_sends_the_reminders_once(loaded, capsys):
    # On 2024-01-01 the stage-1 tasks 1. and 3. (assumed deadline 2023-12-31) are one day late.
    assert main(["plans", "supervise", "--today", "2024-01-01", "--no-email"]) == 0
    out = capsys.readouterr().out
    created = Reminder.objects.count()
    assert created > 0
    assert f"2024-01-01: 3 overdue tasks, {created} new reminders, 0 already sent" in out
    assert main(["plans", "supervise", "--today", "2024-01-01", "--no-email"]) == 0
    assert f"0 new reminders, {created} already sent" in capsys.readouterr().out
    assert Reminder.objects.count() == created


def test_supervise_escalates_on_the_configured_day(loaded, capsys):
    main(["plans", "supervise", "--today", "2024-01-04", "--lead-after", "5", "--office-after",
          "9", "--no-email"])  # fmt: skip
    assert not Reminder.objects.filter(level="lead").exists()
    main(["plans", "supervise", "--today", "2024-01-05", "--lead-after", "5", "--office-after",
          "9", "--no-email"])  # fmt: skip
    assert Reminder.objects.filter(level="lead", sent_on=date(2024, 1, 5)).exists()


def test_a_bad_date_is_a_usage_error_and_bad_escalation_days_are_bad_input(loaded, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["plans", "supervise", "--today", "2024-13-01"])
    assert exit_.value.code == 2
    assert main(["plans", "supervise", "--lead-after", "30", "--office-after", "10"]) == 1
    assert "WAIBAO_PLANS" in capsys.readouterr().err  # the setting, named in either language


def test_cadence_lists_every_missed_period(loaded, capsys):
    assert main(["plans", "cadence", "--jurisdiction", "datong", "--from", "2024-01-01",
                 "--to", "2024-03-31"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "member\t2024Q1" in out and "thematic\t2024-03" in out
    assert out.strip().endswith("4 missed periods")


def test_export_writes_tasks_reminders_cadence_and_scores(loaded, capsys, tmp_path):
    main(["plans", "supervise", "--today", "2024-02-15", "--jurisdiction", "datong",
          "--no-email"])  # fmt: skip
    targets = tmp_path / "targets.json"
    targets.write_text(json.dumps({"pingcheng": 80}), encoding="utf-8")
    output = tmp_path / "report.xlsx"
    assert main(["plans", "export", "--jurisdiction", "datong", "--output", str(output),
                 "--today", "2024-02-15", "--year", "2023",
                 "--targets", str(targets)]) == 0  # fmt: skip
    book = load_workbook(io.BytesIO(output.read_bytes()))
    assert book.sheetnames == ["任务", "督办提醒", "会议频次", "年度考核", "阶段"]
    stage_rows = list(book["阶段"].iter_rows(values_only=True))[1:]
    assert len(stage_rows) == 7  # 4 + 2 + 1 Datong stage milestones
    assert {row[7] for row in stage_rows if row[0].startswith("第一阶段")} == {"已逾期"}
    assert {row[7] for row in stage_rows if row[0].startswith("第三阶段")} == {"未到期"}
    tasks = list(book["任务"].iter_rows(values_only=True))
    assert len(tasks) == 1 + Task.objects.filter(jurisdiction="datong").count()
    task1 = next(row for row in tasks if row[0] == "datong.1")
    assert (task1[6], task1[7]) == ("已逾期", 46)  # 2023-12-31 → 2024-02-15
    assert len(list(book["督办提醒"].iter_rows())) == 1 + Reminder.objects.count()
    scores = {row[0]: row for row in book["年度考核"].iter_rows(values_only=True)}
    assert scores["平城区人民政府"][4] == 80  # target score
    assert scores["平城区人民政府"][5] == 32  # no 2023 task done on time: 0.6 × 0 + 0.4 × 80


def test_export_refuses_a_targets_file_that_is_not_an_object(loaded, tmp_path, capsys):
    targets = tmp_path / "targets.json"
    targets.write_text("[1, 2]", encoding="utf-8")
    code = main(["plans", "export", "--jurisdiction", "datong", "--output",
                 str(tmp_path / "r.xlsx"), "--targets", str(targets)])  # fmt: skip
    assert code == 1
    assert "expected a JSON object" in capsys.readouterr().err
