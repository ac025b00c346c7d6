"""Tests that need a program from Debian's packages (LibreOffice, poppler, a CJK font).

``scripts/pdf-tools`` installs them when it can. Where one is missing a developer's run skips
the test and says what to install; on CI (``CI=true``) the test fails instead, so a missing
tool can never turn a required check into a silent skip."""

from __future__ import annotations

import os

import pytest


def require(available: bool, what: str) -> None:
    """Skip (locally) or fail (on CI) unless ``available``; ``what`` names the missing tool."""
    if available:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is required on CI (scripts/pdf-tools installs it)")
    pytest.skip(f"{what} is not installed (bash scripts/pdf-tools installs it)")
