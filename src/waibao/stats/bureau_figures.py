"""The figures the bureau entered (``waibao.bureau_targets``) joined to the targets of the
policy folders: a measured value stands in where Waibao computes none (with its source), and
the bureau's own target on an indicator becomes a target like the text's, marked as the
bureau's. Read after Django is set up (``load_targets`` itself reads only the folders' files,
so the command line can build its options without a database)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from waibao import jurisdictions
from waibao.stats.targets import Target


def with_bureau_figures(
    targets: list[Target], *, jurisdictions_wanted: Iterable[str] | None = None
) -> list[Target]:
    """``targets`` with the bureau's measured values filled in, followed by the bureau's own
    targets of ``jurisdictions_wanted`` (every jurisdiction when ``None``)."""
    from waibao.bureau_targets.models import BureauFigure
    from waibao.bureau_targets.selectors import current_figures

    wanted = None if jurisdictions_wanted is None else list(jurisdictions_wanted)
    figures = current_figures(wanted)
    measured: dict[tuple[str, str], dict[int, tuple[int, str]]] = {}
    for row in figures:
        if row.kind == BureauFigure.Kind.MEASURED:
            measured.setdefault((row.jurisdiction, row.indicator), {})[row.year] = (
                row.minor,
                row.source,
            )

    def filled(target: Target) -> Target:
        found = measured.get((target.jurisdiction, target.measure), {})
        if not found:
            return target
        entered = dict(target.entered)
        sources = dict(target.entered_sources)
        for year, (value, source) in found.items():
            entered[year] = value  # the bureau's entry replaces the folder's figure
            sources[year] = source
        return dataclasses.replace(target, entered=entered, entered_sources=sources)

    out = [filled(target) for target in targets]
    for row in sorted(figures, key=lambda r: (r.jurisdiction, r.indicator, r.year)):
        if row.kind != BureauFigure.Kind.TARGET:
            continue
        found = jurisdictions.jurisdiction(row.jurisdiction)
        own = Target(
            id=f"{row.jurisdiction}.bureau.{row.indicator}.{row.year}",
            clause=f"{row.jurisdiction}.bureau",
            jurisdiction=row.jurisdiction,
            ref=row.ref,
            source_phrase=str(row.get_indicator_display()),
            measure=row.indicator,
            unit=row.unit,
            area=found.region,
            comparison=row.comparison,
            target_year=row.year,
            target_value=row.minor,
            target_basis="entered by the bureau",
            origin="bureau",
            target_source=row.source,
            document=str(found.name()),
        )
        out.append(filled(own))
    return out
