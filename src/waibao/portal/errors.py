"""The 500 handler: Django's own renders ``500.html`` without the request, so the page could
carry neither the menu nor the language picker. This one renders it with the request (the
layout's navigation in the visitor's language) and, should that fail too (a broken database
is a common cause of a 500), falls back to a short page that needs nothing."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        body = loader.get_template("500.html").render({}, request)
    except Exception:  # the error page must never raise in its turn
        logger.exception("the 500 page could not be rendered; plain fallback sent")
        body = (
            '<!doctype html><meta charset="utf-8"><title>500</title>'
            f'<h1>{_("500 · 服务器内部错误")}</h1><p><a href="/">{_("返回首页")}</a></p>'
        )
    return HttpResponseServerError(body)
