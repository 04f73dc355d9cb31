"""Addresses of the household workbench, in the ``staff`` namespace of stations/urls.py."""

from django.urls import path

from stations import household_views as views

urlpatterns = [
    path("households/", views.household_list, name="household_list"),
    path("households/<int:household_id>/", views.household_detail, name="household_detail"),
    path("households/<int:household_id>/unmask/", views.household_unmask, name="household_unmask"),
    path("households/<int:household_id>/members/", views.household_member_add, name="household_member_add"),
    path("households/<int:household_id>/shocks/", views.household_shock_add, name="household_shock_add"),
    path(
        "households/<int:household_id>/watched-groups/",
        views.household_watched_groups_set,
        name="household_watched_groups_set",
    ),
    path("households/<int:household_id>/consents/", views.household_consent_record, name="household_consent_record"),
    path(
        "households/<int:household_id>/consents/<int:consent_id>/withdraw/",
        views.household_consent_withdraw,
        name="household_consent_withdraw",
    ),
    path("households/<int:household_id>/help/", views.household_assistance_record, name="household_assistance_record"),
    path("households/<int:household_id>/transfer/", views.household_transfer, name="household_transfer"),
    path("stations/<int:station_id>/households/new/", views.household_create, name="household_create"),
]
