"""One ``waibao`` run in-process under a given locale, for the tests of the CLI's language."""

from __future__ import annotations

from waibao.cli import main


def err_lines(capsys, monkeypatch, locale, *args):
    """Exit status and standard error of one run under ``locale`` (``None``: no locale)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    if locale is not None:
        monkeypatch.setenv("LANG", locale)
    capsys.readouterr()
    status = main(list(args))
    return status, capsys.readouterr().err.splitlines()
