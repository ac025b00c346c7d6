from django.urls import path

from waibao.talent import views

app_name = "talent"
urlpatterns = [
    path("institution/", views.institution, name="institution"),
    path("trainees/", views.trainees, name="trainees"),
    path("pool/", views.pool, name="pool"),
    path("consent/", views.consent, name="consent"),
    path("consent/export/", views.consent_export, name="consent_export"),
]
