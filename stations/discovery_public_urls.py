"""The public report form, under /report/ (Chinese) and /en/report/ (English)."""

from django.urls import path

from stations import discovery_views as views

app_name = "reports"

urlpatterns = [
    path("", views.report_public_create, name="create"),
    path("thanks/", views.report_public_thanks, name="thanks"),
]
