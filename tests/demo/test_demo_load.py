"""Loading the demo data set: complete, idempotent, with one working login per role."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from waibao import demo
from waibao.demo.loader import demo_load
from waibao.demo.logins import LOGIN_SPECS, demo_logins_ensure

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.mark.django_db
def test_loading_twice_adds_the_data_once():
    from waibao.registry.models import Organisation
    from waibao.reporting.models import Contract, Execution

    bundles = list(demo.generate(enterprises=5))
    first = demo_load(bundles)
    counts = (Organisation.objects.count(), Contract.objects.count(), Execution.objects.count())
    second = demo_load(demo.generate(enterprises=5))

    assert first.organisations_added == len(bundles)
    assert first.contracts_added == sum(len(b.contracts) for b in bundles)
    assert first.executions_added == sum(len(c.executions) for b in bundles for c in b.contracts)
    assert counts == (len(bundles), first.contracts_added, first.executions_added)
    assert second.organisations_added == 0
    assert (
        Organisation.objects.count(),
        Contract.objects.count(),
        Execution.objects.count(),
    ) == counts


@pytest.mark.django_db
def test_a_loaded_contract_keeps_its_executions_and_amounts():
    from waibao.reporting.models import Contract

    bundles = list(demo.generate(enterprises=2))
    demo_load(bundles)
    source = bundles[0].contracts[0]
    stored = Contract.objects.get(
        organisation__uscc=bundles[0].organisation.uscc, contract_id=source.contract_id
    )
    assert (stored.amount_minor, stored.currency, stored.client_country, stored.category_id) == (
        source.amount_minor,
        source.currency,
        source.client_country,
        source.category,
    )
    assert sorted(stored.executions.values_list("execution_id", "amount_minor")) == sorted(
        (e.execution_id, e.amount_minor) for e in source.executions
    )


@pytest.mark.django_db
def test_a_contract_created_after_the_load_gets_a_fresh_id():
    from waibao.registry.models import Organisation
    from waibao.reporting.models import Category, Contract

    demo_load(demo.generate(enterprises=1))
    highest = Contract.objects.order_by("-id").first().id
    created = Contract.objects.create(
        organisation=Organisation.objects.first(),
        contract_id="NEW-1",
        client_name="x",
        client_country="US",
        category=Category.objects.first(),
        signed_date="2025-01-02",
        amount_minor=100,
        currency="USD",
    )
    assert created.id > highest


@pytest.mark.django_db
def test_every_role_gets_a_login_with_its_scope(client):
    demo_load(demo.generate(enterprises=0))
    logins = demo_logins_ensure()
    roles = {(login.jurisdiction, login.role) for login in logins}
    for jurisdiction in ("guangzhou", "guangdong", "hangzhou", "wenzhou", "datong"):
        for role in ("enterprise", "district_reviewer", "city_admin"):
            assert (jurisdiction, role) in roles
        officers = [
            login
            for login in logins
            if (login.jurisdiction, login.role) == (jurisdiction, "city_admin")
        ]
        assert len(officers) == 3  # configurer/batch maker, approver, sender: three pairs of hands
    assert {("", "leader"), ("", "analyst"), ("", "system_admin")} <= roles
    assert len({login.username for login in logins}) == len(logins)
    for login in logins:
        assert client.login(username=login.username, password=login.password), login.username
        client.logout()
    again = demo_logins_ensure()  # idempotent: same users, passwords still work
    assert [login.username for login in again] == [login.username for login in logins]

    from waibao.accounts.models import Profile

    profiles = {p.user.username: p for p in Profile.objects.select_related("user")}
    assert profiles["qiye"].organisation.region_id == "440106"
    assert profiles["quji"].region_id == "440106"
    assert profiles["shiji"].region_id == "440100"
    assert profiles["xitong"].user.is_superuser
    assert profiles["gd-city"].region_id == "440000"  # the provincial fund's officer
    assert profiles["hz-shangcheng"].region_id == "330102"
    assert profiles["wz-qiye"].organisation.name == "温州鹿城诚易信息技术有限公司"


def _env() -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["PYTHONPATH"] = str(SRC)
    return env


# What the demo's year of work fills (waibao.demo.year_of_work), one table per kind of item
YEAR_OF_WORK_TABLES = (
    "evaluation_recognitionapplication",
    "evaluation_publication",
    "evaluation_creditevent",
    "talent_course",
    "talent_enrolment",
    "talent_poolentry",
    "publishing_announcement",
    "publishing_datareleaseversion",
    "plans_task",
    "plans_meeting",
)


def _run_demo(data_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = _env()
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "waibao",
            "demo",
            "--no-serve",
            "--data-dir",
            str(data_dir),
            "--enterprises",
            "20",
            *extra,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def _applications(database: Path) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT f.code, o.uscc, a.clause, a.status, a.claimed_fen FROM funds_application a "
            "JOIN funds_fund f ON f.id = a.fund_id JOIN registry_organisation o "
            "ON o.id = a.organisation_id ORDER BY f.code, o.uscc, a.clause"
        ).fetchall()


def _year_of_work(database: Path) -> list[list[tuple]]:
    queries = (
        "SELECT o.uscc, a.programme, a.status FROM evaluation_recognitionapplication a "
        "JOIN registry_organisation o ON o.id = a.organisation_id ORDER BY 1, 2",
        "SELECT p.kind, r.code, p.entries FROM evaluation_publication p "
        "JOIN registry_region r ON r.code = p.region_id ORDER BY 1, 2",
        "SELECT o.uscc, e.kind, e.date, e.restored FROM evaluation_creditevent e "
        "JOIN registry_organisation o ON o.id = e.organisation_id ORDER BY 1, 2, 3",
        "SELECT c.code, e.enrolled_on, e.final_exam, e.qualification_exam, e.certificate_no "
        "FROM talent_enrolment e JOIN talent_course c ON c.id = e.course_id ORDER BY 1, 5, 2",
        "SELECT city_code, kind, state, title_zh FROM publishing_announcement ORDER BY 1, 2",
        "SELECT jurisdiction, key, done_on, deadline FROM plans_task ORDER BY 1, 2",
    )
    with sqlite3.connect(database) as connection:
        return [connection.execute(query).fetchall() for query in queries]


@pytest.mark.slow
def test_waibao_demo_builds_an_sqlite_database_prints_the_logins_and_reuses_it(tmp_path):
    first = _run_demo(tmp_path)
    assert first.returncode == 0, first.stderr
    database = tmp_path / "waibao.sqlite3"
    with sqlite3.connect(database) as connection:
        counts = [
            connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in (
                "registry_organisation",
                "reporting_contract",
                "reporting_execution",
                "auth_user",
                *YEAR_OF_WORK_TABLES,
            )
        ]
    assert counts[0] == demo.organisation_count(20)
    # the year of work (issue 23), the lists and release included (--no-serve: after 就绪)
    assert all(counts[4:]), dict(zip(YEAR_OF_WORK_TABLES, counts[4:], strict=True))
    assert counts[1] > 0 and counts[2] > 0
    with sqlite3.connect(database) as connection:
        # the demo logins, and the accounts (no password) of applicants without one
        usernames = {row[0] for row in connection.execute("SELECT username FROM auth_user")}
    assert {spec.username for spec in LOGIN_SPECS} <= usernames
    assert all(u.startswith("demo-ent-") for u in usernames - {s.username for s in LOGIN_SPECS})
    assert "http://127.0.0.1:8000/" in first.stdout
    # a line per stage with its time, on standard error (no terminal: no progress bar)
    stages = re.findall(r"^\[(\d)/5\] .+ … (\d+\.\d) s$", first.stderr, re.MULTILINE)
    assert [number for number, _seconds in stages] == ["1", "2", "3", "4", "5"], first.stderr
    assert re.search(r"^就绪 ready in \d+\.\d s$", first.stderr, re.MULTILINE)
    assert "loading [" not in first.stderr
    for spec in LOGIN_SPECS:
        assert re.search(rf" {spec.username} +{spec.username}-demo-2025 ", first.stdout)
    for heading in ("== 广州市", "== 广东省", "== 杭州市", "== 温州市", "== 大同市", "== 全部辖区"):
        assert heading in first.stdout

    # the money path (waibao.demo.money_path) is there, and the same for the same seed
    applications = _applications(database)
    assert {status for _fund, _uscc, _clause, status, _claimed in applications} >= {
        "draft",
        "submitted",
        "returned",
        "rejected",
        "district_approved",
        "in_publicity",
        "paid",
    }
    elsewhere = tmp_path / "again"
    assert _run_demo(elsewhere).returncode == 0
    assert _applications(elsewhere / "waibao.sqlite3") == applications
    # the year of work too (people are encrypted with the run's keys: compared by their rows)
    assert _year_of_work(elsewhere / "waibao.sqlite3") == _year_of_work(database)

    second = _run_demo(tmp_path)
    assert second.returncode == 0, second.stderr
    assert "reused" in second.stdout
    with sqlite3.connect(database) as connection:
        again = [
            connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in (
                "registry_organisation",
                "reporting_contract",
                "reporting_execution",
                "auth_user",
                *YEAR_OF_WORK_TABLES,
            )
        ]
    assert again == counts

    # --logins prints the table again from the database, without loading or re-hashing
    logins = _run_demo(tmp_path, "--logins")
    assert logins.returncode == 0, logins.stderr
    assert "载入演示数据" not in logins.stderr
    for spec in LOGIN_SPECS:
        assert re.search(rf" {spec.username} +{spec.username}-demo-2025 ", logins.stdout)
    assert logins.stdout.count("TOTP secret") == sum(s.role != "enterprise" for s in LOGIN_SPECS)
    assert first.stdout.split("演示账号")[1] == logins.stdout.split("演示账号")[1]

    # demo-code gives the current code of a new jurisdiction's officer and reviewer
    import pyotp

    secrets = dict(
        re.findall(r" (\S+) +\S+-demo-2025 .*\n +动态口令 TOTP secret (\w+)", logins.stdout)
    )
    for username in ("hz-city2", "gd-nanshan"):
        code = subprocess.run(
            [sys.executable, "-m", "waibao", "demo-code", username, "--data-dir", str(tmp_path)],
            capture_output=True,
            text=True,
            env={**_env()},
            timeout=120,
            check=False,
        )
        assert code.returncode == 0, code.stderr
        assert pyotp.TOTP(secrets[username]).verify(code.stdout.strip(), valid_window=1)


def test_waibao_demo_refuses_a_negative_size(capsys):
    from waibao.cli import main

    assert main(["demo", "--no-serve", "--enterprises", "-1"]) == 1
    assert "--enterprises" in capsys.readouterr().err


@pytest.mark.django_db
def test_the_scenario_facts_arrive_in_the_database_unchanged():
    from waibao.registry.models import Organisation

    demo_load(demo.generate(enterprises=0))
    exporter = Organisation.objects.get(name="杭州滨江星辰软件有限公司")
    exports = dict(exporter.years.values_list("year", "software_export_usd_cents"))
    assert (exports[2020], exports[2021], exports[2022]) == (50_000_000, 499_999_999, 500_000_000)
    assert list(exporter.awards.values_list("clause", "year", "amount_fen")) == [
        ("hangzhou.12.software_export", 2020, 20_000_000)
    ]
    park = Organisation.objects.get(name="温州鹿城服务外包示范园管理有限公司")
    assert park.kind == "park" and park.park_id == "WZ-LC-01"
    assert list(park.recognitions.values_list("kind", "level", "has_public_it_platform")) == [
        ("demonstration_park", "provincial", True)
    ]
    blocked = Organisation.objects.get(name="大同云冈数据服务有限公司")
    assert blocked.years.get(year=2023).statistics_reported is False
    assert blocked.certifications.get().scheme == "CMMI"


@pytest.mark.django_db
def test_the_scenarios_issue_19_facts_make_its_clauses_apply_from_the_database():
    """The demo shows the new clauses at work: a new office lease in a Wenzhou demonstration
    park (wenzhou.10), the grants matched (wenzhou.11), an event's venue and travel
    (wenzhou.12.organised_events), Datong's interest subsidy (datong.9), Guangdong's
    matching of central training funds (guangdong.13)."""
    from waibao.facts.from_db import facts_for_year
    from waibao.registry.models import Organisation
    from waibao.rules import entitlements

    demo_load(demo.generate(enterprises=0))

    def applied(name, year):
        uscc = Organisation.objects.get(name=name).uscc
        return {r["clause"] for r in entitlements(facts_for_year(year, uscc=uscc))}

    wenzhou = "温州鹿城诚易信息技术有限公司"
    assert "wenzhou.10.office_rent" in applied(wenzhou, 2023)
    assert {"wenzhou.11.matching", "wenzhou.12.organised_events"} <= applied(wenzhou, 2024)
    assert "datong.9.interest_subsidy" in applied("大同平城云智信息技术有限公司", 2023)
    assert "guangdong.13.training_matching" in applied("广州天河云联信息技术有限公司", 2021)


@pytest.mark.django_db
def test_a_demo_staff_login_signs_in_with_its_password_and_the_printed_second_factor(
    client, settings
):
    import pyotp

    settings.WAIBAO_ENFORCE_SECOND_FACTOR = True
    demo_load(demo.generate(enterprises=0))
    logins = {login.username: login for login in demo_logins_ensure()}
    assert logins["qiye"].totp_secret is None  # optional for enterprises
    reviewer = logins["quji"]
    assert reviewer.totp_secret
    again = {login.username: login for login in demo_logins_ensure()}
    assert again["quji"].totp_secret == reviewer.totp_secret  # stable across runs

    step = client.post(
        "/security/login/", {"username": reviewer.username, "password": reviewer.password}
    )
    assert step["Location"] == "/security/login/verify/"
    assert "_auth_user_id" not in client.session
    client.post("/security/login/verify/", {"code": pyotp.TOTP(reviewer.totp_secret).now()})
    assert "_auth_user_id" in client.session


def test_each_stage_is_one_line_with_its_number_name_and_time():
    import io

    from waibao.cli.commands.demo import Stages

    stream = io.StringIO()
    stages = Stages(total=2, stream=stream)
    with stages.stage("准备数据库 database"):
        pass
    with stages.stage("载入 load"):
        pass
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert re.fullmatch(r"\[1/2\] 准备数据库 database … \d+\.\d s", lines[0])
    assert re.fullmatch(r"\[2/2\] 载入 load … \d+\.\d s", lines[1])


def test_a_failing_warm_up_is_reported_and_never_reaches_the_server(monkeypatch, capsys):
    # The warm-up runs beside the server (decision 0009): whatever it meets, it ends quietly.
    import waibao.portal.selectors as selectors
    from waibao.cli.commands.demo import _warm_in_background

    def fail(users):
        raise RuntimeError("no figures today")

    monkeypatch.setattr(selectors, "figures_warm", fail)
    thread = _warm_in_background(["lingdao"])
    thread.join(timeout=60)
    assert not thread.is_alive() and thread.daemon
    assert "figures not warmed" in capsys.readouterr().err
