from django.urls import path

from waibao.security import views

app_name = "security"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/verify/", views.verify_view, name="verify"),
    path("two-factor/enrol/", views.enrol_view, name="enrol"),
    path("password/change/", views.password_change_view, name="password_change"),
    path("logout/", views.logout_view, name="logout"),
]
