"""The demo data set: five jurisdictions, 2019-2025, deterministic for a given seed.

What the generator guarantees (``tests/demo/`` checks each one):

- the same ``seed`` and ``enterprises`` give the same records (``data_hash``);
- organisations in real GB/T 2260 districts of Guangzhou, Shenzhen, Foshan, Zhuhai
  (Guangdong), Hangzhou, Wenzhou and Datong, in every year 2019-2025, with valid
  统一社会信用代码 (both check characters) and parks of ``geography.PARKS``;
- organisations of every kind (enterprise, park, training_institution, platform);
- offshore 52-61% of execution value each year; executions about 0.7 of contract value;
  offshore ITO/BPO/KPO about 40/17/43; US + HK + EU about half of offshore; graduates about
  65% of staff; heavy-tailed firm sizes averaging about 200 staff; currencies mostly USD and
  CNY with some EUR, JPY and HKD (``generator`` says where each number comes from);
- every FACTS.md fact kind, and hand-made organisations (``scenarios.SCENARIOS``) on both
  sides of the clause thresholds of clauses.yaml: software exports at USD 500,000 and
  5,000,000, R&D growth at 10%, registered capital at 1亿, CMMI 3-5 new/upgrade/maintenance,
  recognitions of every kind and level, trainings, expenses, awards already received, Guangdong
  violations, Datong organisations with and without statistics reported.

``generate`` yields one ``Bundle`` per organisation (scenarios first), streaming, so memory
stays bounded at any size; ``waibao.demo.loader`` writes them to the database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator

from waibao.demo.generator import EnterpriseGenerator, OffshoreSteering
from waibao.demo.records import Bundle
from waibao.demo.scenarios import SCENARIOS, scenario_bundles, scenario_uscc

DEFAULT_SEED = 2025
DEFAULT_ENTERPRISES = 300


def generate(
    *, seed: int = DEFAULT_SEED, enterprises: int = DEFAULT_ENTERPRISES
) -> Iterator[Bundle]:
    """The scenario organisations, then ``enterprises`` ordinary ones."""
    steering = OffshoreSteering()
    yield from scenario_bundles(seed, steering)
    yield from EnterpriseGenerator(seed=seed, count=enterprises, steering=steering)


def usccs(*, seed: int = DEFAULT_SEED, enterprises: int = DEFAULT_ENTERPRISES) -> list[str]:
    """Every organisation's 统一社会信用代码, without generating the rest (cheap)."""
    generator = EnterpriseGenerator(seed=seed, count=enterprises, steering=OffshoreSteering())
    codes = [scenario_uscc(index) for index in range(len(SCENARIOS))]
    codes += [generator.identity(index)[0] for index in range(enterprises)]
    return codes


def organisation_count(enterprises: int) -> int:
    return len(SCENARIOS) + enterprises


def _default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value))


def data_hash(bundles: Iterable[Bundle]) -> str:
    """SHA-256 over every record, in order: equal hashes mean equal data sets."""
    digest = hashlib.sha256()
    for bundle in bundles:
        digest.update(
            json.dumps(
                dataclasses.asdict(bundle), default=_default, ensure_ascii=False, sort_keys=True
            ).encode()
        )
    return digest.hexdigest()
