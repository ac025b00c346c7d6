"""URL map: the portal at /, the admin at /admin/, the JSON API at /api/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from waibao.api.urls import api

# 403 and 404 use Django's handlers, which render 403.html / 404.html with the request
# (src/waibao/portal/templates); 500 needs its own to do the same.
handler500 = "waibao.portal.errors.server_error"

urlpatterns = [
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
urlpatterns += i18n_patterns(
    # The language switch posts to /i18n/setlang/ from a Chinese page and to /en/i18n/setlang/
    # from an English one: Django translates the page's path only while the language of that
    # path is active, and an unprefixed path always activates Chinese, so at /i18n/setlang/
    # the English page's path resolved to nothing and the switch back to Chinese stayed on
    # /en/ (found by the browser test, tests/e2e).
    path("i18n/", include("django.conf.urls.i18n")),
    path("security/", include("waibao.security.urls")),  # sign-in in English at /en/security/
    path("funds/", include("waibao.funds.urls")),
    path("plans/", include("waibao.plans.urls")),
    path("targets/figures/", include("waibao.bureau_targets.urls")),
    path("talent/", include("waibao.talent.urls")),
    path("news/", include("waibao.publishing.urls.news")),
    path("data/", include("waibao.publishing.urls.data")),
    path("map/", include("waibao.publishing.urls.map")),
    path("evaluation/", include("waibao.evaluation.urls")),
    path("measures/", include("waibao.measures.urls")),
    path("demo/", include("waibao.demo.urls")),  # the guided tour; 404 unless WAIBAO_DEMO
    path("", include("waibao.portal.urls")),
    prefix_default_language=False,
)
