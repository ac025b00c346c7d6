"""Progress of long commands (docs/decisions/0010): drawn on standard error only when it is a
terminal, a summary line at the end, and not one byte more anywhere when it is not."""

from __future__ import annotations

import io
import sys
import time

import pytest

from waibao.cli import main
from waibao.cli.progress import ERASE_LINE, Progress


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_nothing_is_written_when_the_stream_is_not_a_terminal():
    stream, clock = io.StringIO(), Clock()
    with Progress("导入 import", stream=stream, clock=clock, tick=None) as progress:
        assert not progress.enabled
        with progress.step("读取 reading"):
            progress.update(5_000, unit="行 rows")
        progress.done("导入 5,000 行", "imported 5,000 rows")
    assert stream.getvalue() == ""


def test_on_a_terminal_counts_and_steps_redraw_one_line_and_the_summary_ends_it():
    stream, clock = Terminal(), Clock()
    with Progress("导入 import", stream=stream, clock=clock, tick=None) as progress:
        with progress.step("读取 reading"):
            clock.now += 0.5
            progress.update(1_000, unit="行 rows")
            clock.now += 0.05  # within a tenth of a second of the last: not redrawn
            progress.update(2_000, unit="行 rows")
            clock.now += 2.65
            progress.update(12_345, unit="行 rows")
        progress.done("导入 12,345 行", "imported 12,345 rows")
    drawn = stream.getvalue().split(ERASE_LINE)
    assert drawn == [
        "",
        "导入 import 读取 reading 0.0 s",
        "导入 import 1,000 行 rows 0.5 s",
        "导入 import 12,345 行 rows 3.2 s",
        "导入 12,345 行，用时 3.2 秒 · imported 12,345 rows in 3.2 s\n",
    ]


def test_a_known_total_draws_a_bar():
    stream, clock = Terminal(), Clock()
    with Progress("载入 loading", stream=stream, clock=clock, tick=None) as progress:
        progress.update(50, total=200, unit="家 organisations")
    assert f"{ERASE_LINE}载入 loading [{'#' * 6}{'.' * 18}] 50/200 家 organisations 0.0 s" in (
        stream.getvalue()
    )


def test_the_line_is_erased_when_the_command_fails_so_errors_start_a_clean_line():
    stream = Terminal()
    with pytest.raises(ValueError), Progress("x", stream=stream, tick=None) as progress:
        with progress.step("计算 computing"):
            raise ValueError("bad input")
    assert stream.getvalue().endswith(ERASE_LINE)
    assert "用时" not in stream.getvalue()


def test_a_running_step_is_redrawn_by_the_timer_and_nothing_follows_the_summary():
    stream = Terminal()
    with Progress("统计 stats", stream=stream, tick=0.01) as progress:
        with progress.step("计算 computing"):
            time.sleep(0.2)
        progress.done("完成", "done")
        time.sleep(0.05)
    text = stream.getvalue()
    assert text.count("统计 stats 计算 computing") >= 3
    assert text.endswith(" s\n") and "完成，用时" in text.rsplit(ERASE_LINE, 1)[1]


def run(monkeypatch, capsys, argv, *, terminal):
    """``waibao argv`` with standard error a terminal or not: (exit, stdout, stderr)."""
    err = Terminal() if terminal else io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    code = main(argv)
    return code, capsys.readouterr().out, err.getvalue()


def summary_of(stderr: str) -> str:
    """The last thing drawn on the terminal: the summary line."""
    return stderr.rsplit(ERASE_LINE, 1)[1]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "argv",
    [
        ["stats", "indicators", "--year", "2024"],
        ["stats", "indicators", "--year", "2024", "--format", "csv"],
    ],
)
def test_stats_print_the_same_output_with_progress_only_on_a_terminal(monkeypatch, capsys, argv):
    plain = run(monkeypatch, capsys, argv, terminal=False)
    shown = run(monkeypatch, capsys, argv, terminal=True)
    assert plain[0] == shown[0] == 0 and plain[2] == ""
    assert shown[1] == plain[1]
    assert "统计指标 stats indicators 计算 2024 年 computing 2024" in shown[2]
    assert summary_of(shown[2]).startswith("2024 年指标 0 行，用时 ")
    assert " · indicators of 2024: 0 rows in " in summary_of(shown[2])


@pytest.mark.django_db
def test_a_snapshot_prints_its_files_on_standard_output_and_its_summary_on_a_terminal(
    monkeypatch, capsys, tmp_path
):
    plain = run(monkeypatch, capsys, ["stats", "snapshot", str(tmp_path / "a")], terminal=False)
    shown = run(monkeypatch, capsys, ["stats", "snapshot", str(tmp_path / "b")], terminal=True)
    assert plain[0] == shown[0] == 0 and plain[2] == ""
    assert shown[1] == plain[1] and "executions.parquet: 0 rows" in plain[1]
    counts = [int(line.split(": ")[1].split()[0]) for line in plain[1].splitlines()]
    assert summary_of(shown[2]).startswith(f"快照 {len(counts)} 个文件 {sum(counts):,} 行，用时 ")
