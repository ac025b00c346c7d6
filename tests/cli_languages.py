"""Run a ``waibao`` command in English and in Chinese on the same database and compare
(issue 21, docs/decisions/0035-cli-language.md): the same exit status, the same lines in the
same places, every ``file:row:column:`` position unchanged, every Chinese reason free of
English words."""

from __future__ import annotations

from django.db import transaction

from english_words import english_runs
from waibao.cli import main


def run(capsys, *args: str) -> tuple[int, list[str], list[str]]:
    """One CLI run whose writes are rolled back: the next run sees the same database."""
    with transaction.atomic():
        status = main(list(args))
        transaction.set_rollback(True)
    captured = capsys.readouterr()
    return status, captured.out.splitlines(), captured.err.splitlines()


def english_and_chinese(capsys, *args: str) -> list[tuple[str, str]]:
    """The command under ``--lang en`` and ``--lang zh-hans``: the pairs of lines (standard
    output first, then standard error), English first."""
    capsys.readouterr()  # what earlier commands printed
    english = run(capsys, "--lang", "en", *args)
    chinese = run(capsys, "--lang", "zh-hans", *args)
    assert english[0] == chinese[0]
    pairs = []
    for stream in (1, 2):
        assert len(english[stream]) == len(chinese[stream]), (english[stream], chinese[stream])
        for said_english, said_chinese in zip(english[stream], chinese[stream], strict=True):
            head, _, reason = said_english.partition(": ")
            chinese_head, _, chinese_reason = said_chinese.partition(": ")
            assert chinese_head == head
            assert reason != chinese_reason, said_chinese
            assert not english_runs(chinese_reason), said_chinese
            pairs.append((said_english, said_chinese))
    return pairs
