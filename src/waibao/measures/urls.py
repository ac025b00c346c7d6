from django.urls import path

from waibao.measures import views

app_name = "measures"
urlpatterns = [
    path("", views.record_list, name="records"),
    path("new/", views.record_new, name="new"),
    path("<int:pk>/", views.record_edit, name="edit"),
]
