"""A refused page is one warning line in the server log, not a traceback (issue 24: the
server log printed a full traceback for every 403). Server errors keep theirs."""

from __future__ import annotations

import logging

import pytest

from access_world import world  # noqa: F401  (the shared fixture)


def test_a_403_is_logged_on_one_line_without_a_traceback(client, world, caplog):  # noqa: F811
    client.force_login(world.users["no_role"])
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/dashboard/")
    assert response.status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelno == logging.WARNING
    assert record.exc_info is None and record.exc_text is None
    assert record.getMessage() == "Forbidden (Permission denied): /dashboard/"
    assert "\n" not in caplog.text.strip()


def test_the_filter_keeps_the_traceback_of_anything_but_a_403():
    from waibao.security.log_filters import ForbiddenOnOneLine

    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        exc_info = sys.exc_info()
    record = logging.LogRecord("django.request", logging.ERROR, "", 0, "x", (), exc_info)
    record.status_code = 500
    assert ForbiddenOnOneLine().filter(record) and record.exc_info is exc_info


def test_a_deprecation_in_our_own_code_fails_the_test():
    # pyproject's filterwarnings: issue 24, ninja's (status, body) tuples warned 36 times
    import warnings

    for module in ("waibao.api.reports", "ninja.operation"):
        with pytest.raises(DeprecationWarning):
            warnings.warn_explicit("old", DeprecationWarning, "x.py", 1, module=module)
