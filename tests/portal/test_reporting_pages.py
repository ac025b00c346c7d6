"""Enterprise reporting pages: an enterprise reports its own contracts, executions, files and
yearly figures through the importers' rules, all or nothing and audited; staff see the
reports of their scope read-only; nobody reports for another organisation."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

OWN = "91440106000000010A"  # the world's enterprise (Tianhe)
NEIGHBOUR = "91440106000000020B"  # another Tianhe firm
YUEXIU = "91440104000000030C"  # same city, other district

CONTRACT = {
    "contract_id": "WB-2025-001",
    "client_name": "Fabrikam GmbH",
    "client_country": "DE",
    "category": "ITO.01",
    "signed_date": "2025-02-03",
    "amount": "125000.50",
    "currency": "EUR",
}
CONTRACTS_HEADER = (
    "contract_id,uscc,client_name,client_country,category,signed_date,amount,currency"
)
EXECUTIONS_HEADER = "execution_id,contract_id,uscc,execution_date,amount,currency,receipt_ref"


def _audit(action):
    from waibao.audit.models import AuditRecord

    return list(AuditRecord.objects.filter(action=action))


def _csv(name, *lines):
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode(), "text/csv")


@pytest.fixture
def enterprise(client, world):
    client.force_login(world.users["enterprise"])
    return client


# ------------------------------------------------------------------------ the contract form


@pytest.mark.django_db
def test_an_enterprise_reports_a_contract_in_integer_minor_units_and_it_is_audited(
    enterprise, world
):
    from waibao.reporting.models import Contract

    response = enterprise.post("/report/contracts/add/", CONTRACT)
    assert response.status_code == 302
    assert response["Location"] == "/report/contracts/"
    contract = Contract.objects.get(organisation=world.orgs.own, contract_id="WB-2025-001")
    assert contract.amount_minor == 12_500_050
    assert contract.currency == "EUR" and contract.offshore
    [record] = _audit("contract.report")
    assert record.actor_username == "qiye"
    assert record.object_id == str(contract.pk)
    assert record.payload["amount"] == "125000.50"
    page = enterprise.get("/report/contracts/").content.decode()
    assert 'data-contract="WB-2025-001"' in page
    # 万 with the exact value on hover; the country and category by name, the code on hover
    assert '<span class="number" title="125,000.50">12.50万</span> EUR' in page
    assert '<span title="DE">德国</span>' in page
    assert '<span title="ITO.01">软件研发及外包服务</span>' in page
    assert "WB-2025-001 已报送" in page  # the message after the redirect


@pytest.mark.django_db
def test_a_bad_contract_form_shows_every_reason_and_writes_nothing(enterprise, world):
    from waibao.reporting.models import Contract

    before = Contract.objects.count()
    bad = {
        **CONTRACT,
        "amount": "1,000.00",
        "client_country": "de",
        "signed_date": "2025-02-30",
        "category": "XXX",
        "client_name": "",
    }
    response = enterprise.post("/report/contracts/add/", bad)
    assert response.status_code == 400
    html = response.content.decode()
    for column in ("amount", "client_country", "signed_date", "category", "client_name"):
        assert f"form:2:{column}:" in html, column
    assert "must be upper case" in html
    assert 'value="1,000.00"' in html  # what was typed is kept
    assert Contract.objects.count() == before
    assert _audit("contract.report") == []


@pytest.mark.django_db
def test_a_contract_id_reported_twice_with_other_values_is_refused_never_updated(enterprise, world):
    from waibao.reporting.models import Contract

    assert enterprise.post("/report/contracts/add/", CONTRACT).status_code == 302
    same = enterprise.post("/report/contracts/add/", CONTRACT)
    assert same.status_code == 302  # identical: nothing changes, one audit record only
    assert len(_audit("contract.report")) == 1
    changed = enterprise.post("/report/contracts/add/", {**CONTRACT, "amount": "1.00"})
    assert changed.status_code == 400
    assert "imports never update" in changed.content.decode()
    assert Contract.objects.get(contract_id="WB-2025-001").amount_minor == 12_500_050


# ----------------------------------------------------------------------- the execution form


@pytest.mark.django_db
def test_an_enterprise_reports_an_execution_of_its_contract(enterprise, world):
    from waibao.reporting.models import Execution

    enterprise.post("/report/contracts/add/", CONTRACT)
    response = enterprise.post(
        "/report/executions/add/",
        {
            "contract_id": "WB-2025-001",
            "execution_id": "X1",
            "execution_date": "2025-03-01",
            "amount": "5000",
            "currency": "EUR",
            "receipt_ref": "BOC-1",
        },
    )
    assert response.status_code == 302
    execution = Execution.objects.get(contract__contract_id="WB-2025-001", execution_id="X1")
    assert execution.amount_minor == 500_000 and execution.receipt_ref == "BOC-1"
    assert len(_audit("execution.report")) == 1


@pytest.mark.django_db
def test_an_execution_before_signature_or_of_an_unknown_contract_is_refused(enterprise, world):
    from waibao.reporting.models import Execution

    before = Execution.objects.count()
    early = enterprise.post(
        "/report/executions/add/",
        {
            "contract_id": "C1",
            "execution_id": "X9",
            "execution_date": "2023-01-01",
            "amount": "1.00",
            "currency": "USD",
        },
    )
    assert early.status_code == 400
    assert "before the contract&#x27;s signed_date" in early.content.decode()
    unknown = enterprise.post(
        "/report/executions/add/",
        {
            "contract_id": "NOPE",
            "execution_id": "X9",
            "execution_date": "2025-01-01",
            "amount": "1.00",
            "currency": "USD",
        },
    )
    assert unknown.status_code == 400
    assert "form:2:contract_id: no contract NOPE of" in unknown.content.decode()
    assert Execution.objects.count() == before


# ------------------------------------------------------------------------------- uploads


@pytest.mark.django_db
def test_an_upload_of_contracts_and_executions_imports_both_and_audits_each_file(enterprise, world):
    from waibao.reporting.models import Contract, Execution

    response = enterprise.post(
        "/report/upload/",
        {
            "contracts_file": _csv(
                "contracts.csv",
                CONTRACTS_HEADER,
                f"K1,{OWN},Contoso,US,ITO.01,2025-01-10,1000.00,USD",
                f"K2,{OWN},国内客户,CN,ITO.01,2025-01-11,2000,CNY",
            ),
            "executions_file": _csv(
                "executions.csv",
                EXECUTIONS_HEADER,
                f"E1,K1,{OWN},2025-02-01,400.00,USD,",
            ),
        },
    )
    assert response.status_code == 302
    assert set(
        Contract.objects.filter(organisation=world.orgs.own).values_list("contract_id", flat=True)
    ) == {"C1", "K1", "K2"}
    assert Execution.objects.filter(contract__contract_id="K1").count() == 1
    assert [r.payload["file"] for r in _audit("contracts.upload")] == ["contracts.csv"]
    assert [r.payload["added"] for r in _audit("executions.upload")] == [1]


@pytest.mark.django_db
def test_an_upload_naming_another_enterprise_is_refused_whole_with_every_error(enterprise, world):
    from waibao.reporting.models import Contract, Execution

    contracts_before, executions_before = Contract.objects.count(), Execution.objects.count()
    response = enterprise.post(
        "/report/upload/",
        {
            "contracts_file": _csv(
                "mine.csv",
                CONTRACTS_HEADER,
                f"K1,{OWN},Contoso,US,ITO.01,2025-01-10,1000.00,USD",
                f"K2,{NEIGHBOUR},Contoso,US,ITO.01,2025-01-10,1000.00,USD",
                f"K3,{OWN},Contoso,US,ITO.01,2025-01-10,12.345,USD",
            ),
            "executions_file": _csv(
                "exec.csv",
                EXECUTIONS_HEADER,
                f"E9,C1,{YUEXIU},2025-02-01,1.00,USD,",
            ),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f"mine.csv:3:uscc: uscc {NEIGHBOUR} is not your organisation&#x27;s ({OWN})" in html
    assert "mine.csv:4:amount:" in html
    assert f"exec.csv:2:uscc: uscc {YUEXIU} is not your organisation" in html
    assert 'id="upload-problems"' in html
    assert Contract.objects.count() == contracts_before  # not even the good row K1
    assert Execution.objects.count() == executions_before
    assert _audit("contracts.upload") == [] and _audit("executions.upload") == []


@pytest.mark.django_db
def test_an_xlsx_upload_goes_through_the_same_importer(enterprise, world):
    from openpyxl import Workbook

    from waibao.reporting.models import Contract

    book = Workbook()
    sheet = book.active
    sheet.append(CONTRACTS_HEADER.split(","))
    sheet.append(["X1", OWN, "Contoso", "JP", "ITO.01", "2025-04-01", "300000", "JPY"])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("book.xlsx", buffer.getvalue())
    assert enterprise.post("/report/upload/", {"contracts_file": upload}).status_code == 302
    assert Contract.objects.get(contract_id="X1").amount_minor == 30_000_000


@pytest.mark.django_db
def test_an_upload_of_another_kind_of_file_or_none_is_refused(enterprise):
    none = enterprise.post("/report/upload/", {})
    assert none.status_code == 400
    wrong = enterprise.post(
        "/report/upload/", {"contracts_file": SimpleUploadedFile("c.txt", b"contract_id\n")}
    )
    assert wrong.status_code == 400
    assert "c.txt:0:-: not a .csv or .xlsx file" in wrong.content.decode()


# ------------------------------------------------------------------------- yearly figures


@pytest.mark.django_db
def test_an_enterprise_edits_a_years_figures_and_the_change_is_audited(enterprise, world):
    from waibao.registry.models import OrganisationYear

    form = {
        "year": "2024",
        "employees": "120",
        "employees_college": "90",
        "revenue": "5000000.00",
        "so_revenue": "4000000",
        "offshore_so_revenue": "3000000.5",
    }
    assert enterprise.post("/report/", form).status_code == 302
    row = OrganisationYear.objects.get(organisation=world.orgs.own, year=2024)
    assert (row.employees, row.employees_college) == (120, 90)
    assert row.offshore_so_revenue_fen == 300_000_050
    [record] = _audit("organisation_year.report")
    assert record.payload["after"]["revenue_fen"] == "5000000.00"
    prefilled = enterprise.get("/report/?year=2024").content.decode()
    assert 'id="employees" name="employees" value="120"' in prefilled


@pytest.mark.django_db
def test_yearly_figures_are_accepted_as_people_type_them(enterprise, world):
    """Thousands separators and full-width digits (an IME's) are read, not refused."""
    from waibao.registry.models import OrganisationYear

    form = {"year": "2024", "employees": "1,200", "revenue": "５，０００，０００．５０"}
    assert enterprise.post("/report/", form).status_code == 302
    row = OrganisationYear.objects.get(organisation=world.orgs.own, year=2024)
    assert row.employees == 1200 and row.revenue_fen == 500_000_050


@pytest.mark.django_db
def test_bad_yearly_figures_are_refused_with_reasons_and_nothing_changes(enterprise, world):
    from waibao.registry.models import OrganisationYear

    response = enterprise.post(
        "/report/",
        {"year": "2024", "employees": "12a", "revenue": "1e5", "so_revenue": "-3"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "form:2024:employees:" in html and "form:2024:revenue:" in html
    assert "form:2024:so_revenue:" in html
    assert "请填写整数" in html and "金额不能为负数" in html  # reasons in plain Chinese
    parts = enterprise.post(
        "/report/", {"year": "2024", "employees": "10", "employees_college": "11"}
    )
    assert parts.status_code == 400
    assert "employees_college is more than employees" in parts.content.decode()
    assert not OrganisationYear.objects.filter(organisation=world.orgs.own).exists()
    assert _audit("organisation_year.report") == []


# --------------------------------------------------------------------------------- scope


@pytest.mark.django_db
def test_an_enterprise_neither_sees_nor_reports_for_another(enterprise, world):
    from waibao.reporting.models import Contract

    assert enterprise.get(f"/report/?uscc={NEIGHBOUR}").status_code == 404
    assert enterprise.get(f"/report/contracts/?uscc={NEIGHBOUR}").status_code == 404
    posted = enterprise.post(f"/report/contracts/add/?uscc={NEIGHBOUR}", CONTRACT)
    assert posted.status_code == 404
    assert not Contract.objects.filter(contract_id="WB-2025-001").exists()


@pytest.mark.django_db
def test_a_district_reviewer_reads_its_districts_reports_and_writes_nothing(client, world):
    from waibao.reporting.models import Contract

    client.force_login(world.users["district_reviewer"])
    page = client.get(f"/report/contracts/?uscc={OWN}")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-contract="C1"' in html and 'id="read-only"' in html
    assert 'id="contract-form"' not in html and 'id="upload-form"' not in html
    assert 'id="year-form"' not in client.get(f"/report/?uscc={OWN}").content.decode()
    assert client.get(f"/report/?uscc={YUEXIU}").status_code == 404
    assert client.post(f"/report/contracts/add/?uscc={OWN}", CONTRACT).status_code == 403
    assert client.post(f"/report/?uscc={OWN}", {"year": "2024"}).status_code == 403
    assert not Contract.objects.filter(contract_id="WB-2025-001").exists()


@pytest.mark.django_db
def test_staff_without_a_firm_named_find_one_of_their_scope(client, world):
    client.force_login(world.users["city_admin"])
    html = client.get("/report/?q=机构").content.decode()
    assert f"?uscc={YUEXIU}" in html and f"?uscc={OWN}" in html
    assert "91330106000000040D" not in html  # Hangzhou is outside Guangzhou


@pytest.mark.django_db
def test_the_profile_shows_registration_figures_certifications_and_recognitions(enterprise, world):
    import datetime as dt

    from waibao.registry.models import Certification, OrganisationYear, Recognition

    own = world.orgs.own
    OrganisationYear.objects.create(organisation=own, year=2023, employees=80, revenue_fen=123)
    Certification.objects.create(
        organisation=own, scheme="CMMI", level=5, event="new", date=dt.date(2023, 5, 1)
    )
    Recognition.objects.create(
        organisation=own, kind="key_enterprise", level="municipal", date=dt.date(2023, 6, 1)
    )
    html = enterprise.get("/report/").content.decode()
    assert OWN in html and "天河区" in html
    assert 'data-year="2023"' in html and "1.23" in html
    OrganisationYear.objects.filter(organisation=own, year=2023).update(
        revenue_fen=10_445_853_193, employees=1200
    )
    html = enterprise.get("/report/").content.decode()
    assert 'title="104,458,531.93">1.04亿</span>' in html and "1,200" in html
    assert "CMMI" in html and "重点企业" in html


@pytest.mark.django_db
def test_the_pages_read_in_english_after_the_switch(enterprise):
    html = enterprise.get("/en/report/contracts/").content.decode()
    assert "Report a contract" in html and "DE Germany" in html


@pytest.mark.django_db
def test_what_an_enterprise_reports_on_these_pages_is_what_its_calculator_sees(enterprise):
    """The e2e flow's path: a contract, an execution and the year's figures through the forms,
    then the calculator (facts from the database) finds the Guangdong TASE tax incentive."""
    import re

    enterprise.post("/report/contracts/add/", {**CONTRACT, "signed_date": "2024-02-03"})
    enterprise.post(
        "/report/executions/add/",
        {
            "contract_id": CONTRACT["contract_id"],
            "execution_id": "X1",
            "execution_date": "2024-05-01",
            "amount": "100000.00",
            "currency": "EUR",
        },
    )
    before = enterprise.get("/calculator/?year=2024").content.decode()
    tase = r'<tr data-clause="guangdong\.16\.advanced_technology_service">'
    assert not re.search(tase, before)  # no yearly figures: it cannot apply
    enterprise.post(
        "/report/",
        {
            "year": "2024",
            "employees": "100",
            "employees_college": "60",
            "revenue": "1000000",
            "so_revenue": "800000",
            "offshore_so_revenue": "500000",
        },
    )
    after = enterprise.get("/calculator/?year=2024").content.decode()
    assert re.search(tase, after)


@pytest.mark.django_db
def test_a_system_administrator_writes_only_for_a_firm_it_names(client, world):
    from waibao.registry.models import OrganisationYear

    client.force_login(world.users["system_admin"])
    assert client.post("/report/", {"year": "2024", "employees": "5"}).status_code == 404
    assert client.post("/report/contracts/add/", CONTRACT).status_code == 404
    assert not OrganisationYear.objects.exists()
    named = client.post(f"/report/?uscc={NEIGHBOUR}", {"year": "2024", "employees": "5"})
    assert named.status_code == 302 and named["Location"] == f"/report/?uscc={NEIGHBOUR}"
    assert OrganisationYear.objects.get(organisation=world.orgs.district).employees == 5
