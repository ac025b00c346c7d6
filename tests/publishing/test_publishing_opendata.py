"""Open-data releases: suppressed, versioned, immutable, described by a Data Package."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook
from publishing_support import four_fen_twice, region

from waibao.publishing import opendata
from waibao.publishing.access import Forbidden
from waibao.publishing.models import DataRelease, DataReleaseVersion, ImmutableVersion


@pytest.fixture
def release(db):
    return DataRelease.objects.create(
        slug="executed-usd-2025-district-group",
        title_zh="2025年服务外包执行额(美元)按区县和大类",
        title_en="Service outsourcing executed 2025 (USD) by district and group",
        year=2025,
        dimensions=["district", "group"],
        measure="executed_usd",
    )


@pytest.fixture
def executions(registry):
    for i in range(3):
        registry(f"平城ITO{i}", "140213", "ITO", 1_000_000 + i)
        registry(f"云冈ITO{i}", "140214", "ITO", 2_000_000 + i)
        registry(f"平城BPO{i}", "140213", "BPO", 300_000 + i)
    region("140212", "新荣区")
    for i in range(3):
        registry(f"新荣ITO{i}", "140212", "ITO", 4_000_000)
        registry(f"新荣BPO{i}", "140212", "BPO", 5_000_000 + i)
    registry("云冈唯一BPO", "140214", "BPO", 777_777)  # one enterprise in the cell


def _rows(version):
    path = opendata.version_dir(version.release.slug, version.number) / "data.csv"
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_a_published_release_hides_the_single_enterprise_and_its_complements(
    author, release, executions
):
    version = opendata.release_publish(user=author, release=release)
    rows = {(r["district"], r["group"]): r for r in _rows(version)}
    lonely = rows[("140214", "BPO")]
    assert lonely["value"] == "" and lonely["flag"] == "suppressed"
    assert "7777.77" not in (opendata.version_dir(release.slug, 1) / "data.csv").read_text()
    # the row total of 云冈 minus its ITO cell must not give the lonely cell away
    assert (
        rows[("140214", "total")]["flag"] == "suppressed"
        or rows[("140214", "ITO")]["flag"] == "suppressed"
    )
    # the column's complement is its smallest other cell (平城 BPO), not 新荣's larger one
    assert rows[("140213", "BPO")]["flag"] == "suppressed"
    # a safe cell is published in dollars with two decimals
    assert rows[("140212", "BPO")]["value"] == "150000.03"  # 5000000+5000001+5000002 cents
    assert rows[("140212", "BPO")]["enterprises"] == "3"
    assert version.suppressed_cells >= 4


def test_every_format_holds_the_same_rows_and_the_package_describes_them(
    author, release, executions
):
    version = opendata.release_publish(user=author, release=release)
    directory = opendata.version_dir(release.slug, 1)
    csv_rows = _rows(version)
    json_rows = json.loads((directory / "data.json").read_text(encoding="utf-8"))
    sheet = load_workbook(directory / "data.xlsx").active
    xlsx_rows = list(sheet.iter_rows(values_only=True))
    assert len(csv_rows) == len(json_rows) == len(xlsx_rows) - 1
    package = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
    assert package["version"] == "1.0.0"
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert fields["value"]["unit"] == "USD" and fields["value"]["type"] == "number"
    assert fields["enterprises"]["unit"] == "count"
    assert fields["district"]["title_zh"] == "区县" and fields["district"]["title"]
    assert package["waibao:suppression"]["min_enterprises"] == 3
    assert "85%" in package["waibao:suppression"]["rule"]
    assert set(version.files) == set(opendata.FILE_NAMES)


def test_a_new_version_supersedes_and_the_old_one_stays_unchanged(
    client, author, release, executions, registry
):
    v1 = opendata.release_publish(user=author, release=release)
    before = (opendata.version_dir(release.slug, 1) / "data.csv").read_bytes()
    for i in range(2):
        registry(f"云冈新BPO{i}", "140214", "BPO", 500_000)  # the BPO cell now has 3 firms
    v2 = opendata.release_publish(user=author, release=release)
    assert (v1.number, v2.number) == (1, 2)
    assert (opendata.version_dir(release.slug, 1) / "data.csv").read_bytes() == before
    assert v1.superseded and not v2.superseded
    rows = {(r["district"], r["group"]): r for r in _rows(v2)}
    assert rows[("140214", "BPO")]["value"] == "17777.77"
    page = client.get("/data/").content.decode()
    assert "v2" in page and "v1" in page and "已被新版本取代" in page
    response = client.get(f"/data/{release.slug}/v1/data.csv")
    assert b"".join(response.streaming_content) == before


def test_a_published_version_cannot_be_changed_or_deleted(author, release, executions):
    version = opendata.release_publish(user=author, release=release)
    version.rows = 0
    with pytest.raises(ImmutableVersion):
        version.save()
    with pytest.raises(ImmutableVersion):
        version.delete()
    assert DataReleaseVersion.objects.get(pk=version.pk).rows > 0


def test_a_file_changed_on_disk_after_publication_is_not_served(
    client, author, release, executions
):
    opendata.release_publish(user=author, release=release)
    path = opendata.version_dir(release.slug, 1) / "data.csv"
    path.write_text("tampered", encoding="utf-8")
    assert client.get(f"/data/{release.slug}/v1/data.csv").status_code == 404


def test_only_a_city_administrator_publishes_data(staff, release, executions):
    with pytest.raises(Forbidden):
        opendata.release_publish(user=staff("leader", role="leader"), release=release)


def test_the_data_page_publishes_for_a_city_administrator_only(
    client, staff, author, release, executions
):
    client.force_login(staff("leader", role="leader"))
    assert client.post(f"/data/{release.slug}/publish/").status_code == 403
    client.force_login(author)
    assert "发布第一版" in client.get("/data/").content.decode()
    assert client.post(f"/data/{release.slug}/publish/").status_code == 302
    assert list(release.versions.values_list("number", flat=True)) == [1]
    client.logout()
    page = client.get("/data/").content.decode()
    assert "v1" in page and "发布新版本" not in page


def test_a_one_dimension_release_by_city_in_cny_converts_at_the_yearly_rate(author, registry):
    from waibao.reporting.models import ExchangeRate

    ExchangeRate.objects.update_or_create(
        currency="USD", year=2025, defaults={"cny_per_unit": "7.123450", "source": "t"}
    )
    for i in range(3):
        registry(f"城市{i}", "140213", "ITO", 100)  # $1.00 = 712.345 fen → 712 per enterprise
    release = DataRelease.objects.create(
        slug="executed-cny-2025-city", title_zh="按城市", title_en="By city", year=2025,
        dimensions=["city"], measure="executed_cny",
    )  # fmt: skip
    version = opendata.release_publish(user=author, release=release)
    rows = _rows(version)
    assert [(r["city"], r["value"]) for r in rows] == [("140200", "21.36"), ("total", "21.36")]
    package = json.loads(
        (opendata.version_dir(release.slug, 1) / "datapackage.json").read_text(encoding="utf-8")
    )
    value = next(f for f in package["resources"][0]["schema"]["fields"] if f["name"] == "value")
    assert value["unit"] == "CNY"


def test_each_execution_is_converted_on_its_own_before_the_cells_add_up(author, registry):
    org = registry("半分", "140213", "ITO", 100)  # USD 1.00
    four_fen_twice(org)
    release = DataRelease.objects.create(
        slug="half-cents", title_zh="x", title_en="x", year=2025,
        dimensions=["city"], measure="executed_usd", min_enterprises=1,
    )  # fmt: skip
    records = opendata.release_records(release)
    assert records == [("140200", "value", org.pk, 100 + 1 + 1)]  # not 100 + 1 (CNY 0.08)


def test_a_release_needing_a_missing_exchange_rate_is_refused(author, registry):
    from waibao.reporting.models import ExchangeRate

    # The shipped table has a provisional 2025 rate; a bureau that has not entered it yet:
    ExchangeRate.objects.filter(currency="USD", year=2025).delete()
    registry("无汇率", "140213", "ITO", 100)
    release = DataRelease.objects.create(
        slug="cny-no-rate", title_zh="x", title_en="x", year=2025,
        dimensions=["city"], measure="executed_cny",
    )  # fmt: skip
    with pytest.raises(opendata.ReleaseError, match="USD"):
        opendata.release_publish(user=author, release=release)
    assert not release.versions.exists()
