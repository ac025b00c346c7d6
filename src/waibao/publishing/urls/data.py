from django.urls import path

from waibao.publishing import views

app_name = "data"
urlpatterns = [
    path("", views.data_list, name="list"),
    path("<slug:slug>/v<int:number>/<str:filename>", views.data_file, name="file"),
    path("brief/", views.brief_pdf, name="brief"),
    path("<slug:slug>/publish/", views.data_publish, name="publish"),
]
