"""Write ``src/waibao/data/exchange_rates.csv`` from the hand-transcribed series below.

Why a script: the USD series is the official yearly average of the PBOC/CFETS central parity
(国家统计局《中国统计年鉴》table 人民币汇率, and each year's 统计公报), transcribed by hand;
the other currencies are *estimates* (USD central-parity average × the yearly average market
cross rate against USD), because their yearbook values were not at hand. Keeping the inputs
here makes every estimate reproducible and easy to replace with the yearbook figure: put the
official value in ``OFFICIAL`` and rerun. See ``exchange_rates.source.md``.

    python scripts/derive_exchange_rates.py
"""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[1] / "src" / "waibao" / "data" / "exchange_rates.csv"

# CNY per 1 USD, yearly average of the central parity (统计公报 "全年人民币平均汇率").
USD = {
    2005: "8.1917", 2006: "7.9718", 2007: "7.6040", 2008: "6.9451", 2009: "6.8310",
    2010: "6.7695", 2011: "6.4588", 2012: "6.3125", 2013: "6.1932", 2014: "6.1428",
    2015: "6.2284", 2016: "6.6423", 2017: "6.7518", 2018: "6.6174", 2019: "6.8985",
    2020: "6.8976", 2021: "6.4515", 2022: "6.7261", 2023: "7.0467", 2024: "7.1217",
    2025: "7.1500",
}  # fmt: skip

# Yearly average market cross rates, written as "units of the currency per 1 USD" except
# EUR and GBP, written as "USD per 1 unit" (the way those markets quote them).
USD_PER_EUR = {
    2005: "1.245", 2006: "1.256", 2007: "1.371", 2008: "1.471", 2009: "1.395",
    2010: "1.327", 2011: "1.392", 2012: "1.286", 2013: "1.328", 2014: "1.329",
    2015: "1.110", 2016: "1.107", 2017: "1.130", 2018: "1.181", 2019: "1.120",
    2020: "1.142", 2021: "1.183", 2022: "1.053", 2023: "1.081", 2024: "1.082",
    2025: "1.130",
}  # fmt: skip
USD_PER_GBP = {
    2005: "1.820", 2006: "1.843", 2007: "2.002", 2008: "1.853", 2009: "1.566",
    2010: "1.546", 2011: "1.604", 2012: "1.585", 2013: "1.564", 2014: "1.648",
    2015: "1.528", 2016: "1.355", 2017: "1.289", 2018: "1.335", 2019: "1.277",
    2020: "1.284", 2021: "1.376", 2022: "1.237", 2023: "1.244", 2024: "1.278",
    2025: "1.320",
}  # fmt: skip
JPY_PER_USD = {
    2005: "110.22", 2006: "116.30", 2007: "117.75", 2008: "103.36", 2009: "93.57",
    2010: "87.78", 2011: "79.81", 2012: "79.79", 2013: "97.60", 2014: "105.94",
    2015: "121.04", 2016: "108.79", 2017: "112.17", 2018: "110.42", 2019: "109.01",
    2020: "106.78", 2021: "109.75", 2022: "131.50", 2023: "140.49", 2024: "151.46",
    2025: "149.60",
}  # fmt: skip
HKD_PER_USD = {
    2005: "7.777", 2006: "7.768", 2007: "7.801", 2008: "7.787", 2009: "7.752",
    2010: "7.769", 2011: "7.784", 2012: "7.756", 2013: "7.756", 2014: "7.754",
    2015: "7.752", 2016: "7.762", 2017: "7.794", 2018: "7.839", 2019: "7.836",
    2020: "7.757", 2021: "7.773", 2022: "7.831", 2023: "7.829", 2024: "7.803",
    2025: "7.820",
}  # fmt: skip
KRW_PER_USD = {
    2005: "1024", 2006: "955", 2007: "929", 2008: "1103", 2009: "1276",
    2010: "1156", 2011: "1108", 2012: "1127", 2013: "1095", 2014: "1053",
    2015: "1131", 2016: "1160", 2017: "1130", 2018: "1100", 2019: "1166",
    2020: "1180", 2021: "1144", 2022: "1292", 2023: "1306", 2024: "1364",
    2025: "1420",
}  # fmt: skip
SGD_PER_USD = {
    2005: "1.664", 2006: "1.589", 2007: "1.507", 2008: "1.415", 2009: "1.455",
    2010: "1.364", 2011: "1.258", 2012: "1.250", 2013: "1.251", 2014: "1.267",
    2015: "1.375", 2016: "1.381", 2017: "1.381", 2018: "1.349", 2019: "1.364",
    2020: "1.380", 2021: "1.344", 2022: "1.379", 2023: "1.343", 2024: "1.336",
    2025: "1.310",
}  # fmt: skip

OFFICIAL: dict[tuple[str, int], str] = {}  # (currency, year) -> yearbook value, when verified

USD_SOURCE = "国家统计局 统计年鉴/统计公报 人民币汇率 年平均价(中间价); transcribed, verify"
ESTIMATE_SOURCE = "estimate: USD central-parity yearly average x market cross rate; verify"
PROVISIONAL = "; 2025 provisional (partial-year estimate)"


def derived(currency: str, year: int) -> Decimal:
    usd = Decimal(USD[year])
    if currency == "USD":
        return usd
    if currency == "EUR":
        return usd * Decimal(USD_PER_EUR[year])
    if currency == "GBP":
        return usd * Decimal(USD_PER_GBP[year])
    per_usd = {"JPY": JPY_PER_USD, "HKD": HKD_PER_USD, "KRW": KRW_PER_USD, "SGD": SGD_PER_USD}
    return usd / Decimal(per_usd[currency][year])


PLACES = {"JPY": Decimal("0.000001"), "KRW": Decimal("0.000001")}


def main() -> None:
    rows = []
    for currency in ("USD", "EUR", "JPY", "HKD", "GBP", "KRW", "SGD"):
        for year in range(2005, 2026):
            if (currency, year) in OFFICIAL:
                value, source = Decimal(OFFICIAL[currency, year]), "国家统计局 中国统计年鉴"
            else:
                places = PLACES.get(currency, Decimal("0.0001"))
                value = derived(currency, year).quantize(places, rounding=ROUND_HALF_UP)
                source = USD_SOURCE if currency == "USD" else ESTIMATE_SOURCE
            if year == 2025:
                source += PROVISIONAL
            rows.append((currency, year, str(value), source))
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["currency", "year", "cny_per_unit", "source"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} rates to {OUTPUT}")


if __name__ == "__main__":
    main()
