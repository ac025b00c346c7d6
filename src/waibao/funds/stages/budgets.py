"""Stage 1, budgets: the seed texts' funds and their yearly lines, appropriations (money put
on a line, one ledger row each), a fund continued past its text's last year (续设), and the
bureau's fund and clause settings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waibao import bounds
from waibao.funds import access, budgets, selectors, wording
from waibao.funds.errors import FundsError, InvalidAmount, InvalidTransition
from waibao.funds.models import BudgetLine, Fund, FundClause, LedgerEntry
from waibao.funds.stages import common
from waibao.funds.stages.common import fen_text
from waibao.money import yuan


def funds_preload(
    *, years: Iterable[int] = (), actor: Any = None, amounts: Mapping[str, int] | None = None
) -> list[Fund]:
    """Create the policy texts' funds (``budgets.fund_specs()``, the folders' ``funds.yaml``)
    and, for each year given that a fund covers, its budget lines, with an appropriation for
    every amount the text states. ``amounts`` (fund code -> fen a year) is the bureau's yearly
    amount for a fund whose text names none (its ``funds.yaml`` line has no ``yuan``):
    appropriated on the fund's first line, and recorded as the bureau's, not the text's.
    Idempotent: what exists is left alone."""
    amounts = dict(amounts or {})
    specs = budgets.fund_specs()
    unknown = sorted(set(amounts) - {spec.code for spec in specs})
    if unknown:
        raise FundsError(_("没有专项资金 %(codes)s") % {"codes": wording.listed(unknown)})
    funds = []
    with transaction.atomic():
        for spec in specs:
            fund, created = Fund.objects.get_or_create(
                code=spec.code,
                defaults={
                    "name": spec.name,
                    "jurisdiction": spec.jurisdiction,
                    "city_code": spec.city_code,
                    "clause": spec.clause,
                    "citation": spec.citation,
                    "note": spec.note,
                    "first_year": spec.first_year,
                    "last_year": spec.last_year,
                    "default_source": spec.lines[0].source,
                },
            )
            if created:
                common.audit(actor, "fund.create", fund, to_state="active", citation=spec.citation)
                for clause_spec in spec.clauses:
                    FundClause.objects.create(
                        fund=fund,
                        clause=clause_spec.clause,
                        payable=clause_spec.payable,
                        not_payable_reason=clause_spec.reason if not clause_spec.payable else "",
                        source=clause_spec.source,
                    )
            funds.append(fund)
            for year in years:
                if not common.fund_covers(fund, year):
                    continue
                for index, line_spec in enumerate(spec.lines):
                    bureau = amounts.get(spec.code) if index == 0 else None
                    _line_preload(fund, spec, line_spec, year, actor, bureau)
    return funds


def _line_preload(
    fund: Fund,
    spec: budgets.FundSpec,
    line_spec: budgets.LineSpec,
    year: int,
    actor: Any,
    bureau_fen: int | None = None,
) -> None:
    planned = yuan(line_spec.yuan) if line_spec.yuan is not None else None
    line, created = BudgetLine.objects.get_or_create(
        fund=fund,
        year=year,
        source=line_spec.source,
        defaults={
            "source_name": line_spec.source_name,
            "planned_fen": planned,
            "planned_is_minimum": line_spec.minimum,
            "clause": spec.clause,
            "citation": spec.citation,
        },
    )
    if not created:
        return
    common.audit(
        actor, "budget_line.create", line, planned=fen_text(planned), citation=spec.citation
    )
    if planned is not None:
        _appropriate(line, planned, actor, f"{spec.citation}：{line_spec.source_name}")
    elif bureau_fen is not None:
        if bureau_fen <= 0:
            raise InvalidAmount(_("专项资金的年度金额必须大于零"))
        _appropriate(
            line,
            bureau_fen,
            actor,
            f"主管部门安排 {year}年度（文件未规定金额；{spec.citation}）：{line_spec.source_name}",
        )


def _appropriate(line: BudgetLine, amount_fen: int, actor: Any, note: str) -> LedgerEntry:
    creator = actor if getattr(actor, "is_authenticated", False) else None
    entry = common.ledger_row(line, LedgerEntry.Kind.APPROPRIATION, amount_fen, creator, note)
    common.audit(actor, "ledger.appropriation", line, reason=note, amount=fen_text(amount_fen))
    return entry


def fund_continue(
    *, fund: Fund, year: int, actor: Any, reason: str, amount_fen: int | None = None
) -> list[BudgetLine]:
    """The bureau continues (续设) a fund whose text ends before ``year``, on the text's terms:
    the fund's last year becomes ``year``, and that year's budget lines are made as
    ``funds_preload`` makes them (the text's amounts appropriated, one ledger row each;
    ``amount_fen``, the bureau's yearly amount, on the first line where the text names none),
    so the ledger balances from the first row. The years in between become covered too but
    get no lines: a year is budgeted on purpose, by this or ``budget_line_create``.

    A bureau decision, not the text's: the permission table's ``CONTINUE_FUND`` (the fund's
    own city administrator), a reason required, recorded as ``fund.continue`` with the last
    year before and after. Refused: a fund without an end year (it covers every year
    already), a year it covers or has lines in (a year that exists), a year after next year
    (budgets are made a year ahead at most), a fund the policy texts do not set up.
    """
    access.require_may_continue(actor, fund)
    if not reason.strip():
        raise FundsError(_("续设专项资金须填写续设依据"), field="reason")
    if amount_fen is not None and amount_fen <= 0:
        raise InvalidAmount(_("专项资金的年度金额必须大于零"))
    latest = timezone.localdate().year + 1
    if year > latest:
        raise FundsError(
            _("专项资金最多提前一年续设：%(year)s 年晚于 %(latest)s 年")
            % {"year": year, "latest": latest}
        )
    spec = next((s for s in budgets.fund_specs() if s.code == fund.code), None)
    if spec is None:
        raise FundsError(_("%(code)s 不是政策文件设立的专项资金") % {"code": fund.code})
    if amount_fen is not None and spec.lines[0].yuan is not None:
        raise InvalidAmount(
            _("%(citation)s 已规定%(fund)s的年度金额：续设时不填金额，再以追加预算补足某一资金来源")
            % {"citation": spec.citation, "fund": fund.name}
        )
    with transaction.atomic():
        fund = Fund.objects.select_for_update().get(pk=fund.pk)
        before = fund.last_year
        if before is None:
            raise InvalidTransition(
                _("%(fund)s没有截止年度：已涵盖 %(year)s 年") % {"fund": fund.name, "year": year}
            )
        if year <= before or BudgetLine.objects.filter(fund=fund, year=year).exists():
            raise InvalidTransition(
                _("%(fund)s已涵盖 %(year)s 年（截止 %(last)s 年）")
                % {"fund": fund.name, "year": year, "last": before}
            )
        fund.last_year = year
        fund.save(update_fields=["last_year"])
        common.audit(
            actor,
            "fund.continue",
            fund,
            reason=reason.strip(),
            before={"last_year": str(before)},
            after={"last_year": str(year)},
            amount=fen_text(amount_fen),
        )
        for index, line_spec in enumerate(spec.lines):
            bureau = amount_fen if index == 0 else None
            _line_preload(fund, spec, line_spec, year, actor, bureau)
    return list(BudgetLine.objects.filter(fund=fund, year=year))


def budget_line_create(
    *, fund: Fund, year: int, source: str, source_name: str, actor: Any
) -> BudgetLine:
    """A line the texts do not name (a county's matching funds, say)."""
    access.require_city_admin_of(actor, fund)
    with transaction.atomic():
        line = BudgetLine(
            fund=fund,
            year=year,
            source=source,
            source_name=source_name,
            clause=fund.clause,
            citation=fund.citation,
        )
        common.validate(line)
        line.save()
        common.audit(actor, "budget_line.create", line, citation=fund.citation)
    return line


def budget_line_appropriate(
    *, line: BudgetLine, amount_fen: int, actor: Any, note: str = ""
) -> LedgerEntry:
    """Put money on a line (the yearly budget, or a top-up): one appropriation row."""
    access.require_city_admin_of(actor, line.fund)
    if amount_fen <= 0:
        raise InvalidAmount(_("拨入预算的金额必须大于零"), field="amount_fen")
    with transaction.atomic():
        BudgetLine.objects.select_for_update().get(pk=line.pk)
        return _appropriate(line, amount_fen, actor, note)


def _check_quantity(name: str, value: int) -> None:
    """A setting within ``waibao.bounds``, refused naming the setting by its label."""
    if bounds.quantity_problem(name, value):
        low, high = bounds.QUANTITIES[name]
        raise FundsError(
            _("%(field)s应在 %(low)s 至 %(high)s 之间，现为 %(value)s")
            % {"field": wording.field(name), "low": low, "high": f"{high:,}", "value": value},
            field=name,
        )


Days = int | None  # a period in days, or None: unchanged


def fund_configure(
    *,
    fund: Fund,
    actor: Any,
    allocation_method: str | None = None,
    publicity_days: Days = None,
    district_review_days: Days = None,
    city_review_days: Days = None,
) -> Fund:
    """The fund's allocation method and its periods; ``None`` leaves a setting as it is."""
    access.require_city_admin_of(actor, fund)
    changes = {
        "allocation_method": allocation_method,
        "publicity_days": publicity_days,
        "district_review_days": district_review_days,
        "city_review_days": city_review_days,
    }
    for name, value in changes.items():
        if isinstance(value, int):
            _check_quantity(name, value)
    with transaction.atomic():
        fund = Fund.objects.select_for_update().get(pk=fund.pk)
        before = {}
        for name, value in changes.items():
            if value is not None:
                before[name] = getattr(fund, name)
                setattr(fund, name, value)
        common.validate(fund)
        fund.save()
        common.audit(
            actor,
            "fund.configure",
            fund,
            before={k: str(v) for k, v in before.items()},
            after={k: str(v) for k, v in changes.items() if v is not None},
        )
    return fund


def fund_clause_configure(
    *,
    fund: Fund,
    clause: str,
    actor: Any,
    automatic: bool | None = None,
    priority: int | None = None,
    source: str | None = None,
    reviewer_cap_fen: int | None = None,
) -> FundClause:
    """Per-clause settings: 免申即享, allocation priority, paying source, reviewer cap."""
    access.require_city_admin_of(actor, fund)
    if not clause.startswith(f"{fund.jurisdiction}."):
        raise FundsError(
            _("%(clause)s 不是%(fund)s所依据政策的条款") % {"clause": clause, "fund": fund.name}
        )
    if clause not in {found.id for found in selectors.payable_clauses(fund)}:
        raise FundsError(
            _("%(fund)s所依据的政策没有可由资金支付的条款 %(clause)s（奖励或补贴）")
            % {"clause": clause, "fund": fund.name},
            field="clause",
        )
    with transaction.atomic():
        setting, _created = FundClause.objects.select_for_update().get_or_create(
            fund=fund, clause=clause
        )
        if automatic is not None:
            setting.automatic = automatic
        if priority is not None:
            _check_quantity("priority", priority)
            setting.priority = priority
        if source is not None:
            setting.source = source
        if reviewer_cap_fen is not None:
            if reviewer_cap_fen <= 0:
                raise InvalidAmount(_("审核金额上限必须大于零"), field="reviewer_cap_fen")
            setting.reviewer_cap_fen = reviewer_cap_fen
        common.validate(setting)
        setting.save()
        common.audit(
            actor,
            "fund_clause.configure",
            setting,
            clause=clause,
            automatic=setting.automatic,
            priority=setting.priority,
            source=setting.source,
            reviewer_cap=fen_text(setting.reviewer_cap_fen),
        )
    return setting
