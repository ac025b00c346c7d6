from django.urls import path

from waibao.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("publications/", views.publication_index, name="publications"),
    path("publications/<int:pk>/", views.publication_page, name="publication"),
    path("rating/<str:code>/<str:region>/<int:year>/", views.rating_page, name="rating"),
    path("scorecard/<str:city>/<int:year>/", views.scorecard_page, name="scorecard"),
    path("applications/", views.applications_page, name="applications"),
    path("methods/<str:city>/", views.methods_page, name="methods"),
    path("credit/<str:uscc>/", views.credit_page, name="credit"),
]
