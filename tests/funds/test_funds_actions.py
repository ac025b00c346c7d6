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


@pytest.mark.parametrize(
    ("read", "arg", "message"),
    [
        (  # the page: what is wrong with a typed amount, after the field's name
            actions.form_reader(RequestFactory().post("/", {"amount": "1,23"})),
            actions.Arg("recommended_fen", "amount", actions.Kind.AMOUNT),
            "金额：千分位逗号应每三位一组，例如 1,234,567.89",
        ),
        (  # the page: a number that is not whole, as typed
            actions.form_reader(RequestFactory().post("/", {"publicity_days": "七"})),
            actions.FUND_CONFIGURE.args[1],
            "公示天数：“七”不是整数",
        ),
        (  # the API: a decimal string over the bound
            actions.body_reader(SimpleNamespace(amount="100000000000000")),
            actions.Arg("recommended_fen", "amount", actions.Kind.AMOUNT),
            "金额超过上限",
        ),
        (  # the API: not a decimal string (the page's grouping is not the API's grammar)
            actions.body_reader(SimpleNamespace(amount="1,234.50")),
            actions.Arg("recommended_fen", "amount", actions.Kind.AMOUNT),
            "“1,234.50”不是金额，请填写如 1234.50 的数",
        ),
    ],
)
def test_a_value_either_reader_refuses_is_a_refusal_of_its_field_saying_why(read, arg, message):
    with pytest.raises(FundsError, match=message) as refused:
        read(arg, SimpleNamespace(publicity_days=7))
    assert refused.value.field == arg.field
    assert isinstance(refused.value.__cause__, ValueError)  # the parser's own error is kept
