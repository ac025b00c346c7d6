"""How fast ``waibao import-roster`` is, against a naive per-row import.

    python -m bench.talent_roster --rows 10000 --baseline-rows 1000

In a fresh SQLite database of its own (a temporary data directory, generated keys): generate
a valid roster of ``--rows`` trainees, time ``roster_import`` on it, time a re-import (every
row unchanged), time ``trainings_facts`` and ``talent_totals`` over it, then time the baseline
on ``--baseline-rows`` other trainees: ``person_get_or_create`` (one lookup, three
encryptions) and one ``Enrolment.objects.create`` per row, in one transaction. Rates are rows
per second; the ratio is the import's rate over the baseline's.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path


def _id_number(serial: int, first_day: int) -> str:
    """A valid ID number: 1,000 serials per birth day, birth days from 1995-01-01 on."""
    import datetime as dt

    from stdnum.cn import ric

    born = dt.date(1995, 1, 1) + dt.timedelta(days=first_day + serial // 1000)
    body = f"330106{born:%Y%m%d}{serial % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def _roster(path: Path, provider: str, hirer: str, rows: int, first_day: int) -> None:
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "provider_uscc",
                "course_code",
                "id_number",
                "name",
                "phone",
                "enrolled_on",
                "graduation_date",
                "fee_paid_cny",
                "completed_on",
                "final_exam",
                "hired_by_uscc",
                "hired_on",
            ]
        )
        for n in range(rows):
            hired = n % 3 == 0
            writer.writerow(
                [
                    provider,
                    "QBS-01",
                    _id_number(n, first_day),
                    f"学员{n}",
                    f"138{n:08d}",
                    "2024-03-01",
                    "2024-06-30",
                    "6000.50",
                    "2024-08-31",
                    "pass",
                    hirer if hired else "",
                    "2024-09-15" if hired else "",
                ]
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--baseline-rows", type=int, default=1000)
    args = parser.parse_args(argv)
    if args.rows > 900_000 or args.baseline_rows > 900_000:
        parser.error("at most 900,000 rows (1,000 ID numbers a birth day, 900 days)")

    from cryptography.fernet import Fernet

    folder = Path(tempfile.mkdtemp(prefix="waibao-bench-talent-"))
    os.environ.pop("DATABASE_URL", None)
    os.environ["WAIBAO_DATA_DIR"] = str(folder)
    os.environ["WAIBAO_FIELD_KEY"] = Fernet.generate_key().decode()
    os.environ["WAIBAO_BLIND_INDEX_KEY"] = Fernet.generate_key().decode()
    from waibao.cli.django_setup import setup_django

    setup_django()
    from django.db import transaction

    from waibao.registry.models import Organisation, Region
    from waibao.talent.models import Enrolment
    from waibao.talent.roster import roster_import
    from waibao.talent.selectors import talent_totals, trainings_facts
    from waibao.talent.services import course_create, person_get_or_create

    region = Region.objects.create(code="330106", name="西湖区", level="district")
    provider = Organisation.objects.create(
        uscc="91330100MA00000011", name="培训学院", kind="training_institution", region=region
    )
    hirer = Organisation.objects.create(
        uscc="91330100MA00000022", name="甲公司", kind="enterprise", region=region
    )
    course = course_create(provider=provider, code="QBS-01", name="千百十", qianbaishi=True)
    path = folder / "roster.csv"
    _roster(path, provider.uscc, hirer.uscc, args.rows, 0)

    def timed(label: str, rows: int, work) -> float:
        start = time.perf_counter()
        work()
        seconds = time.perf_counter() - start
        print(f"{label:<34} {rows:>7} rows {seconds:8.2f} s {rows / seconds:10.0f} rows/s")
        return rows / seconds

    rate = timed("roster_import (new rows)", args.rows, lambda: roster_import(path))
    timed("roster_import (re-import)", args.rows, lambda: roster_import(path))
    timed("trainings_facts", args.rows, lambda: trainings_facts(provider, 2024))
    timed("talent_totals", args.rows, lambda: talent_totals(2024))

    baseline_path = folder / "baseline.csv"
    _roster(baseline_path, provider.uscc, hirer.uscc, args.baseline_rows, 1000)
    import csv

    with baseline_path.open(encoding="utf-8") as handle:
        sample = list(csv.DictReader(handle))

    @transaction.atomic
    def naive() -> None:
        for row in sample:
            person, _ = person_get_or_create(
                id_number=row["id_number"], name=row["name"], phone=row["phone"]
            )
            Enrolment.objects.create(
                course=course,
                person=person,
                person_key=person.id_number_index,
                enrolled_on="2024-03-01",
                fee_paid_fen=600050,
                completed_on="2024-08-31",
            )

    baseline = timed("baseline: per-row ORM", len(sample), naive)
    print(f"ratio (roster_import / baseline rate): {rate / baseline:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
