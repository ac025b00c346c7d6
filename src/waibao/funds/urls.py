from django.urls import path

from waibao.funds import views

app_name = "funds"
urlpatterns = [
    path("", views.home, name="home"),
    path("publications/", views.publication_list, name="publications"),
    path("publications/<int:pk>/", views.publication_detail, name="publication"),
    path("entitlements/<int:pk>/apply/", views.entitlement_apply, name="apply"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/<slug:action>/", views.application_action, name="action"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("funds/<slug:code>/<int:year>/", views.fund_year, name="fund_year"),
    path("funds/<slug:code>/continue/", views.fund_continue, name="continue"),
    path("lines/<int:pk>/allocation/", views.line_allocation, name="allocation"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("batches/<int:pk>/export.<str:fmt>", views.batch_export, name="batch_export"),
]
