"""The house has floors, and imports only go down (docs/decisions/0022-layers-and-read-layer.md).

Every module under ``src/waibao`` (migrations aside) is read with ``ast``: every ``import`` and
``from … import`` at module level and inside functions counts, and so does
``importlib.import_module("waibao.…")`` with a literal name; only the body of an
``if TYPE_CHECKING:`` block is left out (annotations, never run). From those imports come two
graphs, of modules and of top-level packages (``waibao.funds.models`` belongs to ``funds``;
``waibao.money`` is the package ``money``; the root ``waibao/__init__.py`` is ``waibao``), and
three rules:

1. no circle among modules;
2. no circle among packages;
3. every package stands on a floor of ``FLOORS`` and imports only packages on lower floors,
   or on its own floor where ``SIDEWAYS`` says so.

A new package needs a floor here, with the reason it stands there.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
ROOT = "waibao"


@dataclass(frozen=True)
class Floor:
    name: str
    packages: frozenset[str]
    reason: str


def floor(name: str, packages: str, reason: str) -> Floor:
    return Floor(name, frozenset(packages.split()), reason)


# Bottom first. A package may import the packages of every floor below its own.
FLOORS = [
    floor(
        "ground",
        "waibao paths years refusals yaml_text language_tags",
        "the version, the data directory, the years Waibao accepts, the kinds of refusal "
        "every domain error is one of, the YAML reader and the two languages' tags: they "
        "import nothing of Waibao",
    ),
    floor(
        "bounds",
        "bounds",
        "the bounds every value is checked against, years included (over ``years``)",
    ),
    floor(
        "values",
        "money crypto spreadsheets uploads evidence_store numbers_display permissions simplified "
        "read_only_admin",
        "plain helpers over values (fen, encrypted fields, spreadsheet cells, uploaded files, "
        "evidence documents stored by checksum, numbers as pages write them, quotations shown "
        "in Simplified characters), the one table of who may do what and the admin's read-only "
        "base; no app's models",
    ),
    floor(
        "typed values",
        "typed_numbers",
        "numbers and amounts typed as text, read with their unit (over money)",
    ),
    floor(
        "catalogue",
        "jurisdictions",
        "the catalogue of policy texts (the policy folders' manifests): pure Python, it "
        "imports nothing of Waibao but the YAML reader",
    ),
    floor(
        "catalogue readers",
        "policy_files jurisdiction_labels",
        "each folder's data files and the jurisdictions' display names, read through the catalogue",
    ),
    floor(
        "what the engine reads",
        "facts",
        "the FACTS.md contract, its valid jurisdictions from the catalogue: pure Python",
    ),
    floor(
        "engine",
        "rules",
        "the rules engine: evaluates the texts' clauses over facts, pure Python, no database",
    ),
    floor(
        "policy texts",
        "policies",
        "one folder per policy text (text, parameters, clauses, targets), its clauses written "
        "in the engine's terms; the engine finds them through the catalogue, not by import",
    ),
    floor(
        "records",
        "audit dataversion",
        "what every write leaves behind: the tamper-evident audit trail and the data version "
        "the triggers bump; both below anything that writes",
    ),
    floor(
        "imports",
        "imports",
        "reading files into tables (problems, tabular files, bulk COPY); a bulk insert bumps "
        "the data version itself, so it stands above it",
    ),
    floor(
        "registry",
        "registry",
        "organisations, regions, parks and their yearly figures: the master data every app "
        "refers to, imported through waibao.imports",
    ),
    floor(
        "people",
        "accounts",
        "users' profiles and roles, each over a region or an organisation of the registry",
    ),
    floor(
        "security",
        "security",
        "sign-in, second factor, sessions, separation of duties and the security log, over "
        "the accounts they guard",
    ),
    floor(
        "tokens",
        "apitokens",
        "API tokens, checked with the security layer's rules",
    ),
    floor(
        "web",
        "web",
        "what every router and page shares (authentication, error handling, query "
        "parameters): just above who the caller is, below every app that answers requests",
    ),
    floor(
        "domain",
        "reporting policy plans evaluation talent measures bureau_targets",
        "the apps that keep one subject each (reports, the bureau's parameters, work plans, "
        "recognitions and ratings, talent, the register of measures the bureau records, the "
        "bureau's entered target figures); none imports another",
    ),
    floor(
        "derived",
        "entitlements stats",
        "what is computed from the domain's records: entitlements (facts, rules and the "
        "bureau's parameters) and the statistics (from reporting)",
    ),
    floor(
        "funds",
        "funds",
        "the money: budgets, applications and review, publication, allocation, payment; it "
        "pays what the entitlements give and the policy parameters decide",
    ),
    floor(
        "publishing",
        "publishing",
        "the published brief, open data and map, built from reporting, statistics and funds",
    ),
    floor(
        "read layer",
        "readmodel",
        "what the pages and the API both show (cached figures, the calculator, the "
        "statistics), read once for both from every floor below",
    ),
    floor(
        "faces",
        "portal api",
        "the pages and the JSON API: each reads through the read layer, neither imports the other",
    ),
    floor(
        "tools",
        "demo",
        "the demo data and its logins, made through the apps' own services; only the "
        "command line runs it",
    ),
    floor(
        "entry points",
        "cli config __main__",
        "the command line, the Django settings and URLs, ``python -m waibao``: they wire "
        "every floor together and nothing imports them",
    ),
]

# Imports between packages of one floor that are allowed, each with why.
SIDEWAYS: dict[tuple[str, str], str] = {
    ("__main__", "cli"): "``python -m waibao`` is the command line",
}

# Imports allowed to run up a floor for now: none since the routers take authentication and
# parameters from ``waibao.web`` (issue 18, item 3). An entry no longer used fails
# ``test_the_temporary_allowances_are_still_needed``.
TEMPORARY_UPWARD: set[tuple[str, str]] = set()


# --------------------------------------------------------------------------- reading imports


def module_files() -> dict[str, Path]:
    modules = {}
    for path in sorted((SRC / ROOT).rglob("*.py")):
        if "migrations" in path.relative_to(SRC).parts:
            continue
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _type_checking_only(tree: ast.AST) -> set[int]:
    """The ids of the nodes inside the body of an ``if TYPE_CHECKING:`` (its ``else`` runs)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in (
            "TYPE_CHECKING",
            "typing.TYPE_CHECKING",
        ):
            for statement in node.body:
                skipped.update(id(inner) for inner in ast.walk(statement))
    return skipped


