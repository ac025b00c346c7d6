"""The language of the API's texts: ``Accept-Language`` (issue 21). The API lies outside the
``/en/`` prefix, so Django's own choice there is always the default; the header decides.
Chinese (``zh-hans``) unless the caller prefers English.

``ApiLanguageMiddleware`` makes it the active language of every ``/api/`` request, so that a
refusal an app raises (worded with ``gettext`` where it is raised: the funds' steps, say)
answers in the caller's language without the app knowing HTTP."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

API_PREFIX = "/api/"

DEFAULT = "zh-hans"


def request_language(request: HttpRequest) -> str:
    """``zh-hans`` or ``en``: the first of the caller's languages (by q) that is one of them."""
    header = request.headers.get("Accept-Language", "")
    for tag, _quality in parse_accept_lang_header(header):
        tag = tag.lower()
        if tag.startswith("zh"):
            return "zh-hans"
        if tag.startswith("en"):
            return "en"
    return DEFAULT


class ApiLanguageMiddleware:
    """Serve each ``/api/`` request in :func:`request_language` (after Django's
    ``LocaleMiddleware``, which answers the unprefixed API in the default language)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        language = request_language(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Accept-Language"])
        return response
