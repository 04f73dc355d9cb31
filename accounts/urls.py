from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.account_home, name="home"),
    path("volunteer/", views.volunteer_join, name="volunteer_join"),
    path("notifications/", views.notification_list, name="notifications"),
]
