"""Payment batches: one batch, and its file for the treasury."""

from django.urls import path

from waibao.funds import views

urlpatterns = [
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("batches/<int:pk>/export.<str:fmt>", views.batch_export, name="batch_export"),
]
