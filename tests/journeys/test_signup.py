"""Journey 2: a visitor signs up, confirms the email address from the message, signs in and out."""

import re

from playwright.sync_api import expect

from accounts.models import User
from tests.journeys.conftest import assert_no_browser_problems

NEW_EMAIL = "xiaoming.wang@example.org"
NEW_PASSWORD = "Lantern-orchard-42-qiao"  # noqa: S105 - a test user's password
CONFIRMATION_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


def signup_form_fill(page, *, email: str, password1: str, password2: str) -> None:
    """Open the sign-up form from the header and submit it."""
    page.goto("/")
    page.locator("nav.account-nav a[href='/accounts/signup/']").click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
    form = page.locator("main form")
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=password1]").fill(password1)
    form.locator("input[name=password2]").fill(password2)
    form.locator("button[type=submit]").click()


class SignupJourneyTests:
    def test_visitor_signs_up_confirms_email_signs_in_and_out(self, page, browser_problems, mailoutbox):
        signup_form_fill(page, email=NEW_EMAIL, password1=NEW_PASSWORD, password2=NEW_PASSWORD)

        expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
        expect(page.get_by_role("heading", name="验证您的Email地址")).to_be_visible()
        assert len(mailoutbox) == 1, [message.subject for message in mailoutbox]
        message = mailoutbox[0]
        assert message.to == [NEW_EMAIL]
        assert message.subject.startswith("[爱心驿站] ")
        link = CONFIRMATION_LINK.search(message.body)
        assert link, f"no confirmation link in the email:\n{message.body}"
        assert not User.objects.get(email=NEW_EMAIL).emailaddress_set.get(email=NEW_EMAIL).verified

        page.goto(link.group(0))
        expect(page.locator("main")).to_contain_text(NEW_EMAIL)
        page.locator("main form button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/accounts/login/"))
        assert User.objects.get(email=NEW_EMAIL).emailaddress_set.get(email=NEW_EMAIL).verified

        form = page.locator("main form")
        form.locator("input[name=login]").fill(NEW_EMAIL)
        form.locator("input[name=password]").fill(NEW_PASSWORD)
        form.locator("button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/account/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("我的账户")
        expect(page.locator("main")).to_contain_text(NEW_EMAIL)
        account_nav = page.locator("nav.account-nav")
        expect(account_nav.get_by_role("link", name="登录", exact=True)).to_have_count(0)

        account_nav.locator("form[action='/accounts/logout/'] button[type=submit]").click()
        expect(account_nav.get_by_role("link", name="登录", exact=True)).to_be_visible()
        page.goto("/account/")
        expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/account/$"))

        assert_no_browser_problems(browser_problems)

    def test_mismatching_passwords_show_the_error_and_keep_the_email(self, page, browser_problems, mailoutbox):
        signup_form_fill(page, email=NEW_EMAIL, password1=NEW_PASSWORD, password2=NEW_PASSWORD + "-typo")

        expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
        expect(page.locator("main")).to_contain_text("每次输入的密码必须相同。")
        expect(page.locator("main form input[name=email]")).to_have_value(NEW_EMAIL)
        expect(page.locator("main form input[name=password2]")).to_have_value("")
        assert not User.objects.filter(email=NEW_EMAIL).exists()
        assert mailoutbox == []

        assert_no_browser_problems(browser_problems)
