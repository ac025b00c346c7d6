"""Factories for the funds tests: regions, organisations, users with roles, entitlement rows.

Imported by name (`from funds_factories import ...`): the test folders are not packages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model

from waibao.accounts.models import Profile, Role
from waibao.funds.models import Fund, FundEntitlement
from waibao.funds.services import (
    application_create,
    application_review_city,
    application_review_district,
    application_submit,
    entitlement_import,
    evidence_attach,
    funds_preload,
    publication_approve_all,
    publication_create,
)
from waibao.registry.models import Organisation, Region

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def region(code: str, name: str, level: str, parent: Region | None = None) -> Region:
    return Region.objects.get_or_create(
        code=code, defaults={"name": name, "level": level, "parent": parent}
    )[0]


def organisation(uscc: str, name: str, district: Region) -> Organisation:
    return Organisation.objects.create(uscc=uscc, name=name, region=district)


def user(
    username: str,
    role: str,
    *,
    region: Region | None = None,
    organisation: Organisation | None = None,
) -> Any:
    account = get_user_model().objects.create_user(username=username, password="pw")
    Profile.objects.create(user=account, role=role, region=region, organisation=organisation)
    return account


def entitlement_row(
    uscc: str,
    clause: str,
    amount: str | None,
    *,
    year: int = 2010,
    kind: str = "subsidy",
    min_cny: str | None = None,
    discretionary: bool | None = None,
) -> dict[str, Any]:
    """An entitlement row exactly as FACTS.md shapes it (amounts as strings)."""
    return {
        "uscc": uscc,
        "year": year,
        "clause": clause,
        "kind": kind,
        "amount_cny": amount,
        "min_cny": min_cny,
        "discretionary": amount is None if discretionary is None else discretionary,
        "citation": f"test citation of {clause}",
        "explanation": f"{clause} for {uscc}",
    }


class World:
    """Guangzhou with two districts, Hangzhou with one, enterprises and staff in each."""

    def __init__(self) -> None:
        guangdong = region("440000", "广东省", "province")
        self.guangzhou = region("440100", "广州市", "city", guangdong)
        self.tianhe = region("440106", "天河区", "district", self.guangzhou)
        self.yuexiu = region("440104", "越秀区", "district", self.guangzhou)
        zhejiang = region("330000", "浙江省", "province")
        self.hangzhou = region("330100", "杭州市", "city", zhejiang)
        self.xihu = region("330106", "西湖区", "district", self.hangzhou)
        self.alpha = organisation("91440101AAAAAAAA01", "天河甲软件有限公司", self.tianhe)
        self.beta = organisation("91440101BBBBBBBB02", "天河乙外包有限公司", self.tianhe)
        self.gamma = organisation("91440101CCCCCCCC03", "越秀丙数据有限公司", self.yuexiu)
        self.delta = organisation("91330100DDDDDDDD04", "西湖丁软件有限公司", self.xihu)
        self.alpha_user = user("alpha", Role.ENTERPRISE, organisation=self.alpha)
        self.beta_user = user("beta", Role.ENTERPRISE, organisation=self.beta)
        self.gamma_user = user("gamma", Role.ENTERPRISE, organisation=self.gamma)
        self.delta_user = user("delta", Role.ENTERPRISE, organisation=self.delta)
        self.tianhe_reviewer = user("tianhe", Role.DISTRICT_REVIEWER, region=self.tianhe)
        self.yuexiu_reviewer = user("yuexiu", Role.DISTRICT_REVIEWER, region=self.yuexiu)
        self.xihu_reviewer = user("xihu", Role.DISTRICT_REVIEWER, region=self.xihu)
        self.gz_admin = user("gzadmin", Role.CITY_ADMIN, region=self.guangzhou)
        self.hz_admin = user("hzadmin", Role.CITY_ADMIN, region=self.hangzhou)
        # separation of duties: another city officer sets funds up; the admins approve and pay
        self.gz_finance = user("gzfinance", Role.CITY_ADMIN, region=self.guangzhou)
        self.hz_finance = user("hzfinance", Role.CITY_ADMIN, region=self.hangzhou)
        # ...and the approver, the maker of a payment batch and its sender are three people;
        # the clerk who made a batch confirms what the treasury did with it
        self.gz_clerk = user("gzclerk", Role.CITY_ADMIN, region=self.guangzhou)
        self.gz_treasurer = user("gztreasurer", Role.CITY_ADMIN, region=self.guangzhou)
        self.analyst = user("analyst", Role.ANALYST, region=self.guangzhou)
        self.user_of = {
            self.alpha.pk: self.alpha_user,
            self.beta.pk: self.beta_user,
            self.gamma.pk: self.gamma_user,
            self.delta.pk: self.delta_user,
        }
        self.reviewer_of = {
            "440106": self.tianhe_reviewer,
            "440104": self.yuexiu_reviewer,
            "330106": self.xihu_reviewer,
        }
        self.admin_of = {"440100": self.gz_admin, "330100": self.hz_admin}
        funds_preload(years=[2010])
        self.gz_fund = Fund.objects.get(code="guangzhou-so-fund")
        self.hz_fund = Fund.objects.get(code="hangzhou-so-fund")

    def entitle(self, *rows: dict[str, Any]) -> None:
        entitlement_import(rows=list(rows))

    def draft(self, org: Organisation, clause: str, amount: str | None, **kwargs: Any) -> Any:
        """An entitlement for ``org`` and its enterprise user's draft application on it."""
        year = kwargs.get("year", 2010)
        self.entitle(entitlement_row(org.uscc, clause, amount, **kwargs))
        entitlement = FundEntitlement.objects.get(uscc=org.uscc, clause=clause, year=year)
        return application_create(entitlement=entitlement, actor=self.user_of[org.pk])

    def submitted(self, org: Organisation, clause: str, amount: str | None, **kwargs: Any) -> Any:
        application = self.draft(org, clause, amount, **kwargs)
        owner = self.user_of[org.pk]
        evidence_attach(application=application, actor=owner, name="invoice.pdf", content=PDF)
        return application_submit(application=application, actor=owner, **BANK)

    def city_approved(
        self,
        org: Organisation,
        clause: str,
        amount: str | None,
        approved_fen: int | None = None,
        **kwargs: Any,
    ) -> Any:
        application = self.submitted(org, clause, amount, **kwargs)
        return self.review_both(application, approved_fen)

    def review_both(self, application: Any, approved_fen: int | None = None) -> Any:
        org = application.organisation
        application = application_review_district(
            application=application, actor=self.reviewer_of[org.region_id], decision="approve"
        )
        return application_review_city(
            application=application,
            actor=self.admin_of[application.fund.city_code],
            decision="approve",
            approved_fen=approved_fen,
        )

    def approved(self, applications: list[Any]) -> list[Any]:
        """Publish the applications, let the period end, approve them finally."""
        fund = applications[0].fund
        admin = self.admin_of[fund.city_code]
        publication = publication_create(
            fund=fund, year=applications[0].year, actor=admin, applications=applications
        )
        return publication_approve_all(
            publication=publication, actor=admin, now=after_publicity(publication)
        )


BANK = {
    "account_name": "账户名",
    "account_number": "6222000011112222",
    "bank_name": "工商银行天河支行",
}


def after_publicity(publication: Any) -> dt.datetime:
    return publication.ends_at + dt.timedelta(seconds=1)
