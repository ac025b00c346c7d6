"""The industry brief: a PDF with embedded Chinese text, right figures, and a rendered page."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest
from django.utils import timezone
from publishing_support import four_fen_twice

from tooling import require
from waibao.publishing import brief
from waibao.publishing.fonts import NoCJKFont, register_cjk_font
from waibao.publishing.period import parse_period


def _font_or_skip():
    try:
        register_cjk_font()
    except NoCJKFont as exc:
        require(False, f"a CJK TrueType font ({exc})")


def _pdftotext(path):
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def datong_year(registry):
    for i in range(3):
        registry(f"大同软件{i}", "140213", "ITO", 10_000_000, day=date(2025, 6, 10))  # $100,000
        registry(f"大同流程{i}", "140214", "BPO", 5_000_000, day=date(2025, 3, 1))  # $50,000
        registry(f"大同往年{i}", "140213", "ITO", 10_000_000, day=date(2024, 5, 1))
    registry("大同七月", "140213", "ITO", 99_900_000, day=date(2025, 7, 1))  # after the period


def test_year_to_date_figures_against_last_year(datong_year):
    now = brief.year_figures(2025, 6, "140200")
    before = brief.year_figures(2024, 6, "140200")
    assert now.executed_usd == 45_000_000  # 3 × $100,000 + 3 × $50,000; July left out
    assert before.executed_usd == 30_000_000
    assert brief.yoy(now.executed_usd, before.executed_usd) == "+50.0%"
    assert now.by_group["BPO"] == 15_000_000
    assert now.by_market["US"] == 45_000_000
    assert brief.usd_wan(now.executed_usd) == "45.00"  # 万美元


def test_each_amount_is_converted_on_its_own_before_the_figures_add_up(registry):
    org = registry("半分", "140213", "ITO", 100, day=date(2025, 1, 5))  # USD 1.00 each
    four_fen_twice(org)
    figures = brief.year_figures(2025, 12, "140200")
    assert figures.executed_usd == 100 + 1 + 1  # CNY 0.04 twice: 0.5 cent each, half up
    assert figures.signed_usd == 100 + 1
    assert figures.by_enterprise[org.pk] == 102 and figures.contracts == 2


def test_the_yoy_growth_is_rounded_half_up_and_is_a_dash_without_last_year():
    assert brief.yoy(1, 0) == "—"
    assert brief.yoy(2001, 2000) == "+0.1%"  # 0.05% rounds up
    assert brief.yoy(1999, 2000) == "-0.1%"
    assert brief.yoy(1000, 3000) == "-66.7%"


def test_a_bad_period_is_refused_with_the_expected_form():
    with pytest.raises(ValueError, match="YYYY-MM"):
        parse_period("2025-13")


def test_the_brief_pdf_holds_chinese_headlines_and_figures_and_renders(datong_year, tmp_path):
    _font_or_skip()
    region_name = "大同市"
    from waibao.registry.models import Region

    Region.objects.filter(code="140200").update(name=region_name)
    pdf = brief.brief_pdf(2025, 6, city_code="140200")
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "brief.pdf"
    path.write_bytes(pdf)
    text = _pdftotext(path)
    assert "服务外包产业简报" in text
    assert "大同市" in text and "2025年1-6月" in text
    assert "服务外包执行额(万美元)" in text
    line = next(x for x in text.splitlines() if "服务外包执行额" in x)
    assert "45.00" in line and "30.00" in line and "+50.0%" in line
    assert "大同软件0" in text  # top enterprises
    assert "信息技术外包" in text  # the chart's and the table's group names
    fonts = subprocess.run(  # the CJK face is a subset: its name carries a six-letter tag
        ["pdffonts", str(path)], capture_output=True, text=True
    ).stdout
    cjk = [line.split() for line in fonts.splitlines() if line.split()[0][6:7] == "+"]
    assert cjk, fonts
    # pdffonts columns: name type encoding emb sub uni ...; every CJK face embedded, subset
    assert all(line[-5:-2] == ["yes", "yes", "yes"] for line in cjk), fonts
    require(shutil.which("pdftoppm") is not None, "pdftoppm (poppler-utils)")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")],
        check=True,
    )
    page = next(tmp_path.glob("p*.png"))
    assert page.read_bytes().startswith(b"\x89PNG") and page.stat().st_size > 2000


def test_the_brief_lists_policy_money_paid_from_the_funds_ledger(registry, tmp_path):
    _font_or_skip()
    from waibao.funds.models import BudgetLine, Fund, LedgerEntry

    fund = Fund.objects.create(
        code="dt-fund", name="大同市服务外包专项资金", jurisdiction="datong",
        city_code="140200", citation="大同市实施方案",
    )  # fmt: skip
    line = BudgetLine.objects.create(
        fund=fund, year=timezone.localdate().year, source="city", source_name="市级", citation="x"
    )
    LedgerEntry.objects.create(line=line, kind="appropriation", amount_fen=100_000_000)
    LedgerEntry.objects.create(line=line, kind="payment", amount_fen=12_345_678)
    today = timezone.localdate()
    assert brief.policy_money_paid(today.year, today.month, "140200") == [
        ("大同市服务外包专项资金", 12_345_678)
    ]
    assert brief.policy_money_paid(today.year, today.month, "330100") == []
    path = tmp_path / "b.pdf"
    path.write_bytes(brief.brief_pdf(today.year, today.month, city_code="140200"))
    text = _pdftotext(path)
    assert "政策资金拨付" in text and "123456.78" in text


def _waibao(*args, data_dir):
    import os
    import sys
    from pathlib import Path

    src = Path(__file__).resolve().parents[2] / "src"
    env = {**os.environ, "PYTHONPATH": str(src), "WAIBAO_DATA_DIR": str(data_dir)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "waibao", *args], capture_output=True, text=True, env=env
    )


def test_the_command_refuses_a_bad_period_before_touching_the_database(tmp_path):
    result = _waibao("brief", "--period", "2025-6", data_dir=tmp_path)
    assert result.returncode == 1
    assert "--period" in result.stderr and "YYYY-MM" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_command_writes_a_pdf_on_a_fresh_data_directory(tmp_path):
    _font_or_skip()
    out = tmp_path / "brief.pdf"
    result = _waibao("brief", "--period", "2025-06", "--output", str(out), data_dir=tmp_path / "d")
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF") and str(out) in result.stdout


def test_the_cli_writes_the_brief(datong_year, tmp_path, capsys):
    _font_or_skip()
    from waibao.cli.commands import brief as command

    class Args:
        period = "2025-06"
        city = "140200"
        output = str(tmp_path / "out.pdf")
        data_dir = None

    from unittest import mock

    with mock.patch("waibao.cli.django_setup.setup_django"):
        assert command.handle(Args()) == 0
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")


def test_the_staff_button_returns_a_pdf_and_the_public_gets_none(client, author, datong_year):
    _font_or_skip()
    assert client.get("/data/brief/?period=2025-06").status_code == 302  # to sign in
    client.force_login(author)
    response = client.get("/data/brief/?period=2025-06")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_progress_ratios_print_as_percentages():
    assert brief.percent("0.4500") == "45.00%"
    assert brief.percent("0.0009") == "0.09%"
    assert brief.percent(None) == "—"


def test_with_the_stats_module_the_brief_shows_datongs_targets(datong_year, tmp_path):
    _font_or_skip()
    from waibao.reporting.models import ExchangeRate

    for year in (2024, 2025):
        ExchangeRate.objects.get_or_create(
            currency="USD", year=year, defaults={"cny_per_unit": "7.100000", "source": "test"}
        )
    path = tmp_path / "b.pdf"
    path.write_bytes(brief.brief_pdf(2025, 6, city_code="140200"))
    text = _pdftotext(path)
    section = text[text.index("六、发展目标进度") :]
    assert "10亿美元" in section and "%" in section
