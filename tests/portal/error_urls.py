"""The site's URLs plus two pages that fail on purpose (403 and 500), in both languages, so
that the error pages can be seen as any visitor would meet them."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied
from django.urls import path

from waibao.config import urls as site

handler500 = site.handler500


def _denied(request):
    raise PermissionDenied


def _broken(request):
    raise RuntimeError("a bug, on purpose")


urlpatterns = [
    *i18n_patterns(
        path("boom/403/", _denied),
        path("boom/500/", _broken),
        prefix_default_language=False,
    ),
    *site.urlpatterns,
]
