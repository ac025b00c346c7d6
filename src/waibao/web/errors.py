"""The one place a refused domain operation becomes an HTTP answer, for every router, so each
endpoint calls its service plainly instead of wrapping it in try/except.

The apps' errors subclass a kind of :mod:`waibao.refusals`; this module maps the kinds once
and never imports an app (it sits below them):

==============================================  ======  =====================================
exception                                       status  body
==============================================  ======  =====================================
``refusals.NotPermitted`` (``funds.Forbidden``)  403     ``detail``
``refusals.Unknown`` (``UnknownParameter``)      404     ``detail`` (the class's wording)
``refusals.TooMany`` (registration attempts)     429     ``detail``
``refusals.Unprocessable`` (talent, identity)    422     ``detail``
``refusals.Conflict`` (``InvalidTransition``,    409     ``detail``
statistics ``Unavailable``)
``refusals.Refused`` with ``problems``           400     ``detail``, ``problems``
(``ReportRefused``, ``ParameterRefused``)
``refusals.Refused`` (``FundsError``,            400     ``detail``, and ``field`` when the
``MethodError``, statistics ``QueryError``)             refusal is about one request field
Django ``PermissionDenied``                     403     ``detail``
Django ``ValidationError`` (a model rule)       422     ``detail`` (every message, ``; ``)
==============================================  ======  =====================================

Anything else is a programming error: Django's 500, logged with its traceback.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from waibao.refusals import (
    REFUSED,
    Conflict,
    NotPermitted,
    Refused,
    TooMany,
    Unknown,
    Unprocessable,
)

__all__ = ["REFUSED", "STATUSES", "install", "status_of"]

# Most specific first: a refusal may be of two kinds (``funds.Forbidden`` is a funds refusal
# and ``NotPermitted``); the first kind it is decides.
STATUSES: tuple[tuple[type[Refused], int], ...] = (
    (NotPermitted, 403),
    (Unknown, 404),
    (TooMany, 429),
    (Unprocessable, 422),
    (Conflict, 409),
    (Refused, 400),
)


def status_of(error: Refused) -> int:
    return next(status for kind, status in STATUSES if isinstance(error, kind))


def install(api: NinjaAPI) -> None:
    """Register the handlers on ``api``. Ninja takes the first class of the exception's MRO
    that has a handler; every refusal reaches :func:`refused` through ``Refused`` (a
    ``funds.Forbidden`` is a ``Refused`` before it is Django's ``PermissionDenied``)."""

    def refused(request: HttpRequest, error: Exception) -> HttpResponse:
        assert isinstance(error, Refused)  # nosec B101  # registered so
        status = status_of(error)
        problems = error.problem_list()
        if problems is not None:
            body = {"detail": REFUSED, "problems": problems}
        else:
            body = {"detail": error.detail()}
        field = getattr(error, "field", None)
        if field:  # the request field the refusal is about, as the page shows it beside
            body["field"] = field
        return api.create_response(request, body, status=status)

    def denied(request: HttpRequest, error: Exception) -> HttpResponse:
        detail = str(error) or REFUSED
        return api.create_response(request, {"detail": detail}, status=403)

    def invalid(request: HttpRequest, error: Exception) -> HttpResponse:
        assert isinstance(error, ValidationError)  # nosec B101  # registered so
        return api.create_response(request, {"detail": "; ".join(error.messages)}, status=422)

    api.add_exception_handler(Refused, refused)
    api.add_exception_handler(PermissionDenied, denied)
    api.add_exception_handler(ValidationError, invalid)
