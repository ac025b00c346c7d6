"""Issue 21's done-when: every page of every role, in Chinese (zh-hans, the unprefixed site),
shows no run of two or more English words outside proper names and identifiers, and no
half-width , ; : after a Chinese character
(``tests/english_words.py`` says what counts; ``tests/i18n/visible_text.py`` what a reader
sees). The pages are found by walking the URL resolver (``site_urls``), so a page added later
is walked too; its path parameters come from ``SAMPLES`` or ``BY_PARAMETER`` below.

The walker reports every finding at once, as ``role url: phrase``."""

from __future__ import annotations

import re

import pytest
from site_urls import site_urls
from visible_text import visible_pieces

from english_words import english_runs

OWN = "91440106000000010A"  # the access world's enterprise (tests/access_world.py)
XIHU = "91330106000000040D"  # its firm in another province
ROLES = (
    "anonymous",
    "enterprise",
    "district_reviewer",
    "city_admin",
    "leader",
    "analyst",
    "system_admin",
)

# Proper names and fixed terms that are English on a Chinese page by design, each with why.
# Empty: names in capitals (CMMI, USD), identifiers (clause ids, field names) and code, kbd
# and samp elements never count (tests/english_words.py, tests/i18n/visible_text.py), and
# the world's data (Contoso Inc.) makes no run.
ALLOWED_PHRASES: dict[str, str] = {}

# The parameter sets tried for a URL name (a list per name; empty: nothing of that kind in
# the world). Downloads and POST-only steps are listed as such: they are no pages.
NOT_PAGES = {
    "set_language": "the language switch (POST)",
    "security:logout": "signs out (POST)",
    "funds:action": "a step of an application (POST)",
    "funds:continue": "continues a fund into a new year (POST); its form is on the funds home",
    "funds:evidence": "a file download",
    "funds:batch_export": "a CSV/XLSX download",
    "plans:xlsx": "an XLSX download",
    "talent:consent_export": "a JSON download",
    "news:feed": "an Atom feed",
    "news:attachment": "a file download",
    "news:action": "a step of an announcement (POST)",
    "data:file": "a file download",
    "data:brief": "a PDF download",
    "data:publish": "publishes a data release (POST)",
    "portal:report_expense_evidence": "a file download",
    "portal:report_expense_withdraw": "withdraws a declared expense (POST)",
}


def _pks(model_path: str, limit: int = 3) -> list[dict[str, object]]:
    from django.apps import apps

    model = apps.get_model(model_path)
    return [{"pk": pk} for pk in model.objects.order_by("pk").values_list("pk", flat=True)[:limit]]


def _clauses() -> list[dict[str, object]]:
    from waibao.rules import registry

    return [{"clause_id": found.id} for found in registry()]


def _funds() -> list[dict[str, object]]:
    from waibao.funds.models import Fund

    return [{"code": code, "year": 2010} for code in Fund.objects.values_list("code", flat=True)]


def _tasks() -> list[dict[str, object]]:
    from waibao.plans.models import Task

    return [{"key": key} for key in Task.objects.values_list("key", flat=True)[:3]]


def _jurisdictions() -> list[dict[str, object]]:
    from waibao import jurisdictions

    return [{"jurisdiction": slug} for slug in jurisdictions.slugs()]


def _ratings() -> list[dict[str, object]]:
    from waibao.evaluation.selectors import DEFAULT_METHODS

    return [
        {"code": code, "region": region, "year": 2024}
        for code in DEFAULT_METHODS
        for region in ("440100", "330100")
    ]


