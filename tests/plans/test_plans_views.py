"""The supervision page shows the office what is overdue, which meetings were missed, and scores."""

from __future__ import annotations

import pytest
from plans_support import make_user

from waibao.plans.loading import plan_load


@pytest.fixture
def office_client(client, db):
    plan_load(jurisdiction="datong")
    client.force_login(make_user("office", role="office"))
    return client


def test_the_supervision_page_lists_overdue_tasks_and_missed_meetings_as_of_a_day(office_client):
    page = office_client.get("/plans/supervision/datong/?today=2024-02-15").content.decode()
    assert "举全市之力,共同推进服务外包产业高质量发展" in page  # task 1., overdue since 2024-01-01
    assert (
        "2024-01" in page
        and "2024-02" not in page.split("未按频次召开的会议")[1].split("年度考核")[0]
    )  # January's thematic meeting missed; February still running
    assert "导出督办报告" in page


def test_the_task_page_quotes_the_text_and_its_division_of_labour(office_client):
    page = office_client.get("/plans/tasks/datong.9/").content.decode()
    assert "优化服务外包企业融资环境" in page
    assert "牵头单位:市金融办、人行大同市中心支行、大同银保监分局" in page
    assert "报送进展" not in page  # the office reads; units report


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_day_outside_the_bounds_is_today_not_a_server_error(office_client, day):
    """Regression (issue 17 item 6): ``?today=9999-12-31`` reached the date arithmetic."""
    for url in ("/plans/supervision/datong/", "/plans/"):
        response = office_client.get(f"{url}?today={day}")
        assert response.status_code in (200, 302), (url, response.status_code)


@pytest.mark.parametrize(
    ("prefix", "empty", "too_large"),
    [
        ("", "请填写进展情况", "大.pdf：文件超过 1 MB 的上限"),
        ("/en", "Describe the progress made", "大.pdf: the file is over the limit of 1 MB"),
    ],
)
def test_a_refused_report_says_why_in_the_readers_language(
    client, db, settings, prefix, empty, too_large
):
    """Issue 21: the task page's refusals were English developer sentences ("a progress report
    needs text", "x.pdf: the file is 2.0 MiB, over the limit of 1.0 MiB")."""
    from html import unescape

    from django.core.files.uploadedfile import SimpleUploadedFile

    from waibao.plans.models import ProgressReport

    settings.WAIBAO_UPLOAD_MAX_BYTES = 1024 * 1024
    plan_load(jurisdiction="datong")
    client.force_login(make_user("commerce", role="unit_officer", unit_code="commerce"))
    url = f"{prefix}/plans/tasks/datong.13/"
    page = unescape(client.post(url, {"unit_code": "commerce", "text": " "}).content.decode())
    assert empty in page
    big = SimpleUploadedFile("大.pdf", b"%PDF" + b"0" * (1024 * 1024))
    page = unescape(
        client.post(url, {"unit_code": "commerce", "text": "已完成", "files": big}).content.decode()
    )
    assert too_large in page
    assert not ProgressReport.objects.exists()
