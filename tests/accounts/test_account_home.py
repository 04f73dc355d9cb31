import pytest
from django.urls import reverse

from accounts.models import RoleGrant
from accounts.selectors import volunteer_count
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class AccountHomeTests:
    def test_anonymous_visitors_are_sent_to_sign_in(self, client):
        response = client.get(reverse("accounts:home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))

    def test_a_person_joins_as_a_volunteer_once(self, client):
        person = UserFactory()
        client.force_login(person)
        assert reverse("accounts:volunteer_join") in client.get(reverse("accounts:home")).content.decode()
        for _ in range(2):
            response = client.post(reverse("accounts:volunteer_join"))
            assert response.status_code == 302
        assert RoleGrant.objects.filter(user=person, role=RoleGrant.Role.VOLUNTEER).count() == 1
        assert volunteer_count() == 1
        assert reverse("accounts:volunteer_join") not in client.get(reverse("accounts:home")).content.decode()

    def test_joining_needs_a_post(self, client):
        client.force_login(UserFactory())
        assert client.get(reverse("accounts:volunteer_join")).status_code == 405
