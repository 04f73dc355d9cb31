"""City administrators' pages of the workbench (mounted under /staff/city/)."""

from django.urls import path

from stations import city_views as views

urlpatterns = [
    path("access-log/", views.access_log, name="city_access_log"),
    path("hardship-weights/", views.hardship_weights, name="city_hardship_weights"),
    path("income-standards/", views.income_standards, name="city_income_standards"),
    path("duplicate-help/", views.duplicate_help, name="city_duplicate_help"),
]
