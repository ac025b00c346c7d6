"""Portal views stay thin: they call selectors and render (HackSoftware styleguide)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from waibao.portal.selectors import home_figures


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"figures": home_figures()})
