from django.urls import path

from waibao.bureau_targets import views

app_name = "bureau_targets"
urlpatterns = [
    path("", views.figures_page, name="figures"),
]
