"""The bureau's entered target figures as JSON (/api/targets/figures): the figures in force
and every entry of the jurisdictions in the caller's region, and entering one. Who may see
and enter is ``waibao.bureau_targets.access`` (the page's rules); a refused entry is a 400
with the reason for each field, in the caller's language, and writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from waibao import permissions
from waibao.bureau_targets import access, selectors, services
from waibao.bureau_targets.models import BureauFigure
from waibao.web.auth import require

router = Router(tags=["targets"])


class FigureOut(Schema):
    id: int
    jurisdiction: str
    indicator: str
    kind: str
    year: int
    value: str
    unit: str
    comparison: str
    ref: str
    source: str
    entered_by: str
    entered_at: dt.datetime
    in_force: bool


class FigureIn(Schema):
    jurisdiction: str
    indicator: str
    kind: str
    year: str
    value: str
    comparison: str = ">="
    ref: str = ""
    source: str


class FigureRefusedOut(Schema):
    detail: str
    problems: dict[str, list[str]]


def _out(row: BureauFigure, in_force: set[int]) -> dict[str, Any]:
    return {
        "id": row.pk,
        "jurisdiction": row.jurisdiction,
        "indicator": row.indicator,
        "kind": row.kind,
        "year": row.year,
        "value": str(row.shown),
        "unit": row.unit,
        "comparison": row.comparison,
        "ref": row.ref,
        "source": row.source,
        "entered_by": row.entered_by.get_username(),
        "entered_at": row.entered_at,
        "in_force": row.pk in in_force,
    }


@router.get(
    "/targets/figures",
    response=list[FigureOut],
    summary="主管部门录入的目标与实际值 / the bureau's entered target figures",
)
def figure_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Every entry of the jurisdictions in the caller's region, newest first within each
    figure; ``in_force`` marks the one each figure stands at (older ones are history)."""
    user = require(request, permissions.VIEW_DASHBOARD)
    visible = access.viewable(user)
    in_force = {row.pk for row in selectors.current_figures(visible)}
    return [_out(row, in_force) for row in selectors.figure_history(visible)]


@router.post(
    "/targets/figures",
    response={201: FigureOut, 400: FigureRefusedOut},
    summary="录入目标或实际值 / enter a target or a measured value",
)
def figure_enter(request: HttpRequest, body: FigureIn) -> Any:
    user = require(request, permissions.CONFIGURE_POLICY)
    if not any(access.may_enter(user, slug) for slug in access.viewable(user)):
        raise PermissionDenied(_("无权录入目标或实际值"))
    try:
        figure = services.figure_enter(actor=user, values=body.dict())
    except services.FigureRefused as refused:
        return Status(400, {"detail": _("录入未保存"), "problems": refused.errors})
    return Status(201, _out(figure, {figure.pk}))
