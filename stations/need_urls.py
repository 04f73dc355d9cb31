"""Addresses of the needs workbench, in the ``staff`` namespace of stations/urls.py."""

from django.urls import path

from stations import need_views as views

urlpatterns = [
    path("needs/", views.need_list, name="need_list"),
    path("needs/review/", views.need_review_queue, name="need_review_queue"),
    path("needs/<int:need_id>/", views.need_detail, name="need_detail"),
    path("needs/<int:need_id>/edit/", views.need_edit_view, name="need_edit"),
    path("needs/<int:need_id>/submit/", views.need_submit_view, name="need_submit"),
    path("needs/<int:need_id>/approve/", views.need_approve_view, name="need_approve"),
    path("needs/<int:need_id>/reject/", views.need_reject_view, name="need_reject"),
    path("needs/<int:need_id>/progress/", views.need_progress_view, name="need_progress"),
    path("needs/<int:need_id>/close/", views.need_close_view, name="need_close"),
    path("needs/<int:need_id>/cancel/", views.need_cancel_view, name="need_cancel"),
    path("needs/<int:need_id>/extend/", views.need_extend_view, name="need_extend"),
    path("stations/<int:station_id>/needs/new/", views.need_create_view, name="need_create"),
]
