"""Staff roles must have a second factor before any staff page; nobody else is asked."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from accounts.models import RoleGrant
from accounts.services import role_grant
from tests.factories import (
    DEFAULT_PASSWORD,
    StationFactory,
    UserFactory,
    city_administrator_create,
    station_member_create,
    totp_enable,
)

pytestmark = pytest.mark.django_db

ACTIVATE = "/accounts/2fa/totp/activate/"


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


class StaffTwoFactorTests:
    @pytest.mark.parametrize("path", ["/staff/", "/en/staff/", "/cms/", "/django-admin/"])
    def test_staff_without_authenticator_is_sent_to_set_one_up(self, client, path):
        coordinator = station_member_create(StationFactory())
        client.force_login(coordinator)
        response = client.get(path)
        assert response.status_code == 302
        language_prefix = "/en" if path.startswith("/en/") else ""
        assert response["Location"].startswith(language_prefix + ACTIVATE)
        assert f"next={path.replace('/', '%2F')}" in response["Location"]

    def test_after_setting_up_the_app_the_person_is_offered_to_continue(self, client):
        coordinator = station_member_create(StationFactory())
        client.force_login(coordinator)
        client.get("/staff/?tab=overdue")
        assert 'href="/staff/?tab=overdue"' not in client.get(reverse("accounts:home")).content.decode()

        totp_enable(coordinator)
        page = client.get(reverse("accounts:home")).content.decode()
        assert 'href="/staff/?tab=overdue"' in page
        # Reaching the staff page ends the offer.
        assert client.get("/staff/?tab=overdue").status_code == 200
        assert 'href="/staff/?tab=overdue"' not in client.get(reverse("accounts:home")).content.decode()

    def test_city_administrator_and_superuser_are_staff_too(self, client):
        for user in (city_administrator_create(), UserFactory(is_staff=True, is_superuser=True)):
            client.force_login(user)
            assert client.get("/cms/")["Location"].startswith(ACTIVATE)

    def test_with_an_authenticator_the_workbench_opens(self, client):
        station = StationFactory()
        coordinator = station_member_create(station)
        totp_enable(coordinator)
        client.force_login(coordinator)
        response = client.get(reverse("staff:index"))
        assert response.status_code == 200
        assert station.name in response.content.decode()

    def test_public_pages_and_account_pages_are_not_blocked(self, client):
        client.force_login(station_member_create(StationFactory()))
        assert client.get("/").status_code == 200
        assert client.get(reverse("accounts:home")).status_code == 200
        # allauth asks a force-logged-in session to re-authenticate first; the policy does not loop.
        assert not client.get(ACTIVATE)["Location"].startswith(ACTIVATE)

    def test_volunteers_are_never_asked_for_a_second_factor(self, client):
        volunteer = UserFactory()
        role_grant(user=volunteer, role=RoleGrant.Role.VOLUNTEER)
        client.force_login(volunteer)
        response = client.get(reverse("staff:index"))
        assert response.status_code == 403

    def test_the_documented_local_switch_relaxes_the_rule(self, client, settings):
        settings.AIXIN_REQUIRE_STAFF_MFA = False
        client.force_login(station_member_create(StationFactory()))
        assert client.get(reverse("staff:index")).status_code == 200

    def test_sign_in_with_an_authenticator_asks_for_the_code_before_the_workbench(self, client):
        coordinator = station_member_create(StationFactory())
        secret = totp_enable(coordinator)
        response = client.post(reverse("account_login"), {"login": coordinator.email, "password": DEFAULT_PASSWORD})
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_authenticate")
        # Not signed in yet: the workbench still sends the person to sign in.
        assert client.get(reverse("staff:index"))["Location"].startswith(reverse("account_login"))

        wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
        assert wrong.status_code == 200
        assert client.get(reverse("staff:index")).status_code == 302

        response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
        assert response.status_code == 302
        assert response["Location"] == reverse("staff:index")
        assert client.get(reverse("staff:index")).status_code == 200


class AdminLoginTests:
    """Django's and Wagtail's own login forms would bypass allauth's second factor and rate limits."""

    def test_django_admin_login_goes_through_allauth(self, client):
        response = client.get("/django-admin/login/?next=/django-admin/")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))

    def test_django_admin_login_form_does_not_sign_anyone_in(self, client):
        superuser = UserFactory(is_staff=True, is_superuser=True)
        totp_enable(superuser)
        client.post("/django-admin/login/", {"username": superuser.email, "password": DEFAULT_PASSWORD})
        assert "_auth_user_id" not in client.session

    def test_wagtail_login_goes_through_allauth(self, client):
        response = client.get("/cms/login/?next=/cms/")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert "next=/cms/" in response["Location"] or "next=%2Fcms%2F" in response["Location"]

    def test_wagtail_login_form_does_not_sign_anyone_in(self, client):
        admin = city_administrator_create()
        totp_enable(admin)
        client.post("/cms/login/", {"username": admin.email, "password": DEFAULT_PASSWORD})
        assert "_auth_user_id" not in client.session

    def test_staff_without_second_factor_reach_neither_admin(self, client):
        superuser = UserFactory(is_staff=True, is_superuser=True)
        client.force_login(superuser)
        for path in ("/django-admin/", "/cms/"):
            assert client.get(path)["Location"].startswith(ACTIVATE)

    def test_city_administrator_with_second_factor_reaches_the_cms(self, client):
        admin = city_administrator_create()
        totp_enable(admin)
        client.force_login(admin)
        assert client.get("/cms/").status_code == 200


class RateLimitTests:
    def test_repeated_failed_logins_for_one_account_are_refused(self, client):
        user = UserFactory()
        too_many = "Too many failed login attempts"
        login_url = "/en/accounts/login/"
        for _attempt in range(5):
            response = client.post(login_url, {"login": user.email, "password": "wrong-password"})
            assert response.status_code == 200
            assert too_many not in response.content.decode("utf-8")
        # The sixth try is refused, and so is the right password while the limit holds.
        response = client.post(login_url, {"login": user.email, "password": DEFAULT_PASSWORD})
        assert too_many in response.content.decode("utf-8")
        assert "_auth_user_id" not in client.session


class CmsAccountPageTests:
    def test_email_and_password_cannot_be_changed_in_the_cms(self, client):
        admin = city_administrator_create()
        totp_enable(admin)
        client.force_login(admin)
        page = client.get("/cms/account/").content.decode()
        assert 'name="email-email"' not in page
        assert 'name="password-old_password"' not in page
