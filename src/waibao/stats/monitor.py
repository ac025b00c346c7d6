"""重点企业监测 (a text's 保障措施 统计支撑): the key enterprises of each city and their alerts.

Key enterprises are the top N of a city by US dollars executed from January to the monitored
month (ties: the smaller 统一社会信用代码 first, so a ranking never depends on the engine).
Two alerts:

- ``fall``: executions January..month fell by more than the threshold against the same
  months of the year before: ``(previous - current) / previous > threshold`` (exact). An
  enterprise with nothing the year before cannot fall.
- ``silent``: no contract signed and no execution dated in the monitored calendar month (from
  its first to its last day, inclusive). ``silent_months`` lists every month 1..month of the
  year without either, so a bureau sees how long an enterprise has been silent.
"""

from __future__ import annotations

import io
import json
from fractions import Fraction
from typing import Any

from waibao.money import format_fen
from waibao.spreadsheets import csv_writer
from waibao.stats.indicators import events
from waibao.stats.output import format_ratio
from waibao.stats.sources import Source


class MonitorError(ValueError):
    """The monitoring request cannot be answered (bad threshold, missing rates)."""


def monitor_run(
    source: Source,
    *,
    year: int,
    month: int,
    top: int = 10,
    city: str | None = None,
    fall_threshold: Fraction = Fraction(3, 10),
) -> dict[str, Any]:
    if not 0 <= fall_threshold <= 1:
        raise MonitorError("--fall-threshold must be between 0 and 1")
    if top < 1:
        raise MonitorError("--top must be at least 1")
    e = events(source, year=year, through_month=month, derived=("city", "month"))
    if city is not None:
        e = e.filter(e.city == city)
    executed = ~e.is_contract
    totals = e.group_by(["city", "organisation_id"]).aggregate(
        executed_usd=e.usd_minor.sum(where=executed & e.current).fill_null(0).cast("int64"),
        previous_usd=e.usd_minor.sum(where=executed & e.previous).fill_null(0).cast("int64"),
        unrated=e.unrated.sum().fill_null(0).cast("int64"),
    )
    active = e.filter(e.current).select("organisation_id", "month").distinct()
    org = source.organisations.select("organisation_id", "uscc", "name")
    total_rows = source.con.to_pyarrow(totals.join(org, "organisation_id")).to_pylist()
    month_rows = source.con.to_pyarrow(active).to_pylist()
    if any(row["unrated"] for row in total_rows):
        from waibao.stats.indicators import missing_rates

        raise MonitorError(
            "no yearly average exchange rate for "
            + ", ".join(missing_rates(source, year=year, through_month=month))
        )
    months: dict[int, set[int]] = {}
    for row in month_rows:
        months.setdefault(row["organisation_id"], set()).add(int(row["month"]))
    by_city: dict[str, list[dict[str, Any]]] = {}
    for row in total_rows:
        by_city.setdefault(row["city"], []).append(row)
    cities = []
    alerts = []
    for code in sorted(by_city):
        ranked = sorted(by_city[code], key=lambda r: (-r["executed_usd"], r["uscc"]))[:top]
        enterprises = []
        for rank, row in enumerate(ranked, start=1):
            current, previous = int(row["executed_usd"]), int(row["previous_usd"])
            change = None if previous == 0 else Fraction(current, previous) - 1
            silent_months = [
                m for m in range(1, month + 1) if m not in months.get(row["organisation_id"], ())
            ]
            flags = []
            if previous > 0 and Fraction(previous - current, previous) > fall_threshold:
                flags.append("fall")
            if month in silent_months:
                flags.append("silent")
            item = {
                "rank": rank,
                "uscc": row["uscc"],
                "name": row["name"],
                "executed_usd": format_fen(current),
                "executed_usd_previous": format_fen(previous),
                "executed_usd_yoy": format_ratio(change),
                "silent_months": silent_months,
                "alerts": flags,
            }
            enterprises.append(item)
            for flag in flags:
                alerts.append(
                    {"city": code, "uscc": row["uscc"], "name": row["name"], "alert": flag}
                )
        cities.append({"city": code, "enterprises": enterprises})
    return {
        "year": year,
        "month": month,
        "top": top,
        "fall_threshold": format_ratio(fall_threshold),
        "cities": cities,
        "alerts": alerts,
    }


def monitor_json_csv(result: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    buffer = io.StringIO()
    writer = csv_writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "city",
            "rank",
            "uscc",
            "name",
            "executed_usd",
            "executed_usd_previous",
            "executed_usd_yoy",
            "silent_months",
            "alerts",
        ]
    )
    for city in result["cities"]:
        for item in city["enterprises"]:
            writer.writerow(
                [
                    city["city"],
                    item["rank"],
                    item["uscc"],
                    item["name"],
                    item["executed_usd"],
                    item["executed_usd_previous"],
                    item["executed_usd_yoy"] or "",
                    " ".join(map(str, item["silent_months"])),
                    " ".join(item["alerts"]),
                ]
            )
    return buffer.getvalue()
