"""Entering a bureau figure: checked field by field (every refusal in plain Chinese, keyed by
the form field it belongs to), written with its audit record in one transaction. Nothing is
ever updated: a newer entry supersedes the one in force (``selectors.current_figures``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from waibao import jurisdictions, policy_files
from waibao.audit.services import audit_record
from waibao.bounds import FIRST_YEAR, LAST_YEAR
from waibao.bureau_targets import access, measures
from waibao.bureau_targets.models import BureauFigure
from waibao.money import format_fen
from waibao.typed_numbers import TypedNumberError, typed_count, typed_fen

FIELDS = ("jurisdiction", "indicator", "kind", "year", "value", "comparison", "ref", "source")
TARGETS_FILE = "targets.yaml"  # the policy folder's own targets (waibao.stats.target_files)
MOST_COUNT = 10**15
CENT = Decimal("0.01")


class FigureRefused(Exception):
    """Nothing was written; ``errors`` maps each form field to its reasons."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))


def text_target_years(slug: str, indicator: str) -> set[int]:
    """The years for which the jurisdiction's text already sets a target on ``indicator``
    (its folder's ``targets.yaml``): the bureau sets its own only where the text sets none."""
    data = policy_files.read_one(slug, TARGETS_FILE) or {}
    return {
        int(entry["target"]["year"])
        for entry in data.get("targets") or []
        if entry.get("measure") == indicator
    }


def _value(typed: str, unit: str) -> Decimal:
    """The typed value in the unit's whole units: yuan/dollars to the fen, or a count."""
    if unit == measures.COUNT:
        return Decimal(typed_count(typed, most=MOST_COUNT)).quantize(CENT)
    return Decimal(format_fen(typed_fen(typed)))


def figure_enter(*, actor: Any, values: dict[str, Any]) -> BureauFigure:
    """Enter one figure from ``values`` (the form's or the request body's fields, as typed)."""
    typed = {name: str(values.get(name) or "").strip() for name in FIELDS}
    errors: dict[str, list[str]] = {}

    def refuse(field: str, reason: str) -> None:
        errors.setdefault(field, []).append(reason)

    slug = typed["jurisdiction"]
    if slug not in jurisdictions.slugs():
        refuse("jurisdiction", _("请选择辖区"))
    elif not access.may_enter(actor, slug):
        raise PermissionDenied(_("无权录入该辖区的数值"))
    indicator = typed["indicator"]
    if indicator not in measures.BY_KEY:
        refuse("indicator", _("请选择指标"))
    kind = typed["kind"]
    if kind not in BureauFigure.Kind.values:
        refuse("kind", _("请选择目标值或实际值"))
    year = None
    if not typed["year"].isdigit() or not FIRST_YEAR <= int(typed["year"]) <= LAST_YEAR:
        refuse(
            "year", _("请填写年度（%(first)s–%(last)s）") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    else:
        year = int(typed["year"])
    value = None
    if indicator in measures.BY_KEY:
        try:
            value = _value(typed["value"], measures.unit_of(indicator))
        except TypedNumberError as error:
            refuse("value", str(error))
    comparison = typed["comparison"] or BureauFigure.Comparison.AT_LEAST
    if comparison not in BureauFigure.Comparison.values:
        refuse("comparison", _("请选择比较方式"))
    if not typed["source"]:
        refuse("source", _("请说明数值的来源（文件、会议纪要或统计口径）"))
    elif len(typed["source"]) > 200:
        refuse("source", _("来源说明不超过200字"))
    if len(typed["ref"]) > 32:
        refuse("ref", _("条款序号不超过32字"))
    if (
        kind == BureauFigure.Kind.TARGET
        and year is not None
        and slug in jurisdictions.slugs()
        and year in text_target_years(slug, indicator)
    ):
        refuse("year", _("政策文件已设定该指标本年度的目标，主管部门不另设"))
    if errors:
        raise FigureRefused(errors)
    assert value is not None and year is not None
    with transaction.atomic():
        previous = (
            BureauFigure.objects.filter(
                jurisdiction=slug, indicator=indicator, kind=kind, year=year
            )
            .order_by("-entered_at", "-pk")
            .first()
        )
        figure = BureauFigure.objects.create(
            jurisdiction=slug,
            indicator=indicator,
            kind=kind,
            year=year,
            value=value,
            unit=measures.unit_of(indicator),
            comparison=comparison if kind == BureauFigure.Kind.TARGET else ">=",
            ref=typed["ref"],
            source=typed["source"],
            entered_by=actor,
        )
        audit_record(
            actor=actor,
            action="bureau_figure.enter",
            obj=figure,
            from_state=str(previous.value) if previous is not None else "",
            to_state=str(figure.value),
            payload={
                "jurisdiction": slug,
                "indicator": indicator,
                "kind": kind,
                "year": year,
                "value": str(figure.value),
                "unit": figure.unit,
                "comparison": figure.comparison,
                "source": figure.source,
                "supersedes": previous.pk if previous is not None else None,
            },
        )
    return figure
