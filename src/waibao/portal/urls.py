from django.urls import path

from waibao.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("policies/", views.policies, name="policies"),
    path("policies/<str:clause_id>/", views.policy_detail, name="policy"),
    path("calculator/", views.calculator, name="calculator"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/targets/", views.targets, name="targets"),
]