SAMPLES = {name: list for name in NOT_PAGES} | {
    "funds:publication": lambda: _pks("funds.Publication"),
    "funds:apply": lambda: _pks("funds.FundEntitlement"),
    "funds:application": lambda: _pks("funds.Application", 5),
    "funds:allocation": lambda: _pks("funds.BudgetLine", 2),
    "funds:batch": lambda: _pks("funds.PaymentBatch"),
    "funds:fund_year": _funds,
    "plans:task": _tasks,
    "plans:supervision": _jurisdictions,
    "news:detail": lambda: _pks("publishing.Announcement"),
    "evaluation:publication": lambda: _pks("evaluation.Publication"),
    "evaluation:rating": _ratings,
    "portal:policy": _clauses,
    "measures:edit": lambda: _pks("measures.MeasureRecord"),
}
BY_PARAMETER = {
    "year": 2024,
    "uscc": OWN,
    "city": "440100",
    "city_code": "440100",
    "region": "440106",
    "jurisdiction": "guangzhou",
}
# Pages no role of the world opens with a GET, each with why (the walker fails on any other
# page nobody could open: a sample is missing).
NOT_OPENED = {
    "security:verify": "the second step of a sign-in in progress",
    "funds:apply": "the form posts; its page is the enterprise's funds home",
    "portal:report_contract_add": "the form posts; its page is the contracts page",
    "portal:report_execution_add": "the form posts; its page is the contracts page",
    "portal:report_upload": "the form posts; its page is the contracts page",
    "portal:parameters_automatic": "the form posts; its page is the parameters page",
    "talent:pool": "needs a grant of the talent-pool search to an institution",
    "demo:tour": "exists only while the demo serves (WAIBAO_DEMO); tests/demo walk it",
}


# Kinds of object the world (tests/workbench_world.py) holds none of, so their pages are not
# walked here; each is named so that the gap is seen, not hidden.
EMPTY_IN_WORLD = {
    "funds:publication": "no 公示 published (the fund flow's browser test opens one)",
    "funds:batch": "no payment batch (the fund flow's browser test opens one)",
}


def _published_extras(world) -> None:
    """What the walk adds to the world: a published announcement, a published rating list and
    a recorded measure, so that their pages are walked too."""
    import datetime as dt

    from django.utils import timezone

    from waibao.evaluation.services import publication_publish
    from waibao.measures.services import RecordInput, record_create
    from waibao.publishing.models import Announcement
    from waibao.registry.models import Region

    Announcement.objects.create(
        kind=Announcement.Kind.NOTICE,
        state=Announcement.State.PUBLISHED,
        title_zh="关于申报服务外包专项资金的通知",
        title_en="Notice on applying for the service-outsourcing special fund",
        body_zh="各有关企业：请于规定期限内申报。",
        body_en="Enterprises concerned: apply within the period.",
        author=world.users["system_admin"],
        published_at=timezone.now(),
    )
    publication_publish(Region.objects.get(code="440100"), 2024, dt.date(2025, 3, 1))
    record_create(
        user=world.users["city_admin"],
        entry=RecordInput(
            measure="guangzhou.18.registration_marker",
            recorded_on=dt.date(2024, 5, 6),
            description="营业执照经营范围注明：服务外包",
            organisation=world.orgs.own,
        ),
    )


def _statistics_variants() -> list[str]:
    from waibao.stats.fields import GROUPING_FIELDS

    return [f"?year=2024&by={field}" for field in GROUPING_FIELDS] + [
        "?year=2024&by=offshore&by=group",
        # refused queries: the page says why in Chinese
        "?year=2024&by=nonsense",
        "?year=abc",
        "?year=2024&through_month=13",
        "?year=2024&format=pdf",
    ]


# Query strings that change what a page shows, tried besides the bare URL.
VARIANTS = {
    "/calculator/": lambda: [
        "?year=2024",
        f"?year=2024&uscc={OWN}",
        f"?year=2024&uscc={XIHU}",
        "?year=abc",
        "?year=2024&uscc=NOT-A-CODE",
    ],
    "/statistics/": _statistics_variants,
    "/report/": lambda: [f"?uscc={OWN}", f"?uscc={XIHU}"],
    "/report/contracts/": lambda: [f"?uscc={OWN}", f"?uscc={XIHU}"],
}


# A Chinese character followed by a half-width comma, semicolon or colon ("公示期满, 核准",
# "状态: 已提交"): Chinese text takes ，；：(docs/decisions/0038-chinese-punctuation.md). Codes,
# numbers and English data make no hit (no Chinese character before the mark); the world's
# Chinese data (names, notes) is written with full-width punctuation like the interface.
HALF_WIDTH_AFTER_CHINESE = re.compile(r"[\u3400-\u9fff（）「」《》“”][,;:](?=\s|$)")
# Text that keeps its half-width punctuation on a Chinese page by design, each with why.
ALLOWED_PUNCTUATION: dict[str, str] = {
    "文件:行:列: 原因": "names the command line's file:row:column: reason shape, ASCII as written",
}


