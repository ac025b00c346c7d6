"""One adapter shape per service: the pages and the API call each funds service through the
same ``waibao.funds.actions.Action``, and each reads its request its own way."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import RequestFactory

from waibao.funds import actions, api, views
from waibao.funds.errors import FundsError

ALL = {name: value for name, value in vars(actions).items() if isinstance(value, actions.Action)}
PAGE = (
    set(views.APPLICATION_STEPS.values())
    | set(views.FUND_YEAR_STEPS.values())
    | set(views.BATCH_STEPS.values())
    | {actions.APPLY, actions.ALLOCATE, actions.OBJECTION_SUBMIT, actions.CONTINUE}
)
API = {row.action for row in api.EXPOSED}


def test_every_service_has_one_action_and_every_action_is_used():
    services = [action.service for action in ALL.values()]
    assert len(services) == len(set(services))
    assert set(ALL.values()) == PAGE | API


def test_the_page_and_the_api_share_the_actions_of_the_services_both_offer():
    shared = PAGE & API
    assert actions.SUBMIT in shared and actions.CITY_REVIEW in shared
    assert PAGE - API == {actions.OBJECTION_SUBMIT}  # the public's objection: a page only
    assert API - PAGE == {actions.LINE_CREATE}  # a line the texts do not name: the API only


def test_the_page_reads_amounts_as_typed_and_the_api_as_decimal_strings():
    post = RequestFactory().post("/", {"amount": "1,234.50", "decision": "approve"})
    read = actions.form_reader(post)
    amount = actions.Arg("recommended_fen", "amount", actions.Kind.AMOUNT)
    assert read(amount, None) == 123450
    assert read(actions.Arg("reason", "reason"), None) == ""
    body = SimpleNamespace(amount="1234.50", decision="approve", reason="")
    assert actions.body_reader(body)(amount, None) == 123450
    with pytest.raises(FundsError):
        actions.body_reader(SimpleNamespace(amount="1,234.50"))(amount, None)


def test_a_needed_amount_left_out_is_refused_alike():
    needed = actions.Arg("amount_fen", "amount", actions.Kind.NEEDED_AMOUNT)
    with pytest.raises(FundsError, match="请填写金额"):
        actions.form_reader(RequestFactory().post("/", {}))(needed, None)
    with pytest.raises(FundsError, match="请填写金额"):
        actions.body_reader(SimpleNamespace(amount=""))(needed, None)


def test_the_page_default_of_a_number_comes_from_the_target():
    days = actions.FUND_CONFIGURE.args[1]
    read = actions.form_reader(RequestFactory().post("/", {}))
    assert read(days, SimpleNamespace(publicity_days=9)) == 9
    # 续设 with the year left empty: the year after the fund's last
    assert read(actions.CONTINUE.args[0], SimpleNamespace(last_year=2010)) == 2011
