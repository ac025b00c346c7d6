"""The one place the API turns a refused domain operation into an HTTP answer, so each
endpoint calls its service plainly instead of wrapping it in try/except.

=================================================  ======  =====================================
exception                                          status  body
=================================================  ======  =====================================
``PermissionDenied`` (incl. ``funds.Forbidden``)   403     ``detail``
``funds.InvalidTransition``                        409     ``detail``
``funds.FundsError`` (amount, budget, evidence)    400     ``detail``
``reporting.ReportRefused``                        400     ``detail``, ``problems`` (file:row:…)
``policy.ParameterRefused``                        400     ``detail``, ``problems`` (by field)
``policy.UnknownParameter``                        404     ``detail``
``evaluation.MethodError``                         400     ``detail``
``statistics.QueryError``                          400     ``detail``
``statistics.Unavailable``                         409     ``detail``
Django ``ValidationError`` (a model rule)          422     ``detail`` (every message, ``; ``)
=================================================  ======  =====================================

Anything else is a programming error: Django's 500, logged with its traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from waibao.evaluation.scoring import MethodError
from waibao.funds.errors import Forbidden, FundsError, InvalidTransition
from waibao.policy.services import ParameterRefused, UnknownParameter
from waibao.readmodel import statistics
from waibao.reporting.reports import ReportRefused

REFUSED = "refused: nothing written"


Handler = Callable[[HttpRequest, Exception], HttpResponse]


def _detail(status: int, template: str = "{}") -> Callable[[NinjaAPI], Handler]:
    def handler_for(api: NinjaAPI) -> Handler:
        def handler(request: HttpRequest, error: Exception) -> HttpResponse:
            detail = template.format(error) if str(error) else REFUSED
            return api.create_response(request, {"detail": detail}, status=status)

        return handler

    return handler_for


def _validation(api: NinjaAPI) -> Handler:
    def handler(request: HttpRequest, error: Exception) -> HttpResponse:
        assert isinstance(error, ValidationError)  # nosec B101  # registered so
        return api.create_response(request, {"detail": "; ".join(error.messages)}, status=422)

    return handler


def _problems(api: NinjaAPI) -> Handler:
    def handler(request: HttpRequest, error: Exception) -> HttpResponse:
        problems: Any = getattr(error, "problems", [])
        if isinstance(error, ReportRefused):
            problems = [vars(p) for p in error.problems]
        return api.create_response(request, {"detail": REFUSED, "problems": problems}, status=400)

    return handler


HANDLERS: dict[type[Exception], Callable[[NinjaAPI], Any]] = {
    PermissionDenied: _detail(403),
    Forbidden: _detail(403),
    InvalidTransition: _detail(409),
    FundsError: _detail(400),
    ReportRefused: _problems,
    ParameterRefused: _problems,
    UnknownParameter: _detail(404, "{}: not a parameter you may configure"),
    MethodError: _detail(400),
    statistics.QueryError: _detail(400),
    statistics.Unavailable: _detail(409),
    ValidationError: _validation,
}


def install(api: NinjaAPI) -> None:
    """Register every handler on ``api``. Ninja takes the first class of the exception's MRO
    that has a handler, so ``funds.Forbidden`` (a ``FundsError`` first) is named itself."""
    for exception, make in HANDLERS.items():
        api.add_exception_handler(exception, make(api))
