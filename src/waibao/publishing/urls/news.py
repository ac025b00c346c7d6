from django.urls import path

from waibao.publishing import views

app_name = "news"
urlpatterns = [
    path("", views.news_list, name="list"),
    path("feed.atom", views.news_feed, name="feed"),
    path("<int:pk>/", views.news_detail, name="detail"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("staff/", views.staff_list, name="staff"),
    path("staff/new/", views.staff_new, name="new"),
    path("staff/<int:pk>/<slug:action>/", views.staff_action, name="action"),
]
