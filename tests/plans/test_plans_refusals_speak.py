"""Every refusal of the plans app in the reader's language (issue 21): the loader's, the
meetings' and follow-up tasks', the units' and the settings', each in Chinese (no run of two
English words) and in English, and the API's in the language of ``Accept-Language``.

The loader keeps its position prefix (``file: tasks[0] key: reason``) as written in both
languages, so an editor still finds the line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from factories import office, unit
from plans_support import make_user

from english_words import english_runs
from waibao.plans.conf import plan_settings
from waibao.plans.loading import PlanDataError, _validate, plan_data_read
from waibao.plans.models import Decision, Meeting
from waibao.plans.selectors import unit_assessment
from waibao.plans.services import decision_to_task, meeting_record


def _chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def _refused_lines(change: Callable[[dict[str, Any]], None], language: str) -> list[str]:
    data = plan_data_read("datong")
    change(data)
    with translation.override(language), pytest.raises(PlanDataError) as error:
        _validate(Path("plan.yaml"), data)
    return error.value.lines


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target = data
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return change


def _duplicate_first_key(data: dict[str, Any]) -> None:
    data["tasks"][1]["key"] = data["tasks"][0]["key"]


# (change to the datong plan, the position prefix kept, Chinese words, English words)
LOADER_REFUSALS = [
    (_set(("tasks", 0, "lead"), ["市不存在局"]), "plan.yaml: tasks[0] datong.1: ",
     "牵头单位“市不存在局”不在本方案的单位名单中", 'The lead unit "市不存在局" is not among'),
    (_set(("tasks", 0, "responsible"), ["市不存在局"]), "plan.yaml: tasks[0] datong.1: ",
     "责任单位“市不存在局”", 'The responsible unit "市不存在局"'),
    (_set(("tasks", 0, "title"), ""), "plan.yaml: tasks[0] datong.1: ",
     "缺少任务名称（title）", "Task title (title) is missing"),
    (_set(("tasks", 0, "title"), "长" * 201), "plan.yaml: tasks[0] datong.1: ",
     "任务名称超过 200 个字", "The task title is longer than 200 characters"),
    (_duplicate_first_key, "plan.yaml: tasks[1] datong.1: ",
     "任务编号与前面的任务重复", "The task key repeats an earlier task's"),
    (lambda data: data["tasks"][0].update(lead=[], responsible=[]),
     "plan.yaml: tasks[0] datong.1: ", "既未写牵头单位，也未写责任单位",
     "Names neither a lead unit nor a responsible unit"),
    (_set(("tasks", 0, "body"), "nobody"), "plan.yaml: tasks[0] datong.1: ",
     "所属机构“nobody”不在本方案的机构中", 'The body "nobody" is not among the plan\'s bodies'),
    (_set(("tasks", 0, "stage"), "never"), "plan.yaml: tasks[0] datong.1: ",
     "所属阶段“never”不在本方案的阶段中", 'The stage "never" is not among the plan\'s stages'),
    (_set(("tasks", 0, "deadline"), "2024-02-30"), "plan.yaml: tasks[0] datong.1: deadline: ",
     "“2024-02-30”不是日期，请写成 2024-03-01 这样的格式",
     '"2024-02-30" is not a date; write it as 2024-03-01'),
    (_set(("units", 0, "members"), ["gone"]), "plan.yaml: units[0] ",
     "成员单位“gone”不在本方案的单位名单中", 'The member unit "gone" is not among'),
    (_set(("bodies", 0, "host_unit"), "gone"), "plan.yaml: bodies[0] ",
     "办公室所在单位“gone”", 'The unit hosting the office, "gone",'),
    (_set(("stages", 0, "ends"), "2025-13-01"), "plan.yaml: stages[0] ",
     "“2025-13-01”不是日期", '"2025-13-01" is not a date'),
]  # fmt: skip


@pytest.mark.parametrize(("change", "where", "zh", "en"), LOADER_REFUSALS)
def test_each_loader_refusal_keeps_its_position_and_speaks_both_languages(change, where, zh, en):
    (chinese,) = _refused_lines(change, "zh-hans")
    assert chinese.startswith(where), chinese
    assert zh in chinese
    assert not english_runs(chinese.removeprefix(where)), chinese
    (english,) = _refused_lines(change, "en")
    assert english.startswith(where), english
    assert en in english
    reason = english.removeprefix(where)
    assert not _chinese(reason.replace("市不存在局", "")), english


def test_a_jurisdiction_without_plan_data_is_named_by_its_name(db):
    with translation.override("zh-hans"), pytest.raises(PlanDataError) as chinese:
        plan_data_read("nowhere")
    assert chinese.value.lines[0].endswith(": 没有nowhere的工作方案数据")
    with translation.override("en"), pytest.raises(PlanDataError) as english:
        plan_data_read("nowhere")
    assert english.value.lines[0].endswith(": No work plan data for nowhere")


def test_the_valid_plan_passes(db):
    _validate(Path("plan.yaml"), plan_data_read("datong"))  # no refusal: the cases above fail


# ---- services: meetings, follow-up tasks, units ------------------------------------------------


@pytest.fixture
def decision(db) -> Decision:
    meeting = meeting_record(
        body=office(), kind="thematic", held_on=date(2024, 5, 15), decisions=["编制招商地图"]
    )
    return meeting.decisions.get()


def _message(error: pytest.ExceptionInfo[Exception]) -> str:
    value = error.value
    return "; ".join(value.messages) if isinstance(value, ValidationError) else str(value)


def _refusal(call: Callable[[], Any], kind: type[Exception], language: str) -> str:
    with translation.override(language), pytest.raises(kind) as error:
        call()
    return _message(error)


def test_an_unknown_meeting_kind_lists_the_kinds_by_name(db):
    def record() -> Meeting:
        return meeting_record(body=office(), kind="gala", held_on=date(2024, 5, 15))

    chinese = _refusal(record, ValidationError, "zh-hans")
    assert chinese.startswith("没有“gala”这类会议，可选：member（领导小组成员会议）、")
    assert "thematic（专题会议）" in chinese and not english_runs(chinese)
    english = _refusal(record, ValidationError, "en")
    assert english.startswith('There is no meeting kind "gala"; choose one of: member (')
    assert not _chinese(english)


def test_a_follow_up_task_without_units_twice_or_with_another_jurisdictions_unit(decision):
    def without_units() -> Any:
        return decision_to_task(decision=decision, title="编制招商地图", lead=[])

    assert _refusal(without_units, ValidationError, "zh-hans") == "督办任务须有牵头单位或责任单位"
    assert _refusal(without_units, ValidationError, "en") == (
        "A follow-up task needs a lead unit or a responsible unit"
    )

    def foreign() -> Any:
        return decision_to_task(
            decision=decision, title="编制招商地图", lead=[unit("far", jurisdiction="wenzhou")]
        )

    chinese = _refusal(foreign, ValidationError, "zh-hans")
    assert chinese.startswith("far单位不属于") and not english_runs(chinese)
    assert _refusal(foreign, ValidationError, "en").startswith("Not units of ")

    decision_to_task(decision=decision, title="编制招商地图", lead=[unit("commerce")])

    def again() -> Any:
        return decision_to_task(decision=decision, title="再来一次", lead=[unit("commerce")])

    assert _refusal(again, ValidationError, "zh-hans") == "这项会议决定已转为督办任务“编制招商地图”"
    assert _refusal(again, ValidationError, "en") == (
        'This decision is already the follow-up task "编制招商地图"'
    )


def test_only_the_office_records_meetings_and_assigns_follow_ups(decision):
    outsider = make_user("outsider")

    def record() -> Meeting:
        return meeting_record(
            user=outsider, body=office(), kind="member", held_on=date(2024, 5, 15)
        )

    def assign() -> Any:
        return decision_to_task(user=outsider, decision=decision, title="t", lead=[unit("x")])

    assert _refusal(record, PermissionDenied, "zh-hans") == "只有领导小组办公室可以记录会议"
    assert _refusal(record, PermissionDenied, "en") == (
        "Only the leading group's office may record meetings"
    )
    assert _refusal(assign, PermissionDenied, "zh-hans") == "只有领导小组办公室可以下达督办任务"
    assert _refusal(assign, PermissionDenied, "en").startswith("Only the leading group's office")


def test_target_scores_name_the_unit_and_the_jurisdiction(db):
    unit("commerce")

    def out_of_range() -> Any:
        return unit_assessment(jurisdiction="datong", year=2025, target_scores={"commerce": 120})

    def unknown() -> Any:
        return unit_assessment(jurisdiction="datong", year=2025, target_scores={"gone": 50})

    assert _refusal(out_of_range, ValueError, "zh-hans") == (
        "commerce单位的目标得分须在 0 到 100 之间，现为 120"
    )
    assert _refusal(out_of_range, ValueError, "en") == (
        "The target score of commerce单位 must be between 0 and 100, not 120"
    )
    chinese = _refusal(unknown, ValueError, "zh-hans")
    assert chinese.startswith("大同市没有代码为 gone 的单位") and not english_runs(chinese)
    assert _refusal(unknown, ValueError, "en").startswith("Datong has no unit with the code gone")


def test_the_settings_refusals_speak_both_languages():
    def days() -> Any:
        return plan_settings(escalate_to_lead_after_days=30, escalate_to_office_after_days=10)

    def weights() -> Any:
        return plan_settings(assessment_task_weight="0.5", assessment_target_weight="0.4")

    for call, zh, en in (
        (days, "（30）须大于 0，且少于", "(30) must be more than 0 and fewer than"),
        (weights, "权重之和须为 1，现为 0.9", "must add up to 1, not 0.9"),
    ):
        chinese = _refusal(call, ValueError, "zh-hans")
        assert zh in chinese and not english_runs(chinese.replace("WAIBAO_PLANS", "")), chinese
        assert en in _refusal(call, ValueError, "en")


# ---- the API, in the language of Accept-Language ----------------------------------------------


@pytest.fixture
def office_client(client, datong):
    client.force_login(make_user("office", role="office"))
    return client


def _post(client, url: str, payload: dict[str, Any], language: str):
    return client.post(url, payload, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)


MEETING = {"body_code": "leading_group", "kind": "thematic", "held_on": "2024-05-15"}


def _api_refusals(client) -> dict[str, tuple[str, int, dict[str, Any]]]:
    """(url, expected status, payload) of every refusal the plans API words itself."""
    made = client.post(
        "/api/plans/meetings?jurisdiction=datong",
        {**MEETING, "decisions": ["编制招商地图"]},
        content_type="application/json",
    ).json()
    decision = made["decisions"][0]["id"]
    client.post(
        f"/api/plans/decisions/{decision}/task",
        {"title": "编制招商地图", "lead": ["commerce"]},
        content_type="application/json",
    )
    meetings = "/api/plans/meetings?jurisdiction=datong"
    follow_up = f"/api/plans/decisions/{decision}/task"
    return {
        "kind": (meetings, 422, {**MEETING, "kind": "gala"}),
        "body": (meetings, 404, {**MEETING, "body_code": "nobody"}),
        "attendance": (meetings, 422, {**MEETING, "attendance": [{"unit_code": "gone"}]}),
        "decision": ("/api/plans/decisions/999999/task", 404, {"title": "t", "lead": ["x"]}),
        "units": (follow_up, 422, {"title": "t", "lead": ["gone"]}),
        "again": (follow_up, 422, {"title": "t", "lead": ["commerce"]}),
        "none": (follow_up, 422, {"title": "t", "lead": []}),
    }  # fmt: skip


EXPECTED = {
    "kind": ("没有“gala”这类会议", 'There is no meeting kind "gala"'),
    "body": ("大同市没有代码为“nobody”的领导小组或办公室", "has no leading group or office"),
    "attendance": ("大同市没有代码为 gone 的单位", "has no unit with the code gone"),
    "decision": ("没有编号为 999999 的会议决定", "No meeting decision has the number 999999"),
    "units": ("大同市没有代码为 gone 的单位", "has no unit with the code gone"),
    "again": ("已转为督办任务“编制招商地图”", "is already the follow-up task"),
    "none": ("督办任务须有牵头单位或责任单位", "A follow-up task needs a lead unit"),
}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_each_api_refusal_answers_in_the_accept_language(office_client, case):
    url, status, payload = _api_refusals(office_client)[case]
    zh, en = EXPECTED[case]
    chinese = _post(office_client, url, payload, "zh-hans")
    assert chinese.status_code == status, chinese.content
    detail = chinese.json()["detail"]
    assert zh in detail and not english_runs(detail), detail
    english = _post(office_client, url, payload, "en")
    assert english.status_code == status, english.content
    assert en in english.json()["detail"]
    assert not _chinese(english.json()["detail"].replace("编制招商地图", ""))


def test_the_supervision_pages_refuse_a_unit_officer_in_the_accept_language(client, datong):
    client.force_login(make_user("c", role="unit_officer", unit_code="commerce"))
    url = "/api/plans/overdue?jurisdiction=datong"
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert chinese.status_code == 403
    assert chinese.json()["detail"] == "只有领导小组办公室和领导可以查看本辖区督办情况"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["detail"] == (
        "Only the leading group's office and the leaders may see this jurisdiction's supervision"
    )
    record = _post(client, "/api/plans/meetings?jurisdiction=datong", MEETING, "en")
    assert record.json()["detail"] == "Only the leading group's office may record meetings"
