"""Recording and correcting: the measure's declaration is checked, amounts are exact fen,
only writers of the text write, and every version goes to the audit trail."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from waibao.audit.models import AuditRecord
from waibao.measures import services
from waibao.measures.models import MeasureRecord
from waibao.measures.programmes import MEASURES
from waibao.registry.models import Region

pytestmark = pytest.mark.django_db


def _entry(measure, **fields):
    fields.setdefault("description", "已核定")
    fields.setdefault("recorded_on", dt.date(2024, 5, 1))
    return services.RecordInput(measure=measure, **fields)


def test_a_record_takes_its_region_from_the_organisation_and_is_audited(world):
    record = services.record_create(
        user=world.users["city_admin"],
        entry=_entry("guangzhou.18.registration_marker", organisation=world.orgs.own),
    )
    assert record.region_id == "440106"
    assert record.jurisdiction == "guangzhou"
    assert record.created_by == world.users["city_admin"]
    audit = AuditRecord.objects.get(action="measure_record.create", object_id=str(record.pk))
    assert audit.payload["after"]["organisation_id"] == world.orgs.own.pk
    assert audit.payload["citation"] == "广州 (十八)"


def test_without_organisation_or_region_a_record_belongs_to_the_texts_city(world):
    record = services.record_create(
        user=world.users["system_admin"], entry=_entry("hangzhou.5.zone_specialisation")
    )
    assert record.region_id == "330100"


def test_an_amount_is_kept_in_exact_fen_and_audited_as_a_string(world):
    record = services.record_create(
        user=world.users["system_admin"],
        entry=_entry(
            "hangzhou.18.senior_talent_benefits",
            organisation=world.orgs.elsewhere,
            amount_fen=12_345_678_901,
        ),
    )
    assert MeasureRecord.objects.get(pk=record.pk).amount_fen == 12_345_678_901
    audit = AuditRecord.objects.get(action="measure_record.create", object_id=str(record.pk))
    assert audit.payload["after"]["amount"] == "123456789.01"


# Each refusal in the reader's words (issue 21): the measure by its title, regions, texts and
# organisations by their names, amounts as 1,234.50 元, the date bound worded here.
REFUSALS = [
    ("guangzhou.18.registration_marker", {}, "记录须填写机构的统一社会信用代码"),
    ("hangzhou.5.zone_specialisation", {"organisation": "elsewhere"}, "的记录不填写机构"),
    ("hangzhou.16.training_base", {"amount_fen": 100}, "的记录不填写金额"),
    ("hangzhou.6.park_infrastructure", {"amount_fen": -1}, "金额不能为负数（填写的是 -0.01 元）"),
    (
        "hangzhou.6.park_infrastructure",
        {"amount_fen": 100_000_000_000_001},
        "金额不能超过 1,000,000,000,000.00 元（填写的是 1,000,000,000,000.01 元）",
    ),
    ("hangzhou.16.training_base", {"region": "440106"}, "不在杭州市政策的适用范围内"),
    ("hangzhou.16.training_base", {"organisation": "own"}, "登记在杭州市以外"),
    ("hangzhou.16.training_base", {"description": "  "}, "请填写工作内容"),
    (
        "hangzhou.16.training_base",
        {"recorded_on": dt.date(1, 1, 1)},
        "日期应在 1900-01-01 至 2100-12-31 之间（填写的是 0001-01-01）",
    ),
    ("nowhere.1.nothing", {}, "没有这项政策措施：nowhere.1.nothing"),
]


def _refused(world, measure, fields) -> ValidationError:
    fields = dict(fields)
    if "organisation" in fields:
        fields["organisation"] = getattr(world.orgs, fields["organisation"])
    if "region" in fields:
        fields["region"] = Region.objects.get(code=fields["region"])
    with pytest.raises(ValidationError) as refused:
        services.record_create(user=world.users["system_admin"], entry=_entry(measure, **fields))
    return refused.value


@pytest.mark.parametrize(("measure", "fields", "problem"), REFUSALS)
def test_a_record_the_measure_does_not_allow_is_refused_in_chinese(world, measure, fields, problem):
    error = _refused(world, measure, fields)
    said = " ".join(error.messages)
    assert problem in said
    if "的记录" in problem:  # a rule of the measure: the measure named by its title
        assert f"“{MEASURES[measure].title_zh}”" in said and measure not in said  # named
    assert not re.search(r"[A-Za-z]{3,} [A-Za-z]{3,}", said), said  # no English sentence
    assert not MeasureRecord.objects.exists()


@pytest.mark.parametrize(
    "role", ["enterprise", "district_reviewer", "leader", "analyst", "no_role", "anonymous"]
)
def test_only_writers_of_the_text_record(world, role):
    with pytest.raises(PermissionDenied):
        services.record_create(
            user=world.users[role],
            entry=_entry("guangzhou.18.registration_marker", organisation=world.orgs.own),
        )


def test_a_city_administrator_writes_its_own_citys_text_only_not_the_provinces(world):
    with pytest.raises(PermissionDenied):
        services.record_create(
            user=world.users["city_admin"],
            entry=_entry("guangdong.15.national_fund_applications", organisation=world.orgs.own),
        )


def test_a_correction_keeps_both_versions_in_the_audit_trail(world, register):
    admin = world.users["city_admin"]
    changed = services.record_edit(
        user=admin,
        record=register.own,
        entry=_entry(
            "guangzhou.18.registration_marker",
            organisation=world.orgs.own,
            description="核定：以服务外包方式从事软件开发",
            attachment_ref="穗工商〔2024〕1号",
        ),
        reason="补充核定内容",
    )
    assert changed.revision == 2
    assert changed.updated_by == admin
    audit = AuditRecord.objects.get(action="measure_record.change", object_id=str(changed.pk))
    assert (audit.from_state, audit.to_state, audit.reason) == ("1", "2", "补充核定内容")
    assert audit.payload["before"]["description"] == "核定"
    assert audit.payload["after"]["attachment_ref"] == "穗工商〔2024〕1号"


def test_an_unchanged_correction_writes_nothing(world, register):
    before = AuditRecord.objects.count()
    same = services.record_edit(
        user=world.users["city_admin"],
        record=register.own,
        entry=_entry(
            "guangzhou.18.registration_marker", organisation=world.orgs.own, description="核定"
        ),
    )
    assert same.revision == 1
    assert AuditRecord.objects.count() == before


def test_the_refusals_speak_english_to_an_english_reader(world):
    with translation.override("en"):
        said = " ".join(_refused(world, "guangzhou.18.registration_marker", {}).messages)
        bound = " ".join(
            _refused(world, "hangzhou.6.park_infrastructure", {"amount_fen": -150}).messages
        )
    assert "names an organisation by its Unified Social Credit Code" in said
    assert f"“{MEASURES['guangzhou.18.registration_marker'].title_en}”" in said  # its title
    assert "cannot be negative (entered: -1.50 yuan)" in bound
    assert not re.search(r"[\u4e00-\u9fff]", said + bound)


def test_a_correction_stays_within_its_text(world, register):
    with pytest.raises(ValidationError, match="不是杭州市政策的措施"):
        services.record_edit(
            user=world.users["system_admin"],
            record=register.hangzhou,
            entry=_entry("guangzhou.18.registration_marker", organisation=world.orgs.own),
        )
