"""The locks pin every package with the sha256 of its files (issue 18.7,
docs/decisions/0025-hashed-lock.md).

``scripts/bootstrap`` installs ``requirements.lock`` with ``pip install --require-hashes``: pip
then refuses a file whose hash the lock does not list, and a requirement without ``==`` or
without a hash fails the whole install. These tests catch a hand edit (``pip freeze >
requirements.lock``, a line added without its hashes) before an install does.
``deploy/requirements.lock`` is the server's subset and must agree with the main lock, which is
the one ``.ci/security`` audits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCKS = ("requirements.lock", "deploy/requirements.lock")
ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)$")
HASH = re.compile(r"^--hash=sha256:[0-9a-f]{64}$")


def entries(lock: str) -> dict[str, tuple[str, frozenset[str]]]:
    """name -> (version, hashes): one entry per requirement, continuation lines joined."""
    text = (ROOT / lock).read_text(encoding="utf-8")
    logical: list[str] = []
    continued = False
    for line in text.splitlines():
        stripped = line.split(" #")[0].strip() if not line.lstrip().startswith("#") else ""
        if continued:
            logical[-1] += " " + stripped.rstrip("\\").strip()
        elif stripped:
            logical.append(stripped.rstrip("\\").strip())
        continued = stripped.endswith("\\")
    found = {}
    for requirement in logical:
        pin, *options = requirement.split()
        match = ENTRY.match(pin)
        assert match, f"{lock}: not pinned with ==: {requirement[:80]}"
        bad = [option for option in options if not HASH.match(option)]
        assert bad == [], f"{lock}: {pin}: not a sha256 hash: {bad}"
        assert options, f"{lock}: {pin} has no --hash=sha256:"
        found[canonicalize_name(match.group(1))] = (match.group(2), frozenset(options))
    return found


@pytest.mark.parametrize("lock", LOCKS)
def test_every_lock_entry_is_pinned_and_carries_its_hashes(lock):
    assert len(entries(lock)) > 40  # the runtime alone is about fifty packages


def test_the_deploy_lock_is_the_main_locks_versions_and_hashes():
    main = entries("requirements.lock")
    deploy = entries("deploy/requirements.lock")
    assert "gunicorn" in deploy and "pytest" not in deploy
    differ = sorted(name for name in deploy if deploy[name] != main.get(name))
    assert differ == []


def test_bootstrap_installs_the_lock_with_hashes_and_then_waibao_alone():
    bootstrap = (ROOT / "scripts" / "bootstrap").read_text(encoding="utf-8")
    assert "pip install --quiet --require-hashes -r requirements.lock" in bootstrap
    assert "pip install --quiet --no-deps -e ." in bootstrap
    deploy = (ROOT / "deploy" / "README.md").read_text(encoding="utf-8")
    assert "pip install --require-hashes -r deploy/requirements.lock" in deploy
