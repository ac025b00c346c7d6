"""Currency conversion at the yearly average rate (DATA-FORMATS.md §3, STATS.md).

An amount in another currency is converted with the rate of the year of its date, taken from
``ExchangeRate`` (shipped table plus whatever an administrator added). Conversion is exact:
the rate is a ``Fraction`` of its decimal, the product is rounded once, half up, to the
hundredth (``waibao.money.round_half_up``). A missing rate is an error, never a guess.

For many conversions, read the table once with ``rate_table()`` and pass it as ``rates=``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

from waibao.money import round_half_up

RateTable = Mapping[tuple[str, int], Decimal]


class MissingRate(LookupError):
    """No yearly rate for a currency and year: an administrator must add it."""

    def __init__(self, currency: str, year: int):
        self.currency, self.year = currency, year
        super().__init__(
            f"no exchange rate for {currency} in {year}: add the yearly average "
            f"(CNY per 1 {currency}) in the admin under 年平均汇率"
        )


def rate_table() -> dict[tuple[str, int], Decimal]:
    """Every rate in the database, keyed by ``(currency, year)``."""
    from waibao.reporting.models import ExchangeRate

    return {
        (currency, year): value
        for currency, year, value in ExchangeRate.objects.values_list(
            "currency", "year", "cny_per_unit"
        )
    }


def cny_per_unit(currency: str, year: int, *, rates: RateTable | None = None) -> Decimal:
    """CNY per one unit of ``currency``, yearly average of ``year``; ``1`` for CNY."""
    if currency == "CNY":
        return Decimal(1)
    if rates is not None:
        value = rates.get((currency, year))
    else:
        from waibao.reporting.models import ExchangeRate

        value = (
            ExchangeRate.objects.filter(currency=currency, year=year)
            .values_list("cny_per_unit", flat=True)
            .first()
        )
    if value is None:
        raise MissingRate(currency, year)
    return value


def to_cny_fen(
    amount_minor: int, currency: str, year: int, *, rates: RateTable | None = None
) -> int:
    """Hundredths of ``currency`` as fen, at the year's rate, rounded once, half up."""
    if currency == "CNY":
        return amount_minor
    rate = Fraction(cny_per_unit(currency, year, rates=rates))
    return round_half_up(Fraction(amount_minor) * rate)


def to_usd_cents(
    amount_minor: int, currency: str, year: int, *, rates: RateTable | None = None
) -> int:
    """Hundredths of ``currency`` as US cents, through CNY at the year's two rates, with the
    one rounding at the end (not a rounded CNY amount converted again)."""
    if currency == "USD":
        return amount_minor
    cny = Fraction(cny_per_unit(currency, year, rates=rates))
    usd = Fraction(cny_per_unit("USD", year, rates=rates))
    return round_half_up(Fraction(amount_minor) * cny / usd)
