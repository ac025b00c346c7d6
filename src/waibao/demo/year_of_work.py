"""A year of the bureau's work besides the money path (issue 23): recognitions and their
published lists, credit events, training courses with rosters and exams, a consented talent
pool, announcements in draft, review and published, an open-data release, and the 督办
plan tasks with a report, a meeting and overdue items, in each of the five jurisdictions.

Everything is made through the apps' own services (``waibao.demo.recognitions``,
``talent_year``, ``notices``, ``plans_year``), so the audit trails and access logs are what
a real year leaves. Deterministic for a seed (the made-up trainees are drawn from it);
idempotent: nothing is done when the database already holds a course. It runs after the
money path, in one transaction, and takes a few seconds on the default data set.

The published lists (key enterprises, top ten) and the open-data release are slower (they
rate every organisation on a year's facts, write the release's files): they are
``demo_lists_ensure``, which ``waibao demo`` runs after ``就绪``, in the background while the
server already answers (docs/decisions/0032); no first page needs them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class YearResult:
    existing: bool = False
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, found: dict[str, int]) -> None:
        for name, value in found.items():
            self.counts[name] = self.counts.get(name, 0) + value


def demo_year_of_work_ensure(*, seed: int = 2025) -> YearResult:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from waibao.demo import notices, plans_year, recognitions, talent_year
    from waibao.demo.year_cast import casts
    from waibao.talent.models import Course

    result = YearResult()
    if Course.objects.exists():
        result.existing = True
        return result
    rng = random.Random(f"{seed}/year-of-work")  # noqa: S311  # nosec B311  # demo data, not secrets
    with transaction.atomic():
        result.add({"plan_tasks": plans_year.plans_load()})
        leader = get_user_model().objects.get(username="lingdao")
        cast_list = casts()
        for cast in cast_list:
            result.add(recognitions.recognitions_make(cast))
            result.add(talent_year.talent_make(cast, rng))
            result.add({"announcements": notices.notices_make(cast)})
            result.add({f"plans_{k}": v for k, v in plans_year.plans_make(cast, leader).items()})
    return result


def demo_lists_ensure() -> YearResult:
    """The key enterprises and top ten of each jurisdiction, and the open-data release;
    idempotent (nothing when a list is already published)."""
    from django.db import transaction

    from waibao.demo import notices, recognitions
    from waibao.demo.year_cast import casts
    from waibao.evaluation.models import Publication

    result = YearResult()
    if Publication.objects.exists():
        result.existing = True
        return result
    cast_list = casts()
    with transaction.atomic():
        for cast in cast_list:
            result.add({"lists": recognitions.lists_publish(cast)})
    # apart from the lists: files of an earlier database may already sit in the data
    # directory, and a published version is never overwritten (then there is no release)
    if notices.data_release_make(cast_list[0].maker) is not None:
        result.add({"data_releases": 1})
    return result
