from django.urls import path

from waibao.publishing import views

app_name = "map"
urlpatterns = [
    path("", views.map_index, name="index"),
    path("<str:city_code>/", views.map_city, name="city"),
]
