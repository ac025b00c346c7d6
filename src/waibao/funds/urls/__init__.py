"""The funds' pages, by stage as the services are (``waibao.funds.stages``): the 公示 the
public reads, an application and its review, a fund's budgets and allocation, payment."""

from django.urls import path

from waibao.funds import views
from waibao.funds.urls import applications, budgets, payment, publicity

app_name = "funds"
urlpatterns = [
    path("", views.home, name="home"),
    *publicity.urlpatterns,
    *applications.urlpatterns,
    *budgets.urlpatterns,
    *payment.urlpatterns,
]
