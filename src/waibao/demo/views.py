"""The guided tour page (演示导览, ``/demo/tour/``): only while ``waibao demo`` serves the demo
(the setting ``WAIBAO_DEMO``); a 404 on any other deployment, so demo passwords are never
shown there."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from waibao.demo.tour import tour


def tour_page(request: HttpRequest) -> HttpResponse:
    if not getattr(settings, "WAIBAO_DEMO", False):
        raise Http404
    return render(request, "portal/demo_tour.html", {"groups": tour()})
