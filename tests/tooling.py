"""Tests that need a tool beyond the Python suite (LibreOffice, poppler, a CJK font, Chromium,
a dev-only package).

``scripts/pdf-tools`` and ``scripts/browser`` install the programs when they can. Where one is
missing a developer's run skips the test and says what to install; on CI (``CI=true``) the
test fails instead, so a missing tool can never turn a required check into a silent skip."""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import pytest

ON_CI = os.environ.get("CI") == "true"


def require(available: bool, what: str, installer: str = "bash scripts/pdf-tools") -> None:
    """Skip (locally) or fail (on CI) unless ``available``; ``what`` names the missing tool,
    ``installer`` the command that installs it."""
    if available:
        return
    if ON_CI:
        pytest.fail(f"{what} is required on CI ({installer} installs it)")
    pytest.skip(f"{what} is not installed ({installer} installs it)")


def require_module(name: str) -> ModuleType:
    """Import a dev dependency: skipped where it is missing, except on CI, where the import
    error stands (a skip would hide the check)."""
    if ON_CI:
        return importlib.import_module(name)
    return pytest.importorskip(name)
