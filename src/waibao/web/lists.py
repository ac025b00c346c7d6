"""One list mechanism for every page where staff work (docs/decisions/0031-staff-lists.md).

A page hands :func:`list_page` the rows already narrowed to the user's scope (a queryset
from ``waibao.permissions`` or an app's own rules, or a plain list where a state is computed
in Python), the filters that matter on that page, the orderings it offers and a page size.
It gets back a :class:`ListPage`: the filters with the values read from the query string
(a value that is not one of a filter's choices is dropped, never passed to the database),
one page of rows, and the links of the pager, each keeping the filters. The page then
includes ``portal/_list.html``, which draws the filter bar, the table (scrolling inside its
own box on a phone) and the pager (上一页 / 第 N 页，共 M 页 / 下一页) the same way everywhere.

The filters only ever narrow the rows they are given: scope is decided before, so no query
string can widen it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

# Typed text longer than this is cut: a name or a code, never a paragraph.
TEXT_LIMIT = 100
DEFAULT_PAGE_SIZE = 25

Apply = Callable[[Any, str], Any]


@dataclass(frozen=True)
class Filter:
    """One filter of the bar: ``kind`` is ``choice`` (a select), ``year`` (a select of years)
    or ``text`` (a search field). ``apply(rows, value)`` narrows the rows by a valid, non-empty
    value; ``default`` is the value when the query string names none (``""``: no filter)."""

    name: str
    label: Any
    kind: str
    apply: Apply
    choices: Sequence[tuple[str, Any]] = ()
    default: str = ""
    all_label: Any = "—"
    # A required filter has no "all" option: blank or unknown reads as the default.
    required: bool = False

    def read(self, raw: str | None) -> str:
        """The value of this filter in a request: the default when absent, ``""`` when blank
        or not one of the choices."""
        if raw is None:
            return self.default
        value = raw.strip()
        if self.kind == "text":
            return value[:TEXT_LIMIT]
        if value in {str(code) for code, _label in self.choices}:
            return value
        return self.default if self.required else ""


def choice_filter(
    name: str,
    label: Any,
    choices: Sequence[tuple[str, Any]],
    apply: Apply,
    *,
    default: str = "",
    all_label: Any = "—",
) -> Filter:
    return Filter(name, label, "choice", apply, tuple(choices), default, all_label)


def district_filter(rows: QuerySet, region: str) -> list[Filter]:
    """The 区县 filter over the districts ``rows`` fall in (``region``: the path to a row's
    region, e.g. ``organisation__region``), as a list to splice into a page's filters: empty
    when the rows lie in one district, since a filter only narrows the scope and one district
    has nothing to narrow."""
    from django.utils.translation import gettext_lazy as _

    districts = list(
        rows.order_by(f"{region}_id").values_list(f"{region}_id", f"{region}__name").distinct()
    )
    if len(districts) <= 1:
        return []
    return [
        choice_filter(
            "district",
            _("区县"),
            districts,
            lambda found, value: found.filter(**{f"{region}_id": value}),
            all_label=_("全部区县"),
        )
    ]


def year_filter(
    name: str,
    label: Any,
    years: Sequence[int],
    apply: Apply,
    *,
    default: str = "",
    required: bool = False,
) -> Filter:
    """A select of ``years``, newest first."""
    choices = tuple((str(year), str(year)) for year in sorted(set(years), reverse=True))
    return Filter(name, label, "year", apply, choices, default, required=required)


def text_filter(name: str, label: Any, apply: Apply) -> Filter:
    return Filter(name, label, "text", apply)


@dataclass(frozen=True)
class Ordering:
    """One way to sort the rows: ``key`` in the query string (``?order=``), the fields of
    ``order_by`` (a queryset), the label on the select."""

    key: str
    label: Any
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Column:
    label: Any
    css: str = ""


@dataclass(frozen=True)
class BoundFilter:
    filter: Filter
    value: str

    @property
    def name(self) -> str:
        return self.filter.name


@dataclass(frozen=True)
class PageLink:
    number: int
    url: str
    current: bool


@dataclass
class ListPage:
    """What ``portal/_list.html`` draws; ``rows`` are the page's rows, after ``row``."""

    list_id: str
    filters: list[BoundFilter]
    orderings: Sequence[Ordering]
    order: str
    columns: Sequence[Column]
    row_template: Any  # a template's name, or a template (anything ``{% include %}`` takes)
    page: Page
    rows: list[Any]
    query: str
    empty: Any
    # "cards": the table becomes one card per row on a phone (portal.css, data-label cells)
    table_class: str = ""

    @property
    def total(self) -> int:
        return self.page.paginator.count

    @property
    def values(self) -> dict[str, str]:
        return {bound.name: bound.value for bound in self.filters}

    def url(self, number: int) -> str:
        return "?" + "&".join(part for part in (self.query, f"page={number}") if part)

    @property
    def previous_url(self) -> str:
        return self.url(self.page.previous_page_number()) if self.page.has_previous() else ""

    @property
    def next_url(self) -> str:
        return self.url(self.page.next_page_number()) if self.page.has_next() else ""

    @property
    def filtered(self) -> bool:
        return any(bound.value != bound.filter.default for bound in self.filters)


def list_page(
    request: HttpRequest,
    rows: QuerySet | Sequence[Any],
    *,
    list_id: str,
    columns: Sequence[Column],
    row_template: Any,
    filters: Sequence[Filter] = (),
    orderings: Sequence[Ordering] = (),
    page_size: int = DEFAULT_PAGE_SIZE,
    row: Callable[[Any], Any] | None = None,
    empty: Any = "",
    table_class: str = "",
) -> ListPage:
    """Filter, order and page ``rows`` (already in the user's scope) as the request asks.

    ``row`` turns each row of the page into what the row template shows, after paging, so
    that work done per row (a computed state, a label) is done for one page only.
    """
    bound = [BoundFilter(f, f.read(request.GET.get(f.name))) for f in filters]
    for item in bound:
        if item.value:
            rows = item.filter.apply(rows, item.value)
    order = ""
    if orderings:
        wanted = request.GET.get("order", "")
        chosen = next((o for o in orderings if o.key == wanted), orderings[0])
        order = chosen.key
        if isinstance(rows, QuerySet):
            rows = rows.order_by(*chosen.fields)
    page = Paginator(rows, page_size).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    pairs = [(item.name, item.value) for item in bound if item.value or item.filter.default]
    if orderings and order != orderings[0].key:
        pairs.append(("order", order))
    return ListPage(
        list_id=list_id,
        filters=bound,
        orderings=orderings,
        order=order,
        columns=columns,
        row_template=row_template,
        page=page,
        rows=[row(item) for item in shown] if row else shown,
        query=urlencode(pairs),
        empty=empty,
        table_class=table_class,
    )
