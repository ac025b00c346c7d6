"""``waibao import`` on the command line (CLI.md): exit status, standard output and error."""

from __future__ import annotations

import io
import sys

import pytest
from reporting_factories import CONTRACT_HEADER, EXECUTION_HEADER, USCC_1

from waibao.cli import main
from waibao.reporting.models import Contract

ROWS = [["HT-1", USCC_1, "Acme", "US", "ITO.01", "2024-01-15", "100.00", "USD"]]


def test_a_good_file_prints_rows_added_and_unchanged_and_exits_0(enterprises, write_csv, capsys):
    path = write_csv("c.csv", CONTRACT_HEADER, ROWS)
    assert main(["import", "contracts", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: 1 added, 0 unchanged\n"
    assert main(["import", "contracts", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: 0 added, 1 unchanged\n"


def test_a_bad_file_exits_1_with_every_problem_on_standard_error(enterprises, write_csv, capsys):
    rows = [*ROWS, ["HT-2", USCC_1, "Acme", "XX", "ITO.01", "2024-01-15", "1.5.0", "USD"]]
    path = write_csv("c.csv", CONTRACT_HEADER, rows)
    assert main(["import", "contracts", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"{path}:3:client_country: client_country 'XX' is not an ISO 3166-1 alpha-2 code",
        f"{path}:3:amount: amount '1.5.0' is not a decimal number",
        f"{path}: refused, nothing imported",
    ]
    assert Contract.objects.count() == 0


def test_warnings_go_to_standard_error_and_do_not_fail_the_import(enterprises, write_csv, capsys):
    main(["import", "contracts", str(write_csv("c.csv", CONTRACT_HEADER, ROWS))])
    capsys.readouterr()
    executions = [["E1", "HT-1", USCC_1, "2024-02-01", "100.01", "USD", ""]]
    path = write_csv("x.csv", EXECUTION_HEADER, executions)
    assert main(["import", "executions", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"{path}: 1 added, 0 unchanged\n"
    assert "warning: executions of contract HT-1" in captured.err


def test_a_missing_file_is_bad_input(db, tmp_path, capsys):
    assert main(["import", "enterprises", str(tmp_path / "none.csv")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_an_unknown_kind_is_wrong_usage_with_exit_2(tmp_path):
    with pytest.raises(SystemExit) as exit_:
        main(["import", "parks", str(tmp_path / "p.csv")])
    assert exit_.value.code == 2


def test_the_command_has_help(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["import", "--help"])
    assert exit_.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "The file is refused whole when any row is bad" in text


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("terminal", [False, True])
def test_progress_and_a_summary_go_to_a_terminal_and_nothing_else_changes(
    enterprises, write_csv, capsys, monkeypatch, terminal
):
    """CLI.md: on a terminal (standard error) a progress line and a summary at the end; when
    standard error is not one, the output is exactly as before (docs/decisions/0010)."""
    rows = [
        [f"HT-{n}", USCC_1, "Acme", "US", "ITO.01", "2024-01-15", "100.00", "USD"]
        for n in range(2_500)
    ]
    path = write_csv("c.csv", CONTRACT_HEADER, rows)
    err = _Terminal() if terminal else io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr("waibao.cli.progress.REDRAW_SECONDS", 0)  # draw every count
    assert main(["import", "contracts", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: 2500 added, 0 unchanged\n"
    if not terminal:
        assert err.getvalue() == ""
        return
    drawn = err.getvalue().split("\r\x1b[K")
    assert "导入 import c.csv 读取 reading 0.0 s" in drawn
    counted = [line.split(" ")[3] for line in drawn if " 行 rows " in line]
    assert counted[:2] == ["1,000", "2,000"]  # a count every 1,000 rows
    assert drawn[-1].startswith("导入 2,500 行（新增 2,500，未变 0），用时 ")
    assert " · imported 2,500 rows (2,500 added, 0 unchanged) in " in drawn[-1]
    assert drawn[-1].endswith(" s\n")


def test_on_a_terminal_a_refused_file_lists_its_problems_on_clean_lines(
    enterprises, write_csv, capsys, monkeypatch
):
    path = write_csv("c.csv", CONTRACT_HEADER, [["HT-1", USCC_1, "Acme", "XX", "ITO.01",
                                                  "2024-01-15", "1.00", "USD"]])  # fmt: skip
    err = _Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    assert main(["import", "contracts", str(path)]) == 1
    erased, _, problems = err.getvalue().rpartition("\r\x1b[K")
    assert erased and "用时" not in err.getvalue()
    assert problems.splitlines() == [
        f"{path}:2:client_country: client_country 'XX' is not an ISO 3166-1 alpha-2 code",
        f"{path}: refused, nothing imported",
    ]
