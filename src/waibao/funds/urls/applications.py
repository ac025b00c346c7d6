"""An application from its entitlement through review: the page, its actions, its evidence."""

from django.urls import path

from waibao.funds import views

urlpatterns = [
    path("entitlements/<int:pk>/apply/", views.entitlement_apply, name="apply"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/<slug:action>/", views.application_action, name="action"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
]
