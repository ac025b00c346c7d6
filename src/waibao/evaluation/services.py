"""Writes: recognition applications and decisions (which keep ``registry.Recognition`` in
step, so a title becomes a fact of the rules engine), credit events (which keep
``registry.Violation`` in step), and publishing the top ten."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waibao import bounds
from waibao.audit.services import audit_record
from waibao.evaluation import programmes, scoring, selectors
from waibao.evaluation.method_terms import indicator_label, method_check
from waibao.evaluation.models import (
    CreditEvent,
    Publication,
    RatingMethod,
    RecognitionApplication,
    RecognitionReview,
)
from waibao.registry.models import Organisation, Recognition, Region, Violation

VIOLATION_KINDS = frozenset(Violation.Kind.values)


def _programme(code: str) -> programmes.Programme:
    try:
        return programmes.PROGRAMMES[code]
    except KeyError:
        raise ValidationError(f"unknown recognition programme {code!r}") from None


def _check_level(spec: programmes.Programme, level: str) -> None:
    if level not in spec.levels:
        raise ValidationError(
            f"{spec.code} recognises the levels {', '.join(spec.levels)}, not {level!r}"
        )


def city_recognition_apply(
    city: Region,
    programme: str,
    level: str,
    evidence: dict[str, Any],
    submitted_on: dt.date,
) -> RecognitionApplication:
    """A city applies for a city title (a province's 省级服务外包示范城市). The city's code goes
    into the evidence (``city_code``) so the 地级以上市 criterion is checked like the others."""
    spec = _programme(programme)
    if spec.applicant != "city":
        raise ValidationError(f"{programme} is applied for by an organisation, not a city")
    _check_level(spec, level)
    evidence = {**evidence, "city_code": city.code}
    return RecognitionApplication.objects.create(
        city=city,
        programme=programme,
        level=level,
        evidence=evidence,
        submitted_on=submitted_on,
        criteria=programmes.check_criteria(spec, evidence, submitted_on),
    )


def recognition_apply(
    organisation: Organisation,
    programme: str,
    level: str,
    evidence: dict[str, Any],
    submitted_on: dt.date,
) -> RecognitionApplication:
    spec = _programme(programme)
    if spec.applicant != "organisation":
        raise ValidationError(f"{programme} is applied for by a city, not an organisation")
    _check_level(spec, level)
    return RecognitionApplication.objects.create(
        organisation=organisation,
        programme=programme,
        level=level,
        evidence=evidence,
        submitted_on=submitted_on,
        criteria=programmes.check_criteria(spec, evidence, submitted_on),
    )


@transaction.atomic
def recognition_decide(
    application: RecognitionApplication, *, approve: bool, on: dt.date, note: str = ""
) -> RecognitionApplication:
    """Approve (every criterion met on ``on``) or reject. Approval creates the registry
    ``Recognition`` (valid from ``on`` for the programme's validity)."""
    if application.status != RecognitionApplication.Status.SUBMITTED:
        raise ValidationError(f"application {application.pk} is already {application.status}")
    spec = _programme(application.programme)
    application.criteria = programmes.check_criteria(spec, application.evidence, on)
    application.decided_on = on
    application.decision_note = note
    if not approve:
        application.status = RecognitionApplication.Status.REJECTED
        application.save()
        return application
    unmet = [c["text"] for c in application.criteria if c["met"] is not True]
    if unmet:
        raise ValidationError(["criteria not met or not known: " + "; ".join(unmet)])
    application.status = RecognitionApplication.Status.APPROVED
    application.valid_from = on
    application.valid_until = programmes.valid_until(spec, on)
    if application.organisation is None:  # a city's title: held by the application itself
        application.save()
        return application
    since = application.evidence.get("operating_since")
    operating_years = (
        programmes.full_years_between(dt.date.fromisoformat(str(since)), on) if since else None
    )
    park = application.organisation.park
    application.recognition = Recognition.objects.create(
        organisation=application.organisation,
        kind=spec.kind,
        level=application.level,
        date=on,
        valid_until=application.valid_until,
        operating_years=operating_years,
        has_public_it_platform=park.has_public_it_platform if park is not None else None,
    )
    application.save()
    return application


@transaction.atomic
def recognition_revoke(
    application: RecognitionApplication, on: dt.date, note: str = ""
) -> RecognitionApplication:
    """Revoke an approved title from ``on``: the registry row gets ``revoked`` (the facts of
    a year drop a title revoked on or before that year's end)."""
    if application.status != RecognitionApplication.Status.APPROVED:
        raise ValidationError(f"application {application.pk} is {application.status}, not approved")
    application.status = RecognitionApplication.Status.REVOKED
    application.revoked_on = on
    application.decision_note = (application.decision_note + "\n" + note).strip()
    if application.recognition is not None:
        application.recognition.revoked = on
        application.recognition.save(update_fields=["revoked"])
    application.save()
    return application


@transaction.atomic
def recognition_review(
    application: RecognitionApplication, year: int, passed: bool, on: dt.date, note: str = ""
) -> RecognitionReview:
    """The yearly re-evaluation of a title that has one: passing renews it to the end of
    ``year + 1``; failing revokes it on ``on``."""
    spec = _programme(application.programme)
    if not spec.yearly_review:
        raise ValidationError(f"{spec.code} has no yearly re-evaluation")
    if application.status != RecognitionApplication.Status.APPROVED:
        raise ValidationError(f"application {application.pk} is {application.status}, not approved")
    review = RecognitionReview.objects.create(
        application=application, year=year, passed=passed, reviewed_on=on, note=note
    )
    if passed:
        application.valid_until = dt.date(year + 1, 12, 31)
        application.save(update_fields=["valid_until"])
        if application.recognition is not None:
            application.recognition.valid_until = application.valid_until
            application.recognition.save(update_fields=["valid_until"])
    else:
        recognition_revoke(application, on, note=f"yearly review {year} failed")
    return review


@transaction.atomic
def credit_event_record(
    organisation: Organisation, kind: str, severity: str, date: dt.date, note: str = ""
) -> CreditEvent:
    if kind not in CreditEvent.Kind.values:
        raise ValidationError(f"unknown credit event kind {kind!r}")
    if severity not in CreditEvent.Severity.values:
        raise ValidationError(f"unknown severity {severity!r}")
    violation = (
        Violation.objects.create(organisation=organisation, kind=kind, date=date)
        if kind in VIOLATION_KINDS
        else None
    )
    return CreditEvent.objects.create(
        organisation=organisation,
        kind=kind,
        severity=severity,
        date=date,
        note=note,
        violation=violation,
    )


@transaction.atomic
def credit_event_restore(event: CreditEvent, on: dt.date) -> CreditEvent:
    """The bureau restores eligibility from ``on`` (the Violation's ``restored``)."""
    if on < event.date:
        raise ValidationError("restoration cannot precede the event")
    event.restored = on
    event.save(update_fields=["restored"])
    if event.violation is not None:
        event.violation.restored = on
        event.violation.save(update_fields=["restored"])
    return event


PUBLICATION_TITLES = {
    "top_ten": "{year}年度{region}服务外包先进企业",
    "key_enterprise": "{year}年度{region}服务外包重点企业",
}


@transaction.atomic
def publication_publish(
    region: Region, year: int, on: dt.date, kind: str = "top_ten", count: int | None = None
) -> Publication:
    """Freeze the year's list (method, scores, explanations) into a public list: the top
    ten (cut at the method's size) or the key enterprises (cut at ``count``, if given)."""
    if kind not in PUBLICATION_TITLES:
        raise ValidationError(f"unknown list {kind!r}")
    method, ranked = selectors.rating_for(kind, region.code, year)
    if count is not None:
        ranked = ranked[:count]
    entries = [
        {"rank": s.rank, "uscc": s.candidate.key, "name": s.candidate.name}
        | {"explanation": s.explanation(method)}
        for s in ranked
    ]
    publication, _created = Publication.objects.update_or_create(
        kind=kind,
        region=region,
        year=year,
        defaults={
            "title": PUBLICATION_TITLES[kind].format(year=year, region=region.name),
            "method": selectors.method_as_dict(method),
            "entries": entries,
            "published_on": on,
        },
    )
    return publication


@transaction.atomic
def key_enterprises_designate(
    region: Region, year: int, count: int, level: str, on: dt.date
) -> Publication:
    """重点企业评定 / 重点培育 (the texts' key-enterprise provisions): publish the best
    ``count`` of the year's key-enterprise rating and give each a ``key_enterprise`` title (a
    registry ``Recognition`` dated ``on``, valid to the end of the next year), so the rules
    engine and the bureau's follow-up see it. Designating again on the same day updates those
    titles."""
    if count < 1:
        raise ValidationError("count must be at least 1")
    if level not in Recognition.Level.values:
        raise ValidationError(f"unknown level {level!r}")
    publication = publication_publish(region, year, on, kind="key_enterprise", count=count)
    organisations = Organisation.objects.in_bulk(
        [e["uscc"] for e in publication.entries], field_name="uscc"
    )
    for entry in publication.entries:
        Recognition.objects.update_or_create(
            organisation=organisations[entry["uscc"]],
            kind="key_enterprise",
            date=on,
            defaults={"level": level, "valid_until": dt.date(year + 1, 12, 31)},
        )
    return publication


def _ranking_lines(ranked: list[Any]) -> dict[str, dict[str, Any]]:
    return {
        s.candidate.key: {"rank": s.rank, "name": s.candidate.name, "score": s.score_display}
        for s in ranked
    }


def rating_method_explain(
    code: str, city: Region, year: int, before: Any, after: Any
) -> dict[str, Any]:
    """What a change of method does to the city's ranking of ``year``: the weights (and
    normalisation, size) before and after, and every enterprise's rank and score under
    both, the ones that moved first; for a list with a size, who enters and who leaves it."""
    old = selectors.ranking(code, city.code, year, before, cut=False)
    new = selectors.ranking(code, city.code, year, after, cut=False)
    old_lines, new_lines = _ranking_lines(old), _ranking_lines(new)
    moves = []
    for key, line in new_lines.items():
        was = old_lines.get(key, {})
        moves.append(
            {
                "uscc": key,
                "name": line["name"],
                "rank_before": was.get("rank"),
                "rank_after": line["rank"],
                "score_before": was.get("score"),
                "score_after": line["score"],
            }
        )
    moves.sort(key=lambda m: (m["rank_before"] == m["rank_after"], m["rank_after"]))
    indicators = sorted(set(before.weights) | set(after.weights))
    weights = [
        {
            "indicator": name,
            "before": before.weights.get(name, 0),
            "after": after.weights.get(name, 0),
        }
        for name in indicators
        if before.weights.get(name, 0) != after.weights.get(name, 0)
    ]
    change: dict[str, Any] = {
        "year": year,
        "before": selectors.method_as_dict(before),
        "after": selectors.method_as_dict(after),
        "weights_changed": weights,
        "moved": sum(1 for m in moves if m["rank_before"] != m["rank_after"]),
        "ranking": moves,
    }
    if after.size is not None or before.size is not None:
        top_before = {
            k for k, v in old_lines.items() if before.size is None or v["rank"] <= before.size
        }
        top_after = {
            k for k, v in new_lines.items() if after.size is None or v["rank"] <= after.size
        }
        change["enters_list"] = sorted(top_after - top_before)
        change["leaves_list"] = sorted(top_before - top_after)
    parts = [f"{w['indicator']} {w['before']}→{w['after']}" for w in weights]
    if before.normalisation != after.normalisation:
        parts.append(f"normalisation {before.normalisation}→{after.normalisation}")
    if before.size != after.size:
        parts.append(f"size {before.size}→{after.size}")
    change["summary"] = (
        f"{'; '.join(parts) or 'no change of weights'}: "
        f"{change['moved']} of {len(moves)} enterprises change rank in {year}"
    )
    return change


@transaction.atomic
def rating_method_change(
    actor: Any,
    city: Region,
    code: str,
    *,
    weights: dict[str, int],
    valid_from: dt.date,
    reason: str,
    normalisation: str = "min_max",
    size: int | None = None,
) -> RatingMethod:
    """A city administrator's new rating method for the city (key enterprises, the
    top ten): a new dated ``RatingMethod`` row, never an edit of an old one. The
    ranking of ``valid_from``'s year is recomputed under the method before and after, and the
    difference kept on the row (``change``) and in the audit record
    (``rating_method.change``)."""
    if code not in selectors.DEFAULT_METHODS:
        raise ValidationError(_("没有评价方法“%(code)s”") % {"code": code})
    if selectors.city_of(city.code) != city.code:
        raise ValidationError(_("%(region)s不是地级市") % {"region": city.name})
    if not reason.strip():
        raise ValidationError(_("修改评价方法须说明理由"))
    if normalisation not in scoring.NORMALISATIONS:
        raise ValidationError(_("没有标准化方法“%(value)s”") % {"value": normalisation})
    if size is not None and size < 1:
        raise ValidationError(_("名额至少为 1"))
    bounded = [
        None
        if bounds.day_problem(valid_from) is None
        else _("启用日期 %(day)s 不在 %(first)s 至 %(last)s 之间")
        % {"day": valid_from, "first": bounds.FIRST_DAY, "last": bounds.LAST_DAY},
        None
        if size is None or size <= bounds.MAX_COUNT
        else _("名额 %(size)s 超过上限 %(most)s") % {"size": size, "most": f"{bounds.MAX_COUNT:,}"},
        *(
            _("%(indicator)s的权重 %(weight)s 超过上限 %(most)s")
            % {"indicator": indicator_label(name), "weight": weight, "most": bounds.WEIGHT_MAX}
            for name, weight in weights.items()
            if weight > bounds.WEIGHT_MAX  # negative ones: method_check says why
        ),
    ]  # waibao.bounds, as the API's types (issue 17 item 6): the form comes through here
    if any(bounded):
        raise ValidationError([problem for problem in bounded if problem])
    weights = {name: weight for name, weight in weights.items() if weight != 0}
    default = selectors.DEFAULT_METHODS[code]
    problems = method_check(weights, list(default.tie_break))
    if not weights:
        problems.append(_("至少一个指标的权重须大于 0"))
    if problems:
        raise ValidationError(problems)
    year = valid_from.year
    before = selectors.method_in_force(code, dt.date(year, 12, 31), city.code)
    previous = selectors.method_row_in_force(code, dt.date(year, 12, 31), city.code)
    count = RatingMethod.objects.filter(code=code, city=city).count()
    row = RatingMethod.objects.create(
        code=code,
        city=city,
        version=f"{city.code}.{valid_from:%Y%m%d}.{count + 1}",
        valid_from=valid_from,
        weights=weights,
        normalisation=normalisation,
        size=size if size is not None else default.size,
        tie_break=list(default.tie_break),
        note=reason.strip(),
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
        changed_at=timezone.now(),
    )
    after = selectors.method_from_row(code, row)
    row.change = rating_method_explain(code, city, year, before, after)
    row.save(update_fields=["change"])
    audit_record(
        actor=actor,
        action="rating_method.change",
        obj=row,
        from_state=previous.version if previous is not None else before.version,
        to_state=row.version,
        reason=row.note,
        payload={
            "code": code,
            "city": city.code,
            "valid_from": valid_from.isoformat(),
            "before": row.change["before"],
            "after": row.change["after"],
            "summary": row.change["summary"],
        },
    )
    return row
