"""The enterprise policy calculator's reads, shown by the page (``waibao.portal.views``) and
by ``GET /api/calculator/{year}`` alike: the organisation a user may calculate for (scoped by
``waibao.permissions``), the years with facts, and every clause of its jurisdiction explained
(cached under the data version, ``waibao.readmodel.cache``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from waibao import permissions
from waibao.readmodel.cache import cached_figure

# A clause kind as the calculator, the policy library and the workbench name it.
KIND_LABELS = {
    "reward": _("奖励"),
    "subsidy": _("补贴"),
    "tax_incentive": _("税收优惠"),
    "exclusion": _("排除条件"),
    "fund_budget": _("资金安排"),
    "target": _("发展目标"),
    "recognition": _("认定"),
    "evaluation": _("考核评价"),
    "statistics": _("统计报送"),
}


def calculator_organisation(user: Any, uscc: str | None) -> Any | None:
    """The organisation whose entitlements ``user`` may see: an enterprise's own (``uscc``
    ignored unless it names the same firm), or for staff the one named by ``uscc`` within
    their scope. ``None`` when there is none or it is out of scope (shown as not found)."""
    from waibao.registry.models import Organisation

    if not permissions.can(user, permissions.VIEW_CONTRACT):
        return None
    scoped = permissions.scope_organisations(
        user, Organisation.objects.select_related("region"), permissions.VIEW_CONTRACT
    )
    if permissions.acts_for_one_organisation(user):
        own = scoped.first()
        if own is None or (uscc and uscc != own.uscc):
            return None
        return own
    if not uscc:
        return None
    return scoped.filter(uscc=uscc.strip().upper()).first()


def calculator_candidates(user: Any, query: str, limit: int = 20) -> list[Any]:
    """Organisations in the staff user's scope whose name or 统一社会信用代码 contains
    ``query`` (at most ``limit``, by code), for picking a firm instead of typing its code."""
    from django.db.models import Q

    from waibao.registry.models import Organisation

    query = query.strip()
    if not query:
        return []
    scoped = permissions.scope_organisations(
        user, Organisation.objects.all(), permissions.VIEW_CONTRACT
    )
    return list(
        scoped.filter(Q(name__contains=query) | Q(uscc__contains=query.upper())).order_by("uscc")[
            :limit
        ]
    )


def opening_year(organisation: Any, fallback: int) -> int:
    """The year the calculator opens on when none is asked for: the latest year the funds
    hold entitlements of the organisation for, where its 去申请 leads to a claim (a fund
    year pays the year before it, so last year's figures are often not claimable yet);
    ``fallback`` (last year) when the funds hold none."""
    from waibao.funds.models import FundEntitlement

    latest = FundEntitlement.objects.filter(organisation=organisation).aggregate(Max("year"))
    return latest["year__max"] or fallback


def calculator_years(organisation: Any) -> list[int]:
    """The years with facts for the organisation (reported figures or contract executions),
    offered as links so that nobody has to guess a year."""
    from waibao.registry.models import OrganisationYear
    from waibao.reporting.models import Execution

    reported = OrganisationYear.objects.filter(organisation=organisation).values_list(
        "year", flat=True
    )
    executed = (
        Execution.objects.filter(contract__organisation=organisation)
        .annotate(y=ExtractYear("execution_date"))
        .values_list("y", flat=True)
        .distinct()
    )
    return sorted(set(reported) | set(executed), reverse=True)


@dataclass(frozen=True)
class CalculatorRow:
    clause: str
    title: str  # 国际展会支持 · 粤府〔2012〕88号（十二）: shown first, the id second
    kind: str
    kind_label: str
    applies: bool
    amount: str | None
    minimum: str | None
    discretionary: bool
    citation: str
    explanation: str
    reason: str | None
    rule: str
    clause_text: str
    parameters: list[dict[str, Any]]
    facts: dict[str, Any]
    apply_url: str | None


def calculator_rows(
    organisation: Any, year: int, *, claims: bool = True, language: str = "zh-hans"
) -> list[CalculatorRow]:
    """Every clause of the organisation's jurisdiction for ``year``: those that apply first
    (with amount, floor, discretion, explanation and clause text), then those that do not,
    each with the reason. Facts come from the database exactly as for the funds import.
    ``claims=False`` leaves out where to claim each row (``apply_url``: the JSON API has no use
    for it), and with it a query. ``language`` (``zh-hans`` or ``en``): the language of the
    titles, explanations and reasons."""
    from waibao.entitlements import entitlements_for_year
    from waibao.funds.models import FundEntitlement
    from waibao.rules.language import normalise

    language = normalise(language)
    # Cached under the data version: the facts are read from the tables it tracks.
    rows = cached_figure(
        "calculator",
        [organisation.uscc, year, language],
        lambda: entitlements_for_year(
            year, uscc=organisation.uscc, include_all=True, explain=True, language=language
        ),
    )
    if not rows:
        return []
    claimed = (
        {
            e.clause: e
            for e in FundEntitlement.objects.filter(
                organisation=organisation, year=year
            ).select_related("application")
        }
        if claims
        else {}
    )
    result = []
    for row in rows:
        applies = bool(row.get("applies", True))
        apply_url = _apply_url(claimed.get(row["clause"])) if applies and claims else None
        result.append(calculator_row(row, apply_url=apply_url, language=language))
    result.sort(key=lambda r: (not r.applies, r.clause))
    return result


def calculator_row(
    row: dict[str, Any], *, apply_url: str | None = None, language: str = "zh-hans"
) -> CalculatorRow:
    """One explained entitlement row of the rules engine as the calculator shows it (the
    signed-in calculator and the public one, ``waibao.readmodel.public_calculator``)."""
    from waibao.rules import clause as find_clause

    found = find_clause(row["clause"])
    return CalculatorRow(
        clause=row["clause"],
        title=found.title(language),
        kind=row["kind"],
        kind_label=str(KIND_LABELS.get(row["kind"], row["kind"])),
        applies=bool(row.get("applies", True)),
        amount=row.get("amount_cny"),
        minimum=row.get("min_cny"),
        discretionary=bool(row.get("discretionary")),
        citation=row["citation"],
        explanation=row.get("explanation") or "",
        reason=row.get("reason"),
        rule=found.rule_in(language) if row.get("rule") else "",
        clause_text=row.get("clause_text", ""),
        parameters=list(row.get("parameters", [])),
        facts=dict(row.get("facts", {})),
        apply_url=apply_url,
    )


def _apply_url(entitlement: Any | None) -> str | None:
    """Where to claim a row in the funds app: its application once there is one, else the
    funds page listing what may be claimed (the claim itself is a POST there)."""
    if entitlement is None:
        return None
    application = getattr(entitlement, "application", None)
    if application is not None:
        return reverse("funds:application", args=[application.pk])
    return reverse("funds:home")
