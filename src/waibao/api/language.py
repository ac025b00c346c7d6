"""The language of the API's texts: ``Accept-Language`` (issue 21). The API lies outside the
``/en/`` prefix, so Django's own choice there is always the default; the header decides.
Chinese (``zh-hans``) unless the caller prefers English."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation.trans_real import parse_accept_lang_header

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
