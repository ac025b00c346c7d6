"""Every package Waibao's code imports is declared in pyproject.toml, with a lower bound that is
what the tests run on (issue 18.7).

A package that arrives only as the dependency of another (``sqlglot`` through ibis) works until
that other one drops it; one declared with a bound older than the lock (``polars>=1.0`` while
every test ran on 2.1) promises versions nobody has tried. So:

- the third-party top-level imports of ``src/waibao`` (found with ``ast``, mapped to their
  distributions by ``importlib.metadata.packages_distributions``) are each in
  ``[project] dependencies``; an extra's package (``pyspark``, the ``spark`` extra) may be
  imported only inside a function, so that importing the module never needs it;
- every requirement of the runtime and of the extras the lock covers has a lower bound of at
  least the major.minor of the locked version, and the locked version satisfies it.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "src" / "waibao"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
LOCKED_EXTRAS = ("dev", "deploy", "spark")  # the extras scripts/lock puts in requirements.lock
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def _requirements(group: str) -> list[Requirement]:
    if group == "runtime":
        texts = PROJECT["dependencies"]
    else:
        texts = PROJECT["optional-dependencies"][group]
    return [Requirement(text) for text in texts]


def _declared(group: str) -> set[str]:
    return {canonicalize_name(requirement.name) for requirement in _requirements(group)}


def _locked() -> dict[str, Version]:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    return {canonicalize_name(name): Version(version) for name, version in PIN.findall(text)}


def _imports() -> dict[str, dict[str, bool]]:
    """Top-level module -> {file: imported at module level (not only inside a function)}."""
    found: dict[str, dict[str, bool]] = {}

    def visit(node: ast.AST, where: str, nested: bool) -> None:
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        for name in names:
            files = found.setdefault(name.split(".")[0], {})
            files[where] = files.get(where, False) or not nested
        inside = nested or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        for child in ast.iter_child_nodes(node):
            visit(child, where, inside)

    for path in sorted(SOURCE.rglob("*.py")):
        if "tests" in path.relative_to(SOURCE).parts:
            continue  # a policy folder's clause tests run under pytest (the dev extra)
        where = str(path.relative_to(ROOT))
        visit(ast.parse(path.read_text(encoding="utf-8"), filename=where), where, False)
    return {
        module: files
        for module, files in found.items()
        if module not in sys.stdlib_module_names and module not in ("waibao", "__future__")
    }


def _distributions(module: str) -> set[str]:
    names = importlib.metadata.packages_distributions().get(module, [])
    return {canonicalize_name(name) for name in names}


def test_the_scan_finds_the_imports_it_is_about():
    imports = _imports()
    assert {"django", "polars", "pyarrow", "ibis", "sqlglot", "pyspark"} <= set(imports)


def test_every_imported_package_is_declared():
    runtime = _declared("runtime")
    extras = {group: _declared(group) for group in PROJECT["optional-dependencies"]}
    undeclared, eager = [], []
    for module, files in sorted(_imports().items()):
        distributions = _distributions(module)
        assert distributions, f"{module} ({', '.join(files)}) is installed by no distribution"
        if distributions & runtime:
            continue
        in_extras = sorted(group for group, names in extras.items() if distributions & names)
        if not in_extras:
            undeclared.append(f"{module} ({', '.join(sorted(distributions))}): {sorted(files)}")
        eager += [
            f"{module} ({in_extras}) at module level in {where}"
            for where, top in files.items()
            if top
        ]
    assert undeclared == [], "imported but not in [project] dependencies"
    assert eager == [], "an extra's package must be imported inside the function that needs it"


@pytest.mark.parametrize("group", ["runtime", *LOCKED_EXTRAS])
def test_lower_bounds_are_what_the_lock_tests(group):
    locked = _locked()
    loose = []
    for requirement in _requirements(group):
        version = locked.get(canonicalize_name(requirement.name))
        assert version is not None, f"{requirement.name} is not in requirements.lock"
        assert requirement.specifier.contains(version), f"{requirement} excludes {version}"
        lower = [Version(spec.version) for spec in requirement.specifier if spec.operator == ">="]
        tested = Version(f"{version.major}.{version.minor}")
        if not lower or max(lower) < tested:
            loose.append(f"{requirement} (locked {version}: at least >={tested})")
    assert loose == []
