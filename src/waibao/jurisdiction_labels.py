"""The catalogue's display names as Django lazy strings (``waibao.jurisdictions`` stays pure).

A policy folder's ``policy.yaml`` carries its name in Chinese and English; a label here is
resolved when it is rendered, in the active language, the way a ``gettext_lazy`` label was
when each module kept its own dictionary of names.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import get_language

from waibao import jurisdictions


def _name_now(slug: str) -> str:
    return jurisdictions.name(slug, get_language() or settings.LANGUAGE_CODE)


_lazy_name = lazy(_name_now, str)


def label(slug: str) -> Any:
    """The jurisdiction's name in the language active when it is rendered (the slug when the
    catalogue does not know it)."""
    return _lazy_name(slug)


class Labels(Mapping[str, Any]):
    """``{slug: lazy name}`` over the catalogue in its order, read at each use."""

    def __getitem__(self, slug: str) -> Any:
        if slug not in jurisdictions.slugs():
            raise KeyError(slug)
        return label(slug)

    def __iter__(self) -> Iterator[str]:
        return iter(jurisdictions.slugs())

    def __len__(self) -> int:
        return len(jurisdictions.slugs())


LABELS = Labels()


def choices() -> list[tuple[str, Any]]:
    """``[(slug, lazy name)]`` for a model or form field's ``choices`` (a callable, so that
    the list follows the catalogue)."""
    return list(LABELS.items())
