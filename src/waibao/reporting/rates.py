"""The one currency conversion of Waibao: every figure shown in USD or CNY is computed here
(DATA-FORMATS.md §3, STATS.md, docs/decisions/0003 and 0010).

The rule: an amount of ``a`` hundredths of a currency whose yearly average rate (the year of
the amount's date) is ``r`` CNY per unit is converted **on its own**, exactly, and rounded
once, half up, to the fen or the US cent. The rate is read exactly from ``ExchangeRate`` and
kept as integer millionths ``R = r × 10^6``:

- fen = ``a × R / 10^6``, half up;
- US cents = ``a × R / R_usd``, half up (through both rates at once, never a rounded CNY
  amount converted again).

A total is the sum of converted amounts, never a converted sum: rounding a per-currency
subtotal gives a different figure (by up to half a unit per amount), and two pages that
round at different points disagree. ``waibao.stats.exact`` is the vectorised twin of
:func:`cny_minor` and :func:`usd_minor` (Ibis expressions, the same integers on every
engine); a test proves both equal on the edge values. A missing rate is an error
(:class:`MissingRate`), never a guess.

For many conversions read the table once: ``Rates.from_database()``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

MILLION = 1_000_000
RateTable = Mapping[tuple[str, int], Decimal]


class MissingRate(LookupError):
    """No yearly rate for a currency and year: an administrator must add it."""

    def __init__(self, currency: str, year: int):
        self.currency, self.year = currency, year
        super().__init__(
            f"no exchange rate for {currency} in {year}: add the yearly average "
            f"(CNY per 1 {currency}) in the admin under 年平均汇率"
        )


def _half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded half up (away from zero at one half), as
    ``waibao.money.round_half_up`` does, in integers (``denominator > 0``)."""
    quotient, remainder = divmod(abs(numerator), denominator)
    if 2 * remainder >= denominator:
        quotient += 1
    return quotient if numerator >= 0 else -quotient


def rate_micro(cny_per_unit: Decimal | str) -> int:
    """A yearly rate (CNY per unit, at most six decimals) as integer millionths."""
    try:
        scaled = Decimal(cny_per_unit).scaleb(6)
        if scaled == scaled.to_integral_value() and scaled > 0:
            return int(scaled)
    except InvalidOperation:
        pass
    raise ValueError(f"rate {cny_per_unit}: a positive number with at most six decimals")


def cny_minor(amount_minor: int, rate_micro: int) -> int:
    """Fen of ``amount_minor`` hundredths at ``rate_micro`` millionths of CNY per unit."""
    return _half_up(amount_minor * rate_micro, MILLION)


def usd_minor(amount_minor: int, rate_micro: int, usd_rate_micro: int) -> int:
    """US cents of ``amount_minor`` hundredths at ``rate_micro`` over the year's USD rate."""
    return _half_up(amount_minor * rate_micro, usd_rate_micro)


@dataclass(frozen=True)
class Rates:
    """Every yearly rate as integer millionths, keyed by ``(currency, year)``: read once,
    then any number of conversions. CNY is worth one CNY in every year."""

    micro: Mapping[tuple[str, int], int]

    @classmethod
    def from_database(cls) -> Rates:
        return cls({key: rate_micro(value) for key, value in rate_table().items()})

    def rate(self, currency: str, year: int) -> int:
        """Millionths of CNY per unit of ``currency`` in ``year``; :class:`MissingRate`."""
        if currency == "CNY":
            return MILLION
        value = self.micro.get((currency, year))
        if value is None:
            raise MissingRate(currency, year)
        return value

    def cny_fen(self, amount_minor: int, currency: str, year: int) -> int:
        if currency == "CNY":
            return amount_minor
        return cny_minor(amount_minor, self.rate(currency, year))

    def usd_cents(self, amount_minor: int, currency: str, year: int) -> int:
        if currency == "USD":
            return amount_minor
        return usd_minor(amount_minor, self.rate(currency, year), self.rate("USD", year))

    def convert(self, amount_minor: int, currency: str, year: int, target: str) -> int:
        """Hundredths of ``target`` (``"USD"`` or ``"CNY"``)."""
        if target == "USD":
            return self.usd_cents(amount_minor, currency, year)
        if target == "CNY":
            return self.cny_fen(amount_minor, currency, year)
        raise ValueError(f"figures are shown in USD or CNY, not {target}")


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
    return cny_minor(amount_minor, rate_micro(cny_per_unit(currency, year, rates=rates)))


def to_usd_cents(
    amount_minor: int, currency: str, year: int, *, rates: RateTable | None = None
) -> int:
    """Hundredths of ``currency`` as US cents, through CNY at the year's two rates, with the
    one rounding at the end (not a rounded CNY amount converted again)."""
    if currency == "USD":
        return amount_minor
    return usd_minor(
        amount_minor,
        rate_micro(cny_per_unit(currency, year, rates=rates)),
        rate_micro(cny_per_unit("USD", year, rates=rates)),
    )
