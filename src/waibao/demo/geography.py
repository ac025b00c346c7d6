"""Where the demo organisations sit: the five jurisdictions, real GB/T 2260 districts, parks.

Codes checked against the GB/T 2260 table (as published in python-stdnum's ``cn/loc.dat``):
all districts below are current (Datong's 平城区/云冈区/云州区 since 2018; Hangzhou's 下城/江干
abolished in 2021 are not used). Dongguan (441900) has no districts, so it is left out: every
demo organisation is registered in a 6-digit district code. Park names are illustrative.

``jurisdiction`` follows FACTS.md: ``guangzhou``, ``hangzhou``, ``wenzhou``, ``datong``; an
organisation of another Guangdong city is ``guangdong`` (only the provincial clauses reach it).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    code: str
    name: str
    province_code: str
    province_name: str
    jurisdiction: str
    weight: float  # share of the demo organisations
    districts: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class DemoPark:
    park_id: str
    name: str
    region_code: str
    capacity_sqm: int
    has_public_it_platform: bool


CITIES: tuple[City, ...] = (
    City(
        "440100",
        "广州市",
        "440000",
        "广东省",
        "guangzhou",
        0.28,
        (
            ("440103", "荔湾区"),
            ("440104", "越秀区"),
            ("440105", "海珠区"),
            ("440106", "天河区"),
            ("440111", "白云区"),
            ("440112", "黄埔区"),
            ("440113", "番禺区"),
            ("440115", "南沙区"),
        ),
    ),
    City(
        "440300",
        "深圳市",
        "440000",
        "广东省",
        "guangdong",
        0.10,
        (
            ("440303", "罗湖区"),
            ("440304", "福田区"),
            ("440305", "南山区"),
            ("440306", "宝安区"),
            ("440307", "龙岗区"),
        ),
    ),
    City(
        "440600",
        "佛山市",
        "440000",
        "广东省",
        "guangdong",
        0.05,
        (("440604", "禅城区"), ("440605", "南海区"), ("440606", "顺德区")),
    ),
    City(
        "440400",
        "珠海市",
        "440000",
        "广东省",
        "guangdong",
        0.04,
        (("440402", "香洲区"), ("440403", "斗门区"), ("440404", "金湾区")),
    ),
    City(
        "330100",
        "杭州市",
        "330000",
        "浙江省",
        "hangzhou",
        0.25,
        (
            ("330102", "上城区"),
            ("330105", "拱墅区"),
            ("330106", "西湖区"),
            ("330108", "滨江区"),
            ("330109", "萧山区"),
            ("330110", "余杭区"),
        ),
    ),
    City(
        "330300",
        "温州市",
        "330000",
        "浙江省",
        "wenzhou",
        0.14,
        (
            ("330302", "鹿城区"),
            ("330303", "龙湾区"),
            ("330304", "瓯海区"),
            ("330381", "瑞安市"),
            ("330382", "乐清市"),
        ),
    ),
    City(
        "140200",
        "大同市",
        "140000",
        "山西省",
        "datong",
        0.14,
        (("140212", "新荣区"), ("140213", "平城区"), ("140214", "云冈区"), ("140215", "云州区")),
    ),
)

CITY_BY_CODE = {city.code: city for city in CITIES}
JURISDICTIONS = ("guangzhou", "guangdong", "hangzhou", "wenzhou", "datong")

PARKS: tuple[DemoPark, ...] = (
    DemoPark("GZ-TH-01", "天河软件园", "440106", 600_000, True),
    DemoPark("GZ-HP-01", "广州科学城", "440112", 900_000, True),
    DemoPark("GZ-NS-01", "南沙服务外包园", "440115", 200_000, False),
    DemoPark("SZ-NS-01", "深圳软件产业基地", "440305", 700_000, True),
    DemoPark("FS-NH-01", "佛山南海软件科技园", "440605", 250_000, False),
    DemoPark("ZH-XZ-01", "珠海南方软件园", "440402", 300_000, True),
    DemoPark("HZ-BJ-01", "杭州高新区(滨江)服务外包园", "330108", 800_000, True),
    DemoPark("HZ-XH-01", "西湖区数字经济产业园", "330106", 300_000, False),
    DemoPark("WZ-LC-01", "温州鹿城服务外包示范园", "330302", 150_000, True),
    DemoPark("WZ-LW-01", "浙南科技城服务外包园", "330303", 180_000, False),
    DemoPark("DT-PC-01", "大同数字经济产业园", "140213", 120_000, True),
    DemoPark("DT-YG-01", "大同经开区服务外包园", "140214", 100_000, False),
)


def city_of(region_code: str) -> City:
    return CITY_BY_CODE[region_code[:4] + "00"]


def jurisdiction_of(region_code: str) -> str:
    return city_of(region_code).jurisdiction


def region_rows() -> list[tuple[str, str, str, str | None]]:
    """(code, name, level, parent code) for every province, city and district used, parents
    first, so they can be created in order."""
    rows: list[tuple[str, str, str, str | None]] = []
    seen: set[str] = set()
    for city in CITIES:
        if city.province_code not in seen:
            rows.append((city.province_code, city.province_name, "province", None))
            seen.add(city.province_code)
        rows.append((city.code, city.name, "city", city.province_code))
        rows.extend((code, name, "district", city.code) for code, name in city.districts)
    return rows
