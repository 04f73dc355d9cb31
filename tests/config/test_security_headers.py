"""Content security policy, framing, upload limits: the settings a user never sees until they fail."""

import pytest
from django.conf import settings

from tests.factories import city_administrator_create, totp_enable

pytestmark = pytest.mark.django_db


class ContentSecurityPolicyTests:
    def test_public_pages_enforce_a_strict_policy(self, client):
        response = client.get("/")
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "script-src 'self'" in policy
        assert "'unsafe-inline'" not in policy
        assert "object-src 'none'" in policy

    def test_error_pages_and_redirects_carry_the_policy_too(self, client):
        assert "Content-Security-Policy" in client.get("/no-such-page/")
        assert "Content-Security-Policy" in client.get("/staff/")

    def test_admin_pages_are_report_only(self, client):
        admin = city_administrator_create()
        totp_enable(admin)
        client.force_login(admin)
        response = client.get("/cms/")
        assert response.status_code == 200
        assert "Content-Security-Policy" not in response
        assert "default-src 'self'" in response["Content-Security-Policy-Report-Only"]

    def test_violation_reports_are_logged(self, client, caplog):
        report = b'{"csp-report": {"document-uri": "http://localhost/", "violated-directive": "script-src"}}'
        response = client.post("/csp-report/", report, content_type="application/csp-report")
        assert response.status_code == 204
        assert "violated-directive" in caplog.text

    def test_oversized_or_broken_reports_are_refused(self, client):
        assert client.post("/csp-report/", b"x" * 20_000, content_type="application/json").status_code == 413
        assert client.post("/csp-report/", b"{not json", content_type="application/json").status_code == 400


class HeaderTests:
    def test_pages_may_not_be_framed_and_types_are_not_sniffed(self, client):
        response = client.get("/")
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"

    def test_upload_limits_are_set(self):
        assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 5 * 1024 * 1024
        assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024

    def test_an_oversized_form_post_is_refused_with_400(self, client):
        response = client.post("/accounts/login/", {"login": "x" * (6 * 1024 * 1024), "password": "y"})
        assert response.status_code == 400