def _findings(html: str) -> list[str]:
    found = []
    for piece in visible_pieces(html):
        found.extend(run for run in english_runs(piece) if run not in ALLOWED_PHRASES)
        for allowed in ALLOWED_PUNCTUATION:
            piece = piece.replace(allowed, "…")
        found.extend(
            f"half-width punctuation in Chinese: …{piece[max(0, m.start() - 8) : m.end() + 8]}…"
            for m in HALF_WIDTH_AFTER_CHINESE.finditer(piece)
        )
    return found


def _urls() -> tuple[list[tuple[str, str]], list[str]]:
    urls, unfilled = site_urls(SAMPLES, BY_PARAMETER)
    with_variants = []
    for name, url in urls:
        with_variants.append((name, url))
        queries = VARIANTS.get(url)
        with_variants.extend((name, url + query) for query in (queries() if queries else []))
    return with_variants, unfilled


def _signed_in(client, user) -> None:
    client.logout()
    if user.is_authenticated:
        client.force_login(user)


def _report(findings: list[str]) -> str:
    return (
        f"{len(findings)} English phrases or half-width punctuation on Chinese pages:\n"
        + "\n".join(sorted(set(findings)))
    )


@pytest.mark.slow
@pytest.mark.django_db
def test_every_page_of_every_role_speaks_chinese(client, funds_world):
    _published_extras(funds_world)
    urls, unfilled = _urls()
    assert not unfilled, "URLs the walker cannot fill (add a sample): " + ", ".join(unfilled)
    findings: list[str] = []
    opened: set[str] = set()
    for role in ROLES:
        _signed_in(client, funds_world.users[role])
        for name, url in urls:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
            # the refusals (403, 404, 400) are pages too, in Chinese like the rest
            if "html" not in response.get("Content-Type", "") or response.status_code >= 500:
                continue
            if response.status_code == 200:
                opened.add(name)
            findings.extend(
                f"{role} {url}: {phrase}" for phrase in _findings(response.content.decode())
            )
    assert not findings, _report(findings)
    never = {name for name, _url in urls} - opened - set(NOT_PAGES) - set(NOT_OPENED)
    sampled = {name for name, _url in urls}
    never |= {f"{name} (no sample)" for name in SAMPLES if name not in sampled} - {
        f"{name} (no sample)" for name in [*NOT_PAGES, *EMPTY_IN_WORLD]
    }
    assert not never, f"pages no role opened (add a sample or say why): {sorted(never)}"


# What people type wrong (issue 21's examples), posted to each form of the reporting pages;
# the page that answers explains the refusal in Chinese.
BAD_FORMS = {
    "/report/": {"year": "2024", "employees": "abc", "revenue": "十万"},
    "/report/contracts/add/": {
        "contract_id": "",
        "client_name": "",
        "client_country": "ZZ",
        "category": "NOPE",
        "signed_date": "2025-13-40",
        "amount": "ten",
        "currency": "XXX",
    },
    "/report/executions/add/": {
        "contract_id": "NOPE",
        "execution_id": "",
        "execution_date": "yesterday",
        "amount": "-",
        "currency": "USD",
    },
    "/report/upload/": {},
}


