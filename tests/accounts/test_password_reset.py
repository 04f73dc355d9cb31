"""Password reset by email, through allauth, in Chinese by default."""

import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class PasswordResetTests:
    def test_a_person_resets_a_forgotten_password(self, client, mailoutbox):
        person = UserFactory()
        response = client.post(reverse("account_reset_password"), {"email": person.email})
        assert response.status_code == 302
        assert len(mailoutbox) == 1
        assert mailoutbox[0].subject.startswith("[爱心驿站]")

        link = re.search(r"https?://[^\s]+/accounts/password/reset/key/[^\s]+", mailoutbox[0].body).group(0)
        path = link.split("://", 1)[1].split("/", 1)[1]
        form_page = client.get("/" + path, follow=True)
        action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else "/" + path
        new_password = "a-new-long-passphrase-2026"
        response = client.post(action, {"password1": new_password, "password2": new_password})
        assert response.status_code == 302

        person.refresh_from_db()
        assert person.check_password(new_password)

    def test_an_unknown_address_reveals_nothing(self, client, mailoutbox):
        response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
        # The same answer as for a known address, so that addresses cannot be probed.
        assert response.status_code == 302
        # allauth may tell the address's owner that nobody has an account there; no reset key is ever sent.
        assert not any("/password/reset/key/" in message.body for message in mailoutbox)

    def test_a_malformed_address_is_explained_and_kept(self, client):
        response = client.post("/en" + reverse("account_reset_password"), {"email": "not-an-email"})
        assert response.status_code == 200
        body = response.content.decode()
        assert "Enter a valid email address" in body
        assert 'value="not-an-email"' in body
