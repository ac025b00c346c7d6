"""The plan data files against the seed texts: every phrase verbatim, every Datong task and unit."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from django.utils import translation

from waibao.plans.loading import PlanDataError, _validate, plan_data_read, plan_jurisdictions
from waibao.plans.models import Assignment, Body, Stage, Task, Unit

SEEDS = Path(__file__).parent / "seeds"
SHARED_SEEDS = Path("/work/shared/seeds")


def _phrases(node, where="$"):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("source_phrase", "assignment_phrase", "members_description") and value:
                yield f"{where}.{key}", value
            else:
                yield from _phrases(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _phrases(value, f"{where}[{index}]")


@pytest.mark.parametrize("jurisdiction", plan_jurisdictions())
def test_every_phrase_of_the_plan_data_is_verbatim_in_its_seed_file(jurisdiction):
    data = plan_data_read(jurisdiction)
    seed = (SEEDS / data["document"]["seed_file"]).read_text(encoding="utf-8")
    phrases = list(_phrases(data))
    assert len(phrases) >= 5
    missing = [(where, phrase) for where, phrase in phrases if phrase not in seed]
    assert missing == []


@pytest.mark.parametrize("jurisdiction", plan_jurisdictions())
def test_every_task_has_a_clause_a_title_a_phrase_and_a_unit(jurisdiction):
    for task in plan_data_read(jurisdiction)["tasks"]:
        assert task["clause_ref"] and task["title"] and task["source_phrase"], task["key"]
        assert task.get("lead") or task.get("responsible"), task["key"]


def test_the_seed_copies_are_the_shared_seeds():
    if not SHARED_SEEDS.exists():
        pytest.skip("no shared seed directory on this machine")
    for copy in SEEDS.glob("*.txt"):
        assert copy.read_bytes() == (SHARED_SEEDS / copy.name).read_bytes(), copy.name


def test_the_hangzhou_phrases_stay_in_traditional_characters():
    data = plan_data_read("hangzhou")
    office = next(b for b in data["bodies"] if b["code"] == "office")
    assert office["source_phrase"] == "領導小組下設辦公室,辦公室設在市外經貿局"


def _datong_assignment_lines():
    text = (SEEDS / "004_8fc9245e4c94aa29.txt").read_text(encoding="utf-8")
    found = {}
    for line in text.splitlines():
        number = re.match(r"^(\d+)\.", line)
        safeguard = re.match(r"^\((一|二|三|四|五)\)", line)
        split = re.search(r"\(((?:牵头单位|责任单位):.*)\)$", line)
        if (number or safeguard) and split:
            ref = f"{number.group(1)}." if number else f"保障措施({safeguard.group(1)})"
            found[ref] = split.group(1)
    return found


def _split(phrase):
    lead, responsible = [], []
    for part in phrase.split(";"):
        label, _, names = part.partition(":")
        units = [name for name in re.split("[、,]", names) if name]
        (lead if label == "牵头单位" else responsible).extend(units)
    return lead, responsible


def test_datong_has_tasks_1_to_19_and_safeguards_1_to_5_split_exactly_as_the_text():
    tasks = {t["clause_ref"]: t for t in plan_data_read("datong")["tasks"]}
    expected = [f"{n}." for n in range(1, 20)] + [f"保障措施({c})" for c in "一二三四五"]
    assert sorted(tasks) == sorted(expected)
    in_text = _datong_assignment_lines()
    assert sorted(in_text) == sorted(expected)
    for ref, phrase in in_text.items():
        assert tasks[ref]["assignment_phrase"] == phrase, ref
        assert (tasks[ref]["lead"], tasks[ref]["responsible"]) == _split(phrase), ref
        assert tasks[ref]["responsible"], ref


def test_datong_task_9_has_three_leads_and_the_collective_among_its_responsible_units():
    task = next(t for t in plan_data_read("datong")["tasks"] if t["clause_ref"] == "9.")
    assert task["lead"] == ["市金融办", "人行大同市中心支行", "大同银保监分局"]
    assert task["responsible"] == [
        "市发改委",
        "市财政局",
        "市商务局",
        "各县(区)人民政府和大同经开区管委会",
    ]


def test_a_task_naming_an_unknown_unit_is_refused_with_its_file_and_key(tmp_path):
    data = plan_data_read("datong")
    data["tasks"][0]["lead"] = ["市不存在局"]
    with translation.override("zh-hans"), pytest.raises(PlanDataError) as error:
        _validate(tmp_path / "datong.yaml", data)
    assert "tasks[0] datong.1: 牵头单位“市不存在局”不在本方案的单位名单中" in str(error.value)


@pytest.mark.django_db
def test_loading_datong_creates_every_task_with_a_responsible_unit(datong):
    tasks = Task.objects.filter(jurisdiction="datong")
    assert tasks.count() == 24
    for number in range(1, 20):
        task = tasks.get(key=f"datong.{number}")
        assert task.assignments.filter(role="responsible").exists(), task.key
    assert (
        tasks.get(key="datong.safeguard.1")
        .assignments.filter(role="lead")
        .get(via__isnull=True)
        .unit.name
        == "市委组织部"
    )


@pytest.mark.django_db
def test_loading_datong_creates_every_named_unit_and_the_eleven_county_level_units(datong):
    names = set(Unit.objects.filter(jurisdiction="datong").values_list("name", flat=True))
    named_in_text = set()
    for task in plan_data_read("datong")["tasks"]:
        named_in_text.update(task["lead"], task["responsible"])
    assert named_in_text <= names
    collective = Unit.objects.get(jurisdiction="datong", name="各县(区)人民政府和大同经开区管委会")
    assert collective.kind == "collective"
    assert collective.members.count() == 11
    assert collective.members.filter(name="大同经开区管委会").exists()


@pytest.mark.django_db
def test_a_collective_responsible_unit_is_expanded_to_each_county(datong):
    task = Task.objects.get(key="datong.4")
    expanded = task.assignments.filter(role="responsible", via__name__startswith="各县")
    assert expanded.count() == 11
    assert set(
        task.assignments.filter(role="lead", via__isnull=True).values_list("unit__name", flat=True)
    ) == {"市财政局", "市商务局"}


@pytest.mark.django_db
def test_a_county_that_leads_a_task_is_not_also_made_responsible_for_it(datong):
    task = Task.objects.get(key="datong.17")
    pingcheng = Unit.objects.get(jurisdiction="datong", code="pingcheng")
    assert list(task.assignments.filter(unit=pingcheng).values_list("role", flat=True)) == ["lead"]


@pytest.mark.django_db
def test_the_datong_leading_group_is_marked_incomplete_and_its_office_sits_in_the_digital_centre(
    datong,
):
    group = Body.objects.get(jurisdiction="datong", kind="leading_group")
    assert group.members_complete is False
    assert "缺失" in group.members_note
    assert group.members.count() == 17
    office = Body.objects.get(jurisdiction="datong", kind="office")
    assert office.host_unit.name == "市数字政府服务中心"
    assert office.director == "韩杰"
    assert office.parent == group
    cadences = {(c.meeting_kind, c.period) for c in group.cadences.all()}
    assert cadences == {("member", "quarter"), ("thematic", "month")}


@pytest.mark.django_db
def test_datong_has_three_stages_with_assumed_dates_ending_in_2026(datong):
    stages = list(Stage.objects.filter(jurisdiction="datong").order_by("number"))
    assert [s.number for s in stages] == [1, 2, 3]
    assert all(s.dates_assumed and s.assumption for s in stages)
    assert stages[-1].ends.year == 2026
    assert stages[0].milestones.filter(title="完成服务外包示范城市申报工作").exists()
    assert all(a.ends < b.starts for a, b in itertools.pairwise(stages))


@pytest.mark.django_db
def test_the_five_year_plans_span_their_periods_with_requirements(all_loaded):
    eleventh = Stage.objects.get(jurisdiction="guangzhou", kind="five_year_plan")
    assert (eleventh.starts.isoformat(), eleventh.ends.isoformat()) == ("2006-01-01", "2010-12-31")
    assert len(eleventh.requirements) == 6
    twelfth = Stage.objects.get(jurisdiction="guangdong", kind="five_year_plan")
    assert (twelfth.starts.year, twelfth.ends.year) == (2011, 2015)
    assert any("十二五" in r["title"] for r in twelfth.requirements)


@pytest.mark.django_db
def test_every_jurisdiction_has_its_body_and_office_host(all_loaded):
    hosts = {
        b.jurisdiction: b.host_unit.name
        for b in Body.objects.filter(kind__in=["office", "coordination"])
    }
    assert hosts == {
        "guangzhou": "市外经贸局",
        "guangdong": "省外经贸厅",
        "hangzhou": "市外經貿局",
        "wenzhou": "市商务局",
        "datong": "市数字政府服务中心",
    }
    assert Body.objects.get(jurisdiction="wenzhou", kind="leading_group").members.count() == 14
    assert Body.objects.get(jurisdiction="hangzhou", kind="leading_group").members.count() == 11


@pytest.mark.django_db
def test_reloading_keeps_what_units_recorded(datong):
    assignment = Assignment.objects.filter(task__key="datong.4").first()
    assignment.done_on = "2024-05-01"
    assignment.save()
    from waibao.plans.loading import plan_load

    plan_load(jurisdiction="datong")
    assignment.refresh_from_db()
    assert str(assignment.done_on) == "2024-05-01"
    assert Task.objects.filter(jurisdiction="datong").count() == 24
