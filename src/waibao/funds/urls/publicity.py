"""公示: the list the public reads, and one publication open to objections."""

from django.urls import path

from waibao.funds import views

urlpatterns = [
    path("publications/", views.publication_list, name="publications"),
    path("publications/<int:pk>/", views.publication_detail, name="publication"),
]
