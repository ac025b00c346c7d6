from django.urls import path

from waibao.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.task_index, name="tasks"),
    path("tasks/<str:key>/", views.task_page, name="task"),
    path("supervision/<str:jurisdiction>/", views.supervision_page, name="supervision"),
    path("supervision/<str:jurisdiction>/report.xlsx", views.supervision_xlsx, name="xlsx"),
]
