"""Staff pages of the CMS, mounted under /staff/stations/<station_id>/public-page/ by config/urls.py."""

from django.urls import path

from cms import views

app_name = "cms_staff"

urlpatterns = [
    path("", views.station_page_edit, name="station_page_edit"),
]
