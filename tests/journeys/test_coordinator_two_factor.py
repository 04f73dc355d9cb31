"""Journey 3: a station coordinator sets up an authenticator app at first sign-in, then signs in with it."""

import re
import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from tests.factories import DEFAULT_PASSWORD, StationFactory, station_member_create
from tests.journeys.conftest import assert_no_browser_problems

# A code is only accepted in its own window; do not submit one that expires on the way to the server.
MINIMUM_SECONDS_LEFT_IN_WINDOW = 3


def totp_code_now(secret: str, *, not_in_window: int | None = None) -> tuple[str, int]:
    """Return the authenticator code of the current window and the window's number.

    Wait for the next window when the current one is ``not_in_window`` (allauth refuses a code
    used once) or about to end.
    """
    period = mfa_settings.TOTP_PERIOD
    while True:
        now = time.time()
        window = int(now) // period
        seconds_left = period - (now % period)
        if window != not_in_window and seconds_left > MINIMUM_SECONDS_LEFT_IN_WINDOW:
            return format_hotp_value(hotp_value(secret, window)), window
        time.sleep(seconds_left + 0.1)


def sign_in(page, *, email: str, password: str) -> None:
    """Open the sign-in form from the header and submit it."""
    page.locator("nav.account-nav a[href='/accounts/login/']").click()
    form = page.locator("main form")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()


class CoordinatorTwoFactorJourneyTests:
    def test_coordinator_sets_up_authenticator_then_signs_in_with_a_code(self, page, browser_problems):
        station = StationFactory(name="鼓楼爱心驿站")
        coordinator = station_member_create(station)
        account_nav = page.locator("nav.account-nav")

        page.goto("/")
        sign_in(page, email=coordinator.email, password=DEFAULT_PASSWORD)
        # The workbench sends them to set up the app; allauth 65.21 first asks for the password again,
        # because a sign-in does not count as the recent re-authentication that activation needs.
        expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/\?next=.*2fa.*totp.*activate"))
        reauthenticate_form = page.locator("main form")
        reauthenticate_form.locator("input[name=password]").fill(DEFAULT_PASSWORD)
        reauthenticate_form.locator("button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/\?next=(/|%2F)staff(/|%2F)$"))
        secret = page.locator("#authenticator_secret").input_value()
        assert re.fullmatch(r"[A-Z2-7]{32}", secret), secret
        code, activation_window = totp_code_now(secret)
        activate_form = page.locator("main form")
        activate_form.locator("input[name=code]").fill(code)
        activate_form.locator("button[type=submit]").click()

        expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/$"))
        expect(page.get_by_role("heading", name="恢复代码")).to_be_visible()
        recovery_codes = page.locator("#recovery_codes").input_value().split()
        assert len(recovery_codes) == mfa_settings.RECOVERY_CODE_COUNT
        assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()

        # The page offers to continue to where the coordinator was going: the workbench.
        page.locator("aside.notice").get_by_role("link", name="继续").click()
        expect(page).to_have_url(re.compile(r"/staff/$"))
        expect(page.locator("aside.notice")).to_have_count(0)
        page.locator("main").get_by_role("link", name=station.name).click()
        expect(page).to_have_url(re.compile(rf"/staff/stations/{station.pk}/$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text(station.name)
        expect(page.locator("main table")).to_contain_text(coordinator.display_name)

        account_nav.locator("form[action='/accounts/logout/'] button[type=submit]").click()
        expect(account_nav.locator("a[href='/accounts/login/']")).to_be_visible()
        sign_in(page, email=coordinator.email, password=DEFAULT_PASSWORD)
        expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
        code, _window = totp_code_now(secret, not_in_window=activation_window)
        authenticate_form = page.locator("main form").filter(has=page.locator("input[name=code]"))
        authenticate_form.locator("input[name=code]").fill(code)
        # The other submit button in this form belongs to the "cancel" form, which signs out.
        authenticate_form.locator("button[type=submit]:not([form])").click()
        expect(page).to_have_url(re.compile(r"/staff/$"))
        expect(page.locator("main").get_by_role("link", name=station.name)).to_be_visible()

        assert_no_browser_problems(browser_problems)
