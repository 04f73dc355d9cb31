from django.urls import include, path

from stations import views

app_name = "staff"

urlpatterns = [
    path("", views.staff_index, name="index"),
    path("stations/<int:station_id>/", views.station_workbench, name="station_workbench"),
    path("stations/<int:station_id>/members/", views.station_members, name="station_members"),
    path(
        "stations/<int:station_id>/members/<int:user_id>/remove/",
        views.station_member_remove,
        name="station_member_remove",
    ),
    path("city/stations/", views.city_station_list, name="city_station_list"),
    path("city/stations/new/", views.city_station_create, name="city_station_create"),
    path("city/stations/<int:station_id>/activate/", views.city_station_activate, name="city_station_activate"),
    path("city/stations/<int:station_id>/close/", views.city_station_close, name="city_station_close"),
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/<int:visit_id>/record/", views.visit_record, name="visit_record"),
    path("city/", include("stations.city_urls")),
    path("", include("stations.household_urls")),
    path("", include("stations.discovery_urls")),
    path("", include("stations.need_urls")),
]
