"""Fixtures of the funds tests; the factories are in ``funds_factories``."""

from __future__ import annotations

import pytest
from funds_factories import World


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """Evidence files go to a fresh data directory per test."""
    monkeypatch.setenv("WAIBAO_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture
def world(db) -> World:
    return World()
