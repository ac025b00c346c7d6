"""The data files of the policy folders (``targets.yaml``, ``plan.yaml``, ``funds.yaml`` …),
read through the catalogue (issue 18).

Each app that keeps something a text decides (targets, plans, funds, programmes, map settings)
asks this module for the folders holding its file and their parsed YAML, instead of naming a
jurisdiction. Reads are cached on ``jurisdictions.generation()``: a folder added at run time
(``WAIBAO_POLICY_PATH``, ``jurisdictions.extra_policy_path``) is seen by the next call.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml

from waibao import jurisdictions, yaml_text
from waibao.jurisdictions import Jurisdiction

Key = TypeVar("Key")
Value = TypeVar("Value")


class PolicyFileError(ValueError):
    """A policy folder's data file that cannot be read as its app expects."""


@functools.lru_cache(maxsize=64)
def _read(_generation: tuple[Path, ...], name: str) -> tuple[tuple[Jurisdiction, Any], ...]:
    found = []
    for jurisdiction in jurisdictions.jurisdictions():
        path = jurisdiction.file(name)
        if path is None:
            continue
        try:
            data = yaml_text.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise PolicyFileError(f"{path}: not YAML: {error}") from error
        found.append((jurisdiction, {} if data is None else data))
    return tuple(found)


def read_all(name: str) -> tuple[tuple[Jurisdiction, Any], ...]:
    """``(jurisdiction, parsed YAML)`` of every folder holding file ``name``, in the
    catalogue's order; folders without the file are left out (their text decides nothing of
    that kind)."""
    return _read(jurisdictions.generation(), name)


def read_one(slug: str, name: str) -> Any | None:
    """The parsed file ``name`` of folder ``slug``, or None when the folder has none."""
    for jurisdiction, data in read_all(name):
        if jurisdiction.slug == slug:
            return data
    return None


def slugs_with(name: str) -> tuple[str, ...]:
    """The jurisdictions whose folder holds file ``name``, in the catalogue's order (without
    reading the files: command-line parsers ask this at start-up)."""
    return tuple(j.slug for j in jurisdictions.jurisdictions() if j.file(name) is not None)


def spoken_list(items: tuple[str, ...] | list[str]) -> str:
    """``a, b, c or d``: a list of slugs as a help text says it."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


class LiveMapping(Mapping[Key, Value], Generic[Key, Value]):
    """A read-only mapping rebuilt from the folders whenever the catalogue's generation
    changes: a module constant (``PROGRAMMES``, ``CENTROIDS``) that still sees a folder added
    at run time."""

    def __init__(self, build: Callable[[], Mapping[Key, Value]]) -> None:
        self._build = build
        self._cache: dict[tuple[Path, ...], Mapping[Key, Value]] = {}

    def current(self) -> Mapping[Key, Value]:
        generation = jurisdictions.generation()
        if generation not in self._cache:
            self._cache[generation] = self._build()
        return self._cache[generation]

    def __getitem__(self, key: Key) -> Value:
        return self.current()[key]

    def __iter__(self) -> Iterator[Key]:
        return iter(self.current())

    def __len__(self) -> int:
        return len(self.current())

    def __repr__(self) -> str:
        return f"LiveMapping({dict(self.current())!r})"
