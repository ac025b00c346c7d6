"""The demo's training and talent pool, through ``waibao.talent``: per jurisdiction the demo
enterprise runs a course (customised, 定制培训) and, where the area has one, a training
institution a 千百十 course; each roster is imported the way an institution uploads it
(``roster_import``: checked, all or nothing, logged), with exams passed and failed and
trainees hired; half of the trainees consent to the talent pool, and the demo enterprise is
granted pool search.

Every person is made up, and marked as such: the name ends in ``(演示)``, and the ID number's
sequence digits are ``99x`` (a real 居民身份证号's check digit, so the importer accepts it, on
a birth date and district that exist). The courses end in 2026, outside the demo's statistics
years (2019-2025), so syncing the rosters into ``registry.Training`` leaves the facts of
those years, and so the funds year, as they were.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from pathlib import Path
from typing import Any

from waibao.demo.year_cast import Cast
from waibao.spreadsheets import csv_dict_writer

TRAINEES = 8  # per course
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ("伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "婷", "强", "慧", "晨")
SKILLS = (["Java", "微服务"], ["数据标注", "Python"], ["日语", "呼叫中心"], ["财务共享", "SAP"])
COURSE_START, COURSE_END = dt.date(2026, 3, 2), dt.date(2026, 6, 30)


def demo_id_number(places: tuple[str, ...], born: dt.date, serial: int) -> str:
    """A 居民身份证号 that passes the check digit, marked as made up: sequence ``99x``; born
    in the first of ``places`` that existed that year (a district made since is skipped)."""
    from stdnum.cn import ric

    from waibao.talent.identity import IdentityError, clean_id_number

    for place in places:
        body = f"{place}{born:%Y%m%d}99{serial % 10}"
        number = body + ric.calc_check_digit(body + "0")  # it reads the first 17 of 18
        try:
            return clean_id_number(number)
        except IdentityError:
            continue
    raise ValueError(f"no birth place of {places} existed in {born.year}")


def talent_make(cast: Cast, rng: random.Random) -> dict[str, int]:
    from waibao.talent import services

    own = cast.enterprise.waibao_profile.organisation
    providers = [(own, "企业定制培训", False, True)]
    institution = cast.organisations(kind="training_institution").first()
    if institution is not None:
        providers.append((institution, "服务外包千百十人才培训", True, False))
    courses = []
    for provider, name, qianbaishi, customised in providers:
        code = f"DEMO-{cast.jurisdiction.upper()}-{len(courses) + 1}"
        courses.append(
            services.course_create(
                provider=provider,
                code=code,
                name=f"{name}(演示)",
                qianbaishi=qianbaishi,
                customised=customised,
                fee_fen=300_000,
                starts_on=COURSE_START,
                ends_on=COURSE_END,
            )
        )
    people = _roster(cast, courses, own, rng)
    pooled = 0
    for index, (id_number, _name) in enumerate(people):
        if index % 2:
            continue
        person = services.person_find(id_number)
        services.consent_give(
            person=person,
            profile=services.PoolProfile(
                skills=SKILLS[index % len(SKILLS)],
                languages=["中文", "英语"],
                certifications=["服务外包从业人员资格(演示)"],
                availability="available" if index % 4 == 0 else "open",
                region_code=own.region_id,
            ),
            channel="web",
            today=dt.date(2026, 7, 1),
        )
        pooled += 1
    services.pool_grant(organisation=own, user=cast.maker)
    return {"courses": len(courses), "trainees": len(people), "pool": pooled}


def _roster(cast: Cast, courses: list[Any], hirer: Any, rng: random.Random) -> list[Any]:
    """Write the courses' roster as a CSV (docs/formats/roster.md) and import it."""
    from waibao.talent.roster import COLUMNS, roster_import

    places = (hirer.region_id, cast.region, "110101")
    rows, people = [], []
    for number, course in enumerate(courses):
        for k in range(TRAINEES):
            serial = number * TRAINEES + k
            born = dt.date(1996 + rng.randrange(8), 1 + rng.randrange(12), 1 + serial)  # unique
            id_number = demo_id_number(places, born, serial)
            name = f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}(演示)"
            passed = k % 4 != 3
            hired = passed and k % 2 == 0
            rows.append(
                {
                    "provider_uscc": course.provider.uscc,
                    "course_code": course.code,
                    "id_number": id_number,
                    "name": name,
                    "enrolled_on": COURSE_START.isoformat(),
                    "fee_paid_cny": "3000.00",
                    "phone": f"1390000{serial:04d}",
                    "graduation_date": dt.date(2025, 7, 1).isoformat() if k % 3 else "",
                    "completed_on": COURSE_END.isoformat(),
                    "final_exam": "合格" if passed else "不合格",
                    "qualification_exam": "合格" if passed and k % 3 else "",
                    "certificate_no": f"DEMO{serial:06d}" if passed else "",
                    "hired_by_uscc": hirer.uscc if hired else "",
                    "hired_on": dt.date(2026, 7, 15).isoformat() if hired else "",
                }
            )
            people.append((id_number, name))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"roster-{cast.jurisdiction}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv_dict_writer(handle, list(COLUMNS), extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        roster_import(path, display_name=path.name, user=cast.maker)
    return people