@pytest.mark.django_db
@pytest.mark.parametrize("url", list(BAD_FORMS))
def test_a_refused_form_explains_itself_in_chinese(client, funds_world, url):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _signed_in(client, funds_world.users["enterprise"])
    body = dict(BAD_FORMS[url])
    if url.endswith("upload/"):
        text = "contract_id,client_name,amount\nM1,,abc\n"
        body = {"contracts_file": SimpleUploadedFile("c.csv", text.encode())}
    response = client.post(f"{url}?uscc={OWN}", body, follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code in (200, 400)
    found = _findings(response.content.decode())
    assert not found, _report(found)


def _refused_steps(world) -> list[tuple[str, str, dict[str, object], str, str]]:
    """(role, url, form, what the zh-hans page says, what the /en/ page says): funds steps
    the services refuse and an evaluation method form with errors. Nothing is written by any
    of them, so each is posted in both languages."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    own = world.applications["own"].pk
    waiting = world.applications["waiting"].pk
    reviewed = world.applications["reviewed"].pk
    fund_year = "/funds/funds/guangzhou-so-fund/2010/"
    return [
        (
            "enterprise",
            f"/funds/applications/{own}/submit/",
            {"account_name": "天河甲", "account_number": "6222000011112222", "bank_name": "工行"},
            "提交前请至少上传一份证明材料",
            "Attach at least one evidence file before submitting",
        ),
        (
            "enterprise",
            f"/funds/applications/{own}/evidence/",
            {"file": lambda: SimpleUploadedFile("a.pdf", b"PK\x03\x04 zip")},
            "a.pdf：不是 PDF、JPEG 或 PNG 文件（按文件内容判断）",
            "a.pdf: not a PDF, JPEG or PNG file (checked by its content)",
        ),
        (
            "enterprise",
            f"/funds/applications/{own}/submit/",
            {"claimed": "9,999,999", "account_name": "甲", "account_number": "1"},
            "超过应享金额 1,234,567.80 元",
            "is more than the entitlement 1,234,567.80 yuan",
        ),
        (
            "district_reviewer",
            f"/funds/applications/{waiting}/district/",
            {"decision": "return", "reason": " "},
            "退回修改须说明理由",
            "A return needs its reason",
        ),
        (
            "district_reviewer",
            f"/funds/applications/{waiting}/district/",
            {"decision": "approve", "amount": "五十"},
            "金额：请填写金额（元）",
            "Amount: ",
        ),
        (
            "district_reviewer",
            f"/funds/applications/{waiting}/district/",
            {"decision": "approve", "amount": "150.00"},
            "的金额是固定的（100.00 元）",
            "is not discretionary: the amount is 100.00 yuan",
        ),
        (
            "city_admin",
            f"/funds/applications/{reviewed}/city/",
            {"decision": "maybe"},
            "审核意见须为通过、退回修改或不予支持",
            "The decision must be approve, return or reject",
        ),
        (
            "city_admin",
            f"/funds/applications/{waiting}/city/",
            {"decision": "approve"},
            "此步骤需要：区县审核通过",
            "this step needs: ",
        ),
        (
            "city_admin",
            fund_year,
            {"step": "configure", "publicity_days": "0"},
            "公示天数应在 1 至 90 之间，现为 0",
            "must be 1 to 90, not 0",
        ),
        (
            "city_admin",
            fund_year,
            {"step": "configure", "publicity_days": "七"},
            "公示天数：“七”不是整数",
            "“七” is not a whole number",
        ),
        (
            "city_admin",
            fund_year,
            {"step": "publish"},
            "没有可公示的申请：没有市级审核通过的申请",
            "Nothing to publish: no city-approved applications",
        ),
        (
            "city_admin",
            "/evaluation/methods/440100/",
            {"code": "key_enterprise", "weight_employees": "x", "valid_from": "2024-01-01"},
            "从业人员数的权重须为不小于 0 的整数，不能是“x”",
            "The weight of employees must be a whole number ≥ 0, not “x”",
        ),
        (
            "city_admin",
            "/evaluation/methods/440100/",
            {"code": "key_enterprise", "weight_employees": "1", "valid_from": "2024-01-01"},
            "修改评价方法须说明理由",
            "A change of method needs a reason",
        ),
        (
            "city_admin",
            "/evaluation/methods/440100/",
            {"code": "top_ten", "weight_so_revenue_cny": "1", "size": "十", "reason": "r"},
            "名额须为整数，不能是“十”",
            "The list size must be a whole number, not “十”",
        ),
    ]


@pytest.mark.django_db
def test_a_refused_funds_step_or_method_form_explains_itself_in_chinese(client, funds_world):
    """Issue 21: the refusals of the funds' steps and the evaluation method form, said on the
    page in Chinese (zh-hans) and in English under /en/; nothing English on the Chinese page."""

    from waibao.evaluation.models import RatingMethod
    from waibao.funds.models import Application, Publication

    before = list(Application.objects.order_by("pk").values_list("pk", "status"))
    _each_refusal_said_in_both_languages(client, funds_world, _refused_steps(funds_world))
    # refusals write nothing
    assert list(Application.objects.order_by("pk").values_list("pk", "status")) == before
    assert not Publication.objects.exists() and not RatingMethod.objects.exists()


def _plans_officer(world):
    """An officer of a Guangzhou unit that leads the world's Guangzhou task (the world has the
    task but no unit reporting on it)."""
    from django.contrib.auth import get_user_model

    from waibao.plans.models import Assignment, PlanRole, Task, Unit

    unit = Unit.objects.create(
        jurisdiction="guangzhou", code="commerce", name="市商务局", kind=Unit.Kind.DEPARTMENT
    )
    Assignment.objects.create(
        task=Task.objects.get(key="gz.test.overdue"), unit=unit, role=Assignment.Role.LEAD
    )
    officer = get_user_model().objects.create_user(username="shangwu", password="pw")
    PlanRole.objects.create(
        user=officer, role=PlanRole.Role.UNIT_OFFICER, jurisdiction="guangzhou", unit=unit
    )
    return officer


def _refused_staff_forms(world) -> list[tuple[str, str, dict[str, object], str, str]]:
    """(role, url, form, what the zh-hans page says, what the /en/ page says): the staff forms
    of the measures register (政策落实台账), the bureau's figures and task supervision (任务督办),
    each refused by its service; nothing is written by any of them."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from waibao.measures.programmes import MEASURES

    marker = MEASURES["guangzhou.18.registration_marker"]
    record = {"measure": marker.id, "recorded_on": "2024-05-06", "description": "核定"}
    figure = {
        "jurisdiction": "guangzhou",
        "indicator": "clusters",
        "kind": "measured",
        "year": "2010",
        "value": "九",
        "source": "",
    }
    task = "/plans/tasks/gz.test.overdue/"
    return [
        (
            "city_admin",
            "/measures/new/",
            record,
            f"“{marker.title_zh}”的记录须填写机构的统一社会信用代码",
            f"A record of “{marker.title_en}” names an organisation",
        ),
        (
            "city_admin",
            "/measures/new/",
            {**record, "recorded_on": "0001-01-01", "uscc": OWN},
            "日期应在 1900-01-01 至 2100-12-31 之间（填写的是 0001-01-01）",
            "The date must be between 1900-01-01 and 2100-12-31 (entered: 0001-01-01)",
        ),
        (
            "city_admin",
            "/measures/new/",
            {**record, "uscc": OWN, "amount": "1,234.50"},
            f"“{marker.title_zh}”的记录不填写金额",
            f"A record of “{marker.title_en}” carries no amount",
        ),
        (
            "city_admin",
            "/targets/figures/",
            figure,
            "请填写整数，例如 120",
            "enter a whole number, e.g. 120",
        ),
        (
            "officer",
            task,
            {"unit_code": "commerce", "text": " "},
            "请填写进展情况",
            "Describe the progress made",
        ),
        (
            "officer",
            task,
            {
                "unit_code": "commerce",
                "text": "已完成",
                "files": lambda: SimpleUploadedFile("大.pdf", b"%PDF" + b"0" * 2048),
            },
            "大.pdf：文件超过 1 KB 的上限",
            "大.pdf: the file is over the limit of 1 KB",
        ),
    ]


