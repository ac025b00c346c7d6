"""One adapter shape for every funds service, shared by the page and the API.

An ``Action`` says which service it calls, which keyword the object it acts on goes under
(the application, the fund, the line...), and which service keywords come from which field
of the request and how each is read (``Kind``). The page (``funds.views``) and the API
(``funds.api``) each find the object their own way (a form field, a path parameter) and
read the fields their own way (``form_reader``: the form as a person types it, amounts as
``1,234.50`` or in full-width digits; ``body_reader``: the validated JSON body, amounts as
decimal strings), then both call ``Action.run``; a refused rule is a ``FundsError`` either
way (the page shows it, the API answers 400). The services decide who may do what and
write the audit trail; nothing here does.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from waibao.bounds import MAX_AMOUNT_TEXT
from waibao.funds import wording
from waibao.funds.errors import FundsError
from waibao.funds.stages import allocation, applications, budgets, payment, publication, review
from waibao.money import AmountOverBound, parse_fen
from waibao.typed_numbers import typed_fen


class Kind(enum.Enum):
    """How a field is read. TEXT: as given (the page: empty when absent, unless the ``Arg``
    gives another default). CHOICE: an empty choice is none. AMOUNT: money to fen, absent
    is none; NEEDED_AMOUNT the same but required. FLAG: true or false (the page: ``"1"``).
    NUMBER: a whole number (the page: the ``Arg``'s default when empty). FILE and
    FILE_NAME: an uploaded file and its name."""

    TEXT = "text"
    CHOICE = "choice"
    AMOUNT = "amount"
    NEEDED_AMOUNT = "needed amount"
    FLAG = "flag"
    NUMBER = "number"
    FILE = "file"
    FILE_NAME = "file name"


NO_DEFAULT = object()


@dataclass(frozen=True)
class Arg:
    """A service keyword and the request field it is read from."""

    keyword: str
    field: str
    kind: Kind = Kind.TEXT
    #: the page's value when the form leaves the field out; a callable gets the target
    default: Any = NO_DEFAULT

    def page_default(self, target: Any, otherwise: Any) -> Any:
        if self.default is NO_DEFAULT:
            return otherwise
        return self.default(target) if callable(self.default) else self.default


Reader = Callable[[Arg, Any], Any]


@dataclass(frozen=True)
class Action:
    """A service and how a request feeds it: ``run`` reads every argument (in order, so a
    malformed amount is refused before the service runs) and calls the service once."""

    service: Callable[..., Any]
    target: str
    args: tuple[Arg, ...] = ()
    anonymous: bool = False  # the service takes no actor (an objection from the public)

    def run(self, target: Any, actor: Any, read: Reader) -> Any:
        try:
            values = {arg.keyword: read(arg, target) for arg in self.args}
            if not self.anonymous:
                values["actor"] = actor
            return self.service(**{self.target: target}, **values)
        except FundsError as error:
            # a refusal about a service keyword (``claimed_fen``) names the request field
            # it was read from (``claimed``), so the page can show it beside that field
            fields = {arg.keyword: arg.field for arg in self.args}
            if error.field is not None:
                error.field = fields.get(error.field, error.field)
            raise


def _text(keyword: str, field: str | None = None, **options: Any) -> Arg:
    return Arg(keyword, field or keyword, Kind.TEXT, **options)


BANK = (_text("account_name"), _text("account_number"), _text("bank_name"))
DECISION = (_text("decision"), _text("reason"))
YEAR = Arg("year", "year", Kind.NUMBER)

# ---------------------------------------------------------------- budgets

FUND_CONFIGURE = Action(
    budgets.fund_configure,
    "fund",
    (
        Arg("allocation_method", "allocation_method", Kind.CHOICE),
        Arg("publicity_days", "publicity_days", Kind.NUMBER, lambda fund: fund.publicity_days),
        Arg("district_review_days", "district_review_days", Kind.NUMBER, None),
        Arg("city_review_days", "city_review_days", Kind.NUMBER, None),
    ),
)
CLAUSE_CONFIGURE = Action(
    budgets.fund_clause_configure,
    "fund",
    (
        _text("clause"),
        Arg("automatic", "automatic", Kind.FLAG),
        Arg("priority", "priority", Kind.NUMBER, 100),
        _text("source"),
        Arg("reviewer_cap_fen", "reviewer_cap", Kind.AMOUNT),
    ),
)
CONTINUE = Action(  # 续设: the page's year field, when empty, is the year after the last
    budgets.fund_continue,
    "fund",
    (
        Arg("year", "year", Kind.NUMBER, lambda fund: (fund.last_year or 0) + 1),
        _text("reason"),
        Arg("amount_fen", "amount", Kind.AMOUNT),
    ),
)
LINE_CREATE = Action(
    budgets.budget_line_create, "fund", (YEAR, _text("source"), _text("source_name"))
)
APPROPRIATE = Action(
    budgets.budget_line_appropriate,
    "line",
    (Arg("amount_fen", "amount", Kind.NEEDED_AMOUNT), _text("note")),
)

# ---------------------------------------------------------------- applications and review

APPLY = Action(
    applications.application_create, "entitlement", (Arg("claimed_fen", "claimed", Kind.AMOUNT),)
)
EVIDENCE = Action(
    applications.evidence_attach,
    "application",
    (Arg("name", "file", Kind.FILE_NAME), Arg("content", "file", Kind.FILE)),
)
SUBMIT = Action(
    applications.application_submit,
    "application",
    (Arg("claimed_fen", "claimed", Kind.AMOUNT), *BANK),
)
CONFIRM = Action(applications.application_confirm, "application", BANK)
AUTOMATIC = Action(applications.automatic_batch_create, "fund", (YEAR,))
DISTRICT_REVIEW = Action(
    review.application_review_district,
    "application",
    (*DECISION, Arg("recommended_fen", "amount", Kind.AMOUNT)),
)
CITY_REVIEW = Action(
    review.application_review_city,
    "application",
    (*DECISION, Arg("approved_fen", "amount", Kind.AMOUNT)),
)

# ---------------------------------------------------------------- publication (公示)

PUBLISH = Action(publication.publication_create, "fund", (YEAR,))
OBJECTION_RECORD = Action(
    publication.objection_record, "application", (_text("raised_by"), _text("text"))
)
OBJECTION_SUBMIT = Action(
    publication.objection_submit,
    "application",
    (_text("raised_by"), _text("contact"), _text("text")),
    anonymous=True,
)
OBJECTION_RESOLVE = Action(
    publication.objection_resolve,
    "objection",
    (Arg("upheld", "upheld", Kind.FLAG), _text("resolution")),
)
APPROVE_FINAL = Action(publication.application_approve_final, "application")

# ---------------------------------------------------------------- allocation

COMMIT = Action(allocation.application_commit, "application")
ALLOCATE = Action(
    allocation.allocation_commit, "line", (_text("expected_digest", "digest", default=None),)
)

# ---------------------------------------------------------------- payment

PAYEE_CHANGE = Action(
    payment.application_payment_details_change, "application", (*BANK, _text("reason"))
)
PAYEE_REVIEW = Action(payment.application_payee_review, "application", DECISION)
BATCH_CREATE = Action(payment.payment_batch_create, "fund", (YEAR,))
BATCH_SEND = Action(payment.payment_batch_send, "batch")
PAID = Action(payment.payment_mark_paid, "payment")
FAILED = Action(payment.payment_mark_failed, "payment", (_text("reason"),))


# ---------------------------------------------------------------- the two readers


def form_reader(request: HttpRequest, **fixed: Any) -> Reader:
    """Read a page's form. ``fixed``: values the URL gives (the fund's year)."""
    post = request.POST

    def upload(field: str) -> Any:
        found = request.FILES.get(field)
        if found is None:
            raise FundsError(_("请选择文件"), field=field)
        return found

    def read(arg: Arg, target: Any) -> Any:
        if arg.field in fixed:
            return fixed[arg.field]
        kind = arg.kind
        if kind is Kind.FILE:
            return upload(arg.field)
        if kind is Kind.FILE_NAME:
            return upload(arg.field).name or "file"
        if kind is Kind.FLAG:
            return post.get(arg.field) == "1"
        if kind is Kind.CHOICE:
            return post.get(arg.field) or None
        if kind is Kind.TEXT:
            return post.get(arg.field, arg.page_default(target, ""))
        text = post.get(arg.field, "").strip()
        if kind is Kind.NUMBER:
            return _whole_number(arg.field, text) if text else arg.page_default(target, None)
        return _needed(arg, _typed_amount(arg.field, text))

    return read


def body_reader(body: Any = None, **fixed: Any) -> Reader:
    """Read the API's validated body (a ninja ``Schema``); ``fixed``: the path parameters
    and the uploaded file."""

    def read(arg: Arg, target: Any) -> Any:
        if arg.kind is Kind.FILE_NAME:
            return fixed[arg.field].name or "file"
        value = fixed[arg.field] if arg.field in fixed else getattr(body, arg.field)
        if arg.kind in (Kind.AMOUNT, Kind.NEEDED_AMOUNT):
            return _needed(arg, _decimal_amount(arg.field, value))
        return value

    return read


def _needed(arg: Arg, amount: int | None) -> int | None:
    if amount is None and arg.kind is Kind.NEEDED_AMOUNT:
        raise FundsError(
            _("请填写%(field)s") % {"field": wording.field(arg.field)}, field=arg.field
        )
    return amount


def _typed_amount(field: str, text: str) -> int | None:
    """An amount as a person types it: ``1,234.50``, full-width digits (``waibao.typed_numbers``),
    the reason of a refusal after the field's name."""
    if not text:
        return None

    def refusal(error: ValueError) -> str:
        return _("%(where)s：%(reason)s") % {"where": wording.field(field), "reason": error}

    return _parsed(field, text, typed_fen, refusal)


def _decimal_amount(field: str, text: str | None) -> int | None:
    """An amount from the API's body: a decimal string (``1234.50``) within the bound."""
    if text is None or text == "":
        return None

    def refusal(error: ValueError) -> str:
        if isinstance(error, AmountOverBound):
            return _("金额超过上限 %(most)s") % {"most": MAX_AMOUNT_TEXT}
        return _("“%(value)s”不是金额，请填写如 1234.50 的数") % {"value": text}

    return _parsed(field, text, parse_fen, refusal)


def _whole_number(field: str, text: str) -> int:
    def refusal(_error: ValueError) -> str:
        return _("%(field)s：“%(value)s”不是整数") % {"field": wording.field(field), "value": text}

    return _parsed(field, text, int, refusal)


def _parsed(
    field: str, text: str, parse: Callable[[str], int], refusal: Callable[[ValueError], str]
) -> int:
    """``parse(text)``; a value it refuses (``int``, ``MoneyError`` and ``TypedNumberError`` are
    all ``ValueError``s) is a ``FundsError`` about ``field`` that says ``refusal(error)``."""
    try:
        return parse(text)
    except ValueError as error:
        raise FundsError(refusal(error), field=field) from error
