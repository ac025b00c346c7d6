"""The pages show numbers as Chinese readers write them (万/亿, thousands separators,
percentages), names instead of codes, and English scales under /en/; the chart data and the
files keep the exact machine values."""

from __future__ import annotations

import re

import pytest


@pytest.mark.django_db
def test_the_dashboard_table_shows_amounts_in_wan_with_the_exact_value_on_hover(client, world):
    client.force_login(world.users["leader"])
    html = client.get("/dashboard/").content.decode()
    # 280,000.00 USD executed in 2024 (the world's one execution)
    assert '<span class="number" title="280,000.00">28.00万</span>' in html
    assert '"280000.00"' in html  # the chart data stays exact
    english = client.get("/en/dashboard/").content.decode()
    assert '<span class="number">280,000.00</span>' in english  # under a million


@pytest.mark.django_db
def test_target_progress_is_a_percentage_and_values_carry_their_unit(client, world):
    pytest.importorskip("waibao.stats.targets")
    from waibao.reporting.models import ExchangeRate

    ExchangeRate.objects.update_or_create(
        currency="USD", year=2024, defaults={"cny_per_unit": "7.100000", "source": "test"}
    )
    client.force_login(world.users["city_admin"])
    html = client.get("/dashboard/targets/").content.decode()
    rows = re.findall(r"<tr data-target=.*?</tr>", html, re.S)
    assert rows
    for row in rows:
        assert " · usd<" not in row and " · cny<" not in row and " · count<" not in row
        cells = re.findall(r'<td class="amount">(.*?)</td>', row, re.S)
        progress = cells[-1]
        assert progress == "—" or re.fullmatch(r"[\d,]+\.\d\d%", progress), progress
    assert re.search(r"亿美元|万美元|亿元|万元", html)  # large targets in 万/亿 with the unit


@pytest.mark.django_db
def test_statistics_show_names_of_countries_categories_and_regions(client, world):
    client.force_login(world.users["system_admin"])
    html = client.get(
        "/statistics/?year=2024&by=client_country&by=category&by=region_code&by=city"
    ).content.decode()
    assert "区县代码" not in html and "城市代码" not in html
    assert "天河区" in html and "广州市" in html
    assert "<td>440106</td>" not in html
    assert "<td>ITO.01</td>" not in html and "软件研发及外包服务" in html
    english = client.get("/en/statistics/?year=2024&by=client_country&by=category").content.decode()
    assert "Software development and outsourcing" in english


@pytest.mark.django_db
def test_the_statistics_files_keep_the_machine_values(client, world):
    client.force_login(world.users["system_admin"])
    csv_text = client.get("/statistics/?year=2024&by=category&format=csv").content.decode()
    assert "ITO.01" in csv_text and "万" not in csv_text and "," in csv_text.splitlines()[0]
    assert re.search(r"\b\d+\.\d\d\b", csv_text)
