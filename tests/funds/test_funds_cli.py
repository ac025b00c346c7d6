import pytest

from waibao.cli import main
from waibao.funds.models import BudgetLine


@pytest.mark.django_db
def test_funds_preload_prints_every_fund_and_the_year_s_lines(capsys):
    assert main(["funds", "preload", "--year", "2008"]) == 0
    out = capsys.readouterr().out
    assert "guangzhou-so-fund" in out and "(五)1" in out
    assert "2008\tcity\t市本级(从市外贸发展专项资金中安排)\t20000000.00" in out
    assert "2008\thetda\t杭州经济技术开发区\t50000000.00" in out
    assert BudgetLine.objects.filter(year=2008).count() == 5  # Wenzhou and Datong start later
