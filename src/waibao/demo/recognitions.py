"""The demo's recognitions (认定) and credit events, through ``waibao.evaluation.services``:
per jurisdiction the year's key enterprises designated and the top ten published (both
frozen with their method and explanations), its programmes' titles (demonstration parks and
platforms, training institutions, demonstration enterprises: one approved, one submitted and
waiting where there is a second applicant), and credit events (a commendation for the demo
enterprise, a late report restored, a serious false statement)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from waibao.demo.year_cast import Cast

YEAR = 2024
PUBLISHED_ON = dt.date(2025, 3, 31)  # the lists of a year come out the next spring
DECIDED_ON = dt.date(2025, 4, 30)
KEY_ENTERPRISES = 5
# The registry kind of organisation that applies for a programme of each title kind.
APPLICANT_KIND = {
    "demonstration_park": "park",
    "public_platform": "platform",
    "training_institution": "training_institution",
    "demonstration_enterprise": "enterprise",
}


def recognitions_make(cast: Cast) -> dict[str, int]:
    """The quick part: programme titles and credit events."""
    return {"programmes": _programmes(cast), "credit_events": _credit(cast)}


def lists_publish(cast: Cast) -> int:
    """The slow part (each list rates every organisation of the area on the year's facts,
    about a second each): the key enterprises designated and the top ten published. The
    demo command runs it after ``就绪``, in the background with the server."""
    from waibao.evaluation import services
    from waibao.registry.models import Region

    region = Region.objects.get(code=cast.region)
    level = "municipal" if len(cast.prefix) == 4 else "provincial"
    services.key_enterprises_designate(region, YEAR, KEY_ENTERPRISES, level, PUBLISHED_ON)
    services.publication_publish(region, YEAR, PUBLISHED_ON, kind="top_ten")
    return 2


def _programmes(cast: Cast) -> int:
    """For each organisation programme of the jurisdiction's text: the first applicant of
    the right kind approved (every criterion met), the second left submitted."""
    from waibao.evaluation import programmes, services

    made = 0
    for spec in sorted(programmes.PROGRAMMES.values(), key=lambda p: p.code):
        if not spec.code.startswith(f"{cast.jurisdiction}.") or spec.applicant != "organisation":
            continue
        kind = APPLICANT_KIND.get(spec.kind)
        applicants = list(cast.organisations(kind=kind)[:2]) if kind else []
        for position, organisation in enumerate(applicants):
            evidence: dict[str, Any] = {c.code: True for c in spec.criteria}
            evidence["operating_since"] = "2019-01-01"
            application = services.recognition_apply(
                organisation, spec.code, spec.levels[-1], evidence, dt.date(2025, 2, 10 + position)
            )
            if position == 0:
                services.recognition_decide(
                    application, approve=True, on=DECIDED_ON, note="演示：经评审认定"
                )
            made += 1
    return made


def _credit(cast: Cast) -> int:
    from waibao.evaluation import services

    own = cast.enterprise.waibao_profile.organisation
    others = list(cast.organisations(kind="enterprise").exclude(pk=own.pk)[:2])
    services.credit_event_record(
        own, "commendation", "minor", dt.date(2024, 12, 20), "演示：年度服务外包先进企业表彰"
    )
    events = 1
    if others:
        late = services.credit_event_record(
            others[0], "late_reporting", "minor", dt.date(2024, 4, 20), "演示：一季度统计迟报"
        )
        services.credit_event_restore(late, dt.date(2024, 10, 20))
        events += 1
    if len(others) > 1:
        services.credit_event_record(
            others[1], "false_statement", "serious", dt.date(2024, 9, 5), "演示：申报材料不实"
        )
        events += 1
    return events