@pytest.mark.django_db
def test_a_refused_staff_form_explains_itself_in_chinese(client, funds_world, settings):
    """Issue 21: the refusals of the measures register, the bureau's figures and task
    supervision, said on the page in Chinese (zh-hans) and in English under /en/; nothing
    English on the Chinese page, nothing written."""

    from waibao.bureau_targets.models import BureauFigure
    from waibao.measures.models import MeasureRecord
    from waibao.plans.models import ProgressReport

    settings.WAIBAO_UPLOAD_MAX_BYTES = 1024  # an attachment of 2 KB is over it
    funds_world.users["officer"] = _plans_officer(funds_world)
    records = MeasureRecord.objects.count()
    _each_refusal_said_in_both_languages(client, funds_world, _refused_staff_forms(funds_world))
    assert MeasureRecord.objects.count() == records
    assert not BureauFigure.objects.exists() and not ProgressReport.objects.exists()


def _each_refusal_said_in_both_languages(client, world, refusals) -> None:
    """Post each refused form as its role, in zh-hans and under /en/: the reason is said in
    that language and not the other, and the Chinese page holds no run of English words."""
    from html import unescape

    for role, url, form, chinese, english in refusals:
        _signed_in(client, world.users[role])
        for prefix, said, other in (("", chinese, english), ("/en", english, chinese)):
            body = {key: value() if callable(value) else value for key, value in form.items()}
            response = client.post(prefix + url, body, follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans")
            assert response.status_code in (200, 400), (role, prefix + url, response.status_code)
            text = unescape(response.content.decode())
            assert said in text, f"{role} {prefix}{url}: not said: {said}"
            assert other not in text, f"{role} {prefix}{url}: said in the other language"
            if not prefix:
                found = _findings(response.content.decode())
                assert not found, f"{role} {url}: " + _report(found)
