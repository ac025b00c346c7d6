"""A fund's year, the page its bureau works from (settings, budget lines, and the 免申即享
applications, 公示 and payment batches started there); 续设; a budget line's allocation."""

from django.urls import path

from waibao.funds import views

urlpatterns = [
    path("funds/<slug:code>/<int:year>/", views.fund_year, name="fund_year"),
    path("funds/<slug:code>/continue/", views.fund_continue, name="continue"),
    path("lines/<int:pk>/allocation/", views.line_allocation, name="allocation"),
]
