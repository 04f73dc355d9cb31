"""Addresses of the triage pages, in the ``staff`` namespace of stations/urls.py."""

from django.urls import path

from stations import discovery_views as views

urlpatterns = [
    path("reports/", views.report_queue, name="report_queue"),
    path("reports/new/", views.report_staff_create, name="report_staff_create"),
    path("reports/<int:report_id>/", views.report_detail, name="report_detail"),
    path("reports/<int:report_id>/duplicate/", views.report_triage_duplicate, name="report_triage_duplicate"),
    path("reports/<int:report_id>/not-a-case/", views.report_triage_not_a_case, name="report_triage_not_a_case"),
    path("reports/<int:report_id>/verified/", views.report_triage_verified, name="report_triage_verified"),
    path("reports/<int:report_id>/reroute/", views.report_reroute, name="report_reroute"),
]
