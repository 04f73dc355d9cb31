"""URL configuration: language-neutral endpoints first, then the translated public and staff pages."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from common import views as common_views

# Django's admin signs people in through allauth, so its two-factor step and rate limits apply.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "爱心驿站 Aixin"

urlpatterns = [
    path("healthz", common_views.healthz, name="healthz"),
    path("csp-report/", common_views.csp_report, name="csp_report"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Wagtail's own login form would bypass allauth: send it to allauth's.
    path("cms/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("cms/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    path("staff/stations/<int:station_id>/public-page/", include("cms.urls")),
    path("staff/", include("stations.urls")),
    path("report/", include("stations.discovery_public_urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
