"""Reading bureau figures: the one in force for each jurisdiction, indicator, kind and year
(the newest entry), and the whole history for the page."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from waibao.bureau_targets.models import BureauFigure


def figure_history(jurisdictions: Iterable[str]) -> QuerySet[BureauFigure]:
    """Every entry of ``jurisdictions``, newest first within each figure."""
    return BureauFigure.objects.filter(jurisdiction__in=list(jurisdictions)).select_related(
        "entered_by"
    )


def current_figures(jurisdictions: Iterable[str] | None = None) -> list[BureauFigure]:
    """The entry in force for each (jurisdiction, indicator, kind, year): the newest by
    entry time (then by id, for two entries in one instant). Older entries stay as history."""
    rows = BureauFigure.objects.all()
    if jurisdictions is not None:
        rows = rows.filter(jurisdiction__in=list(jurisdictions))
    found: dict[tuple[str, str, str, int], BureauFigure] = {}
    for row in rows.order_by("entered_at", "pk"):
        found[(row.jurisdiction, row.indicator, row.kind, row.year)] = row
    return list(found.values())


def is_superseded(figure: BureauFigure, current: Iterable[BureauFigure]) -> bool:
    return figure.pk not in {row.pk for row in current}
