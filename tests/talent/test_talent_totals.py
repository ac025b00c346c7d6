"""Talent totals by year and district, and the Guangzhou / Guangdong targets they feed."""

from __future__ import annotations

from pathlib import Path

import pytest
from talent_support import roster_row, write_roster

from waibao.registry.models import Organisation
from waibao.talent.roster import roster_import
from waibao.talent.selectors import talent_totals
from waibao.talent.services import course_create
from waibao.talent.targets import talent_target_progress, talent_targets

SEEDS = Path("/work/shared/seeds")


@pytest.mark.django_db
def test_totals_count_trained_by_provider_district_and_employed_by_employer_district(
    tmp_path, institution, enterprise, other_enterprise, courses
):
    rows = [
        # trained in Xihu 2012, hired in Tianhe (Guangzhou) 2012: a graduate
        roster_row(
            institution,
            "QBS-01",
            1,
            graduation_date="2012-06-30",
            completed_on="2012-08-01",
            hired_by_uscc=other_enterprise.uscc,
            hired_on="2012-09-01",
        ),
        # trained in Xihu 2012, hired in Binjiang 2013: not a graduate
        roster_row(
            institution,
            "GEN-01",
            2,
            completed_on="2012-12-31",
            hired_by_uscc=enterprise.uscc,
            hired_on="2013-01-01",
        ),
        # completes 2013-01-01
        roster_row(institution, "GEN-01", 3, completed_on="2013-01-01"),
    ]
    roster_import(write_roster(tmp_path / "r.csv", rows))

    assert talent_totals(2012) == {
        "year": 2012,
        "region_prefix": None,
        "trained": 2,
        "employed": 1,
        "graduates_employed": 1,
        "by_region": {
            "330106": {"trained": 2, "employed": 0, "graduates_employed": 0},
            "440106": {"trained": 0, "employed": 1, "graduates_employed": 1},
        },
    }
    assert talent_totals(2012, "44")["employed"] == 1
    assert talent_totals(2012, "44")["trained"] == 0
    assert talent_totals(2013, "3301")["trained"] == 1
    assert talent_totals(2013, "330108")["employed"] == 1


@pytest.mark.django_db
def test_guangdong_progress_sums_its_years_2011_to_2015(tmp_path, regions, other_enterprise):
    provider = Organisation.objects.create(
        uscc="91440100MA00000019",
        name="广州培训中心",
        kind="training_institution",
        region=regions["tianhe"],
    )
    course_create(provider=provider, code="GZ-1", name="BPO")
    rows = [
        roster_row(provider, "GZ-1", n, completed_on=f"{year}-06-30")
        for n, year in enumerate([2010, 2011, 2015, 2016], start=1)
    ]
    roster_import(write_roster(tmp_path / "r.csv", rows))

    progress = talent_target_progress("guangdong.1.targets.trained")

    assert progress["value"] == 400000
    assert progress["achieved"] == 2
    assert progress["years"] == {2011: 1, 2012: 0, 2013: 0, 2014: 0, 2015: 1}


def test_every_talent_target_cites_a_verbatim_phrase_of_its_seed_text():
    seeds = {
        "guangzhou": (SEEDS / "000_11f867619a56dbe1.txt"),
        "guangdong": (SEEDS / "001_86fe99dad1905b53.txt"),
    }
    if not all(path.exists() for path in seeds.values()):
        pytest.skip("seed texts not on this machine")
    targets = talent_targets()
    assert {t["metric"] for t in targets} == {"trained", "employed", "graduates_employed"}
    for target in targets:
        text = seeds[target["clause"].split(".")[0]].read_text(encoding="utf-8")
        assert target["source_phrase"] in text, target["id"]
    assert [t["value"] for t in targets] == [60000, 400000, 600000, 300000]
