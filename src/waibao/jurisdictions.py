"""The jurisdictions Waibao runs, discovered from their policy folders (issue 18).

A bureau's next policy text becomes live by adding one folder, not by editing the core: every
folder with a ``policy.yaml`` under ``waibao/policies/`` (and under each directory named in
``WAIBAO_POLICY_PATH``, ``os.pathsep``-separated) is a jurisdiction. Everything else asks this
module for the list, the names, the region codes and the folder's files, so that no other
module names a jurisdiction in a literal.

Pure Python (PyYAML only): the rules engine and the Django apps both read it. The formulas of a
folder (``clauses.py``) are imported by ``load_formulas``, by path, when the rules engine first
needs them; nothing imports a policy folder statically.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import overload

from waibao import yaml_text

BUILT_IN = Path(__file__).parent / "policies"
PATH_VARIABLE = "WAIBAO_POLICY_PATH"
LEVELS = ("city", "province")


class CatalogueError(ValueError):
    """A policy folder's manifest is missing a field or contradicts another folder."""


@dataclass(frozen=True)
class Jurisdiction:
    """One policy folder: who it governs and where its files are."""

    slug: str
    order: int
    level: str  # "city" or "province"
    region: str  # GB/T 2260 code: 4401 for a city, 44 for a province
    name_zh: str
    name_en: str
    folder: Path
    # the provision of this text that asks for the industry brief (编制产业简报, 抄送省商务厅和
    # 商务部), as the brief's footer cites it; empty when the text asks for none
    industry_brief: str = ""
    # the words a published rating list cites as its basis, per kind of list (``top_ten``):
    # {kind: {"zh": ..., "en": ...}}
    rating_basis: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)

    def name(self, language: str = "zh-hans") -> str:
        """The manifest's Chinese name (…市, …省) in Chinese, its English name otherwise."""
        return self.name_zh if language.lower().startswith("zh") else self.name_en

    def file(self, name: str) -> Path | None:
        """A file of the folder (``targets.yaml``, ``plan.yaml`` …), or None when the text
        decides nothing of that kind."""
        path = self.folder / name
        return path if path.exists() else None

    def basis_of(self, kind: str, language: str = "zh-hans") -> str:
        """What this text says a rating list of ``kind`` rests on; empty when it says nothing."""
        words = self.rating_basis.get(kind)
        if not words:
            return ""
        return words["zh"] if language.lower().startswith("zh") else words["en"]

    def covers_region(self, code: str) -> bool:
        """Whether an organisation registered in region ``code`` (city or district code) falls
        under this text: a city's text covers its districts, a province's its cities."""
        return bool(code) and code.startswith(self.region)


def policy_paths() -> list[Path]:
    """The directories searched for policy folders: the built-in one first, then those named
    in ``WAIBAO_POLICY_PATH``."""
    extra = [Path(part) for part in os.environ.get(PATH_VARIABLE, "").split(os.pathsep) if part]
    return [BUILT_IN, *extra]


def _read_manifest(folder: Path) -> Jurisdiction:
    manifest = folder / "policy.yaml"
    data = yaml_text.safe_load(manifest.read_text(encoding="utf-8")) or {}
    try:
        name = data["name"]
        found = Jurisdiction(
            slug=str(data["slug"]),
            order=int(data["order"]),
            level=str(data["level"]),
            region=str(data["region"]),
            name_zh=str(name["zh"]),
            name_en=str(name["en"]),
            folder=folder,
            industry_brief=str(data.get("industry_brief") or ""),
            rating_basis={
                str(kind): {"zh": str(words["zh"]), "en": str(words["en"])}
                for kind, words in (data.get("rating_basis") or {}).items()
            },
        )
    except (KeyError, TypeError, ValueError) as error:
        raise CatalogueError(f"{manifest}: missing or bad field {error}") from error
    if found.slug != folder.name:
        raise CatalogueError(f"{manifest}: slug {found.slug!r} differs from the folder name")
    if found.level not in LEVELS:
        raise CatalogueError(f"{manifest}: level must be one of {LEVELS}, not {found.level!r}")
    return found


@functools.cache
def _catalogue(paths: tuple[Path, ...]) -> tuple[Jurisdiction, ...]:
    found: dict[str, Jurisdiction] = {}
    for directory in paths:
        if not directory.is_dir():
            raise CatalogueError(f"{PATH_VARIABLE}: {directory} is not a directory")
        for manifest in sorted(directory.glob("*/policy.yaml")):
            jurisdiction = _read_manifest(manifest.parent)
            if jurisdiction.slug in found:
                raise CatalogueError(f"{manifest}: jurisdiction {jurisdiction.slug!r} twice")
            found[jurisdiction.slug] = jurisdiction
    return tuple(sorted(found.values(), key=lambda j: (j.order, j.slug)))


def jurisdictions() -> tuple[Jurisdiction, ...]:
    """Every jurisdiction, in its manifest's order."""
    return _catalogue(tuple(policy_paths()))


def slugs() -> tuple[str, ...]:
    return tuple(j.slug for j in jurisdictions())


class LiveSlugs(Sequence[str]):
    """The slugs as a sequence read at each use, for tables built at import time (the facts
    schema's choices): a folder added through ``WAIBAO_POLICY_PATH`` afterwards still counts."""

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return slugs()[index]

    def __len__(self) -> int:
        return len(slugs())

    def __repr__(self) -> str:
        return f"LiveSlugs{slugs()!r}"


def jurisdiction(slug: str) -> Jurisdiction:
    for found in jurisdictions():
        if found.slug == slug:
            return found
    raise KeyError(slug)


def name(slug: str, language: str = "zh-hans") -> str:
    """The display name of a jurisdiction; the slug itself when it is unknown."""
    try:
        return jurisdiction(slug).name(language)
    except KeyError:
        return slug


def of_region(code: str, level: str) -> Jurisdiction | None:
    """The jurisdiction of ``level`` whose region contains ``code`` (a city, district or
    province code), or None."""
    for found in jurisdictions():
        if found.level == level and found.covers_region(code):
            return found
    return None


def generation() -> tuple[Path, ...]:
    """A key that changes when the searched directories change: caches of what the folders
    hold (the clause registry, targets, plans) key on it."""
    return tuple(policy_paths())


def load_formulas() -> None:
    """Import every folder's ``clauses.py`` once, so that its formulas register themselves.

    Built-in folders import as ``waibao.policies.<slug>.clauses``; folders found through
    ``WAIBAO_POLICY_PATH`` by path, as ``waibao_policy_<slug>.clauses``."""
    for found in jurisdictions():
        if not (found.folder / "clauses.py").exists():
            continue
        if found.folder.parent == BUILT_IN:
            importlib.import_module(f"waibao.policies.{found.slug}.clauses")
            continue
        module_name = f"waibao_policy_{found.slug}.clauses"
        if module_name in sys.modules:
            continue
        spec = importlib.util.spec_from_file_location(module_name, found.folder / "clauses.py")
        if spec is None or spec.loader is None:
            raise CatalogueError(f"{found.folder / 'clauses.py'}: cannot be imported")
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)


@contextmanager
def extra_policy_path(directory: Path) -> Iterator[None]:
    """Search ``directory`` for policy folders too, for the duration of a block (tests, a
    bureau's trial of a new text)."""
    before = os.environ.get(PATH_VARIABLE)
    os.environ[PATH_VARIABLE] = os.pathsep.join(filter(None, [before, str(directory)]))
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(PATH_VARIABLE, None)
        else:
            os.environ[PATH_VARIABLE] = before