def _named(module: str, path: Path, node: ast.ImportFrom) -> str:
    """The absolute module a ``from`` import names (relative imports resolved)."""
    if not node.level:
        return node.module or ""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for _up in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def imported_names(module: str, path: Path) -> set[str]:
    """Every Waibao module or name ``module`` imports, absolute: ``from waibao.funds import
    models`` gives ``waibao.funds.models``, ``from waibao import __version__`` gives
    ``waibao.__version__`` (which lives in ``waibao``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skipped = _type_checking_only(tree)
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _named(module, path, node)
            names.update(f"{base}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and ast.unparse(node.func) in ("importlib.import_module", "import_module")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return {name for name in names if name == ROOT or name.startswith(ROOT + ".")}


def _resolve(name: str, modules: dict[str, Path]) -> str:
    """The module a name lives in: ``waibao.funds.models.Fund`` → ``waibao.funds.models``."""
    while name not in modules:
        name = name.rpartition(".")[0]
    return name


def module_graph() -> dict[str, set[str]]:
    modules = module_files()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for module, path in modules.items():
        for name in imported_names(module, path):
            target = _resolve(name, modules)
            if target != module:
                graph[module].add(target)
    return graph


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def without_temporary(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    return {
        module: {t for t in targets if (module, t) not in TEMPORARY_UPWARD}
        for module, targets in graph.items()
    }


def package_graph(graph: dict[str, set[str]]) -> dict[str, dict[str, set[tuple[str, str]]]]:
    """package → imported package → the module imports that make the arrow."""
    packages: dict[str, dict[str, set[tuple[str, str]]]] = defaultdict(lambda: defaultdict(set))
    for module, targets in graph.items():
        packages[package_of(module)]  # every package, even one that imports nothing
        for target in targets:
            if package_of(target) != package_of(module):
                packages[package_of(module)][package_of(target)].add((module, target))
    return packages


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


# --------------------------------------------------------------------------------- the rules


def floor_of() -> dict[str, int]:
    return {package: level for level, f in enumerate(FLOORS) for package in f.packages}


def test_every_floor_names_each_package_once_and_says_why():
    seen: list[str] = [package for f in FLOORS for package in f.packages]
    assert len(seen) == len(set(seen)), "a package stands on two floors"
    assert all(f.reason.strip() for f in FLOORS)
    levels = floor_of()
    for importer, imported in SIDEWAYS:
        assert levels[importer] == levels[imported], f"{importer} → {imported} is not sideways"


def test_no_circle_among_modules():
    found = circles(without_temporary(module_graph()))
    assert not found, "modules importing each other, round in a circle:\n" + "\n".join(
        " ↔ ".join(c) for c in found
    )


def test_no_circle_among_packages():
    packages = package_graph(without_temporary(module_graph()))
    found = circles({p: set(targets) for p, targets in packages.items()})
    shown = []
    for component in found:
        members = set(component)
        arrows = sorted(
            f"  {a} → {b}: {', '.join(f'{m} → {t}' for m, t in sorted(packages[a][b]))}"
            for a in members
            for b in packages[a]
            if b in members
        )
        shown.append(" ↔ ".join(component) + "\n" + "\n".join(arrows))
    assert not found, "packages importing each other, round in a circle:\n" + "\n".join(shown)


def test_every_package_stands_on_a_floor():
    levels = floor_of()
    missing = sorted(set(package_graph(module_graph())) - set(levels))
    assert not missing, f"packages without a floor (add them to FLOORS, with why): {missing}"


def test_imports_only_go_down_or_sideways_where_declared():
    levels = floor_of()
    packages = package_graph(without_temporary(module_graph()))
    wrong = []
    for importer, targets in sorted(packages.items()):
        for imported, because in sorted(targets.items()):
            if importer not in levels or imported not in levels:
                continue  # test_every_package_stands_on_a_floor names it
            up = levels[imported] > levels[importer]
            across = levels[imported] == levels[importer] and (importer, imported) not in SIDEWAYS
            if up or across:
                how = "up" if up else "sideways"
                where = f"{FLOORS[levels[importer]].name} → {FLOORS[levels[imported]].name}"
                modules = ", ".join(f"{m} → {t}" for m, t in sorted(because))
                wrong.append(f"{importer} → {imported} ({how}, {where}): {modules}")
    assert not wrong, "imports that do not go down:\n" + "\n".join(wrong)


def test_the_temporary_allowances_are_still_needed():
    graph = module_graph()
    unused = sorted(edge for edge in TEMPORARY_UPWARD if edge[1] not in graph.get(edge[0], ()))
    assert not unused, f"no longer imported: remove from TEMPORARY_UPWARD {unused}"


# ------------------------------------------------------------------- the reader reads right


def test_the_reader_sees_function_level_and_relative_imports_and_skips_type_checking(tmp_path):
    package = tmp_path / ROOT / "thing"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    source = package / "mod.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "from . import other\n"
        "if TYPE_CHECKING:\n"
        "    from waibao.hidden import Thing\n"
        "else:\n"
        "    import waibao.shown\n"
        "def f():\n"
        "    from waibao.inner.models import Model\n"
        "    importlib.import_module('waibao.dynamic')\n"
    )
    names = imported_names("waibao.thing.mod", source)
    assert "waibao.thing.other" in names
    assert "waibao.inner.models.Model" in names
    assert "waibao.shown" in names and "waibao.dynamic" in names
    assert not any("hidden" in name for name in names)


def test_a_circle_is_found():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []
