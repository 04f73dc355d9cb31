"""Journey: a coordinator records a household, finds it in the ranked list, records help and a second, warned help.

The browser speaks Chinese; the steps find things by address, form field name and id, so that
they hold whatever language the labels are shown in.
"""

import re
import time
from datetime import date, timedelta
from decimal import Decimal

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.utils import timezone
from playwright.sync_api import expect

from common.identity import id_number_check_character
from stations.models import AssistanceRecord, Household, IncomeStandard
from tests.factories import DEFAULT_PASSWORD, StationFactory, region_tree, station_member_create, totp_enable
from tests.journeys.conftest import artifact_path, assert_no_browser_problems

MINIMUM_SECONDS_LEFT_IN_WINDOW = 3
PHONE = "13912345678"
BIRTH = date(1950, 6, 1)
_ID_BODY = f"330302{BIRTH:%Y%m%d}131"
ID_NUMBER = _ID_BODY + id_number_check_character(_ID_BODY)


def totp_code_now(secret: str) -> str:
    """Return the authenticator code of the current window, waiting for the next if this one is about to end."""
    period = mfa_settings.TOTP_PERIOD
    while True:
        now = time.time()
        seconds_left = period - (now % period)
        if seconds_left > MINIMUM_SECONDS_LEFT_IN_WINDOW:
            return format_hotp_value(hotp_value(secret, int(now) // period))
        time.sleep(seconds_left + 0.1)


def sign_in_with_code(page, *, email: str, secret: str) -> None:
    page.locator("nav.account-nav a[href='/accounts/login/']").click()
    form = page.locator("main form")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    authenticate_form = page.locator("main form").filter(has=page.locator("input[name=code]"))
    authenticate_form.locator("input[name=code]").fill(totp_code_now(secret))
    # The other submit button in this form belongs to the "cancel" form, which signs out.
    authenticate_form.locator("button[type=submit]:not([form])").click()


def record_help(page, *, description: str, value: str) -> None:
    help_section = page.locator("section#help")
    if not help_section.locator("details").evaluate("element => element.open"):
        help_section.locator("summary").click()
    form = help_section.locator("form#help-form")
    form.locator("select[name=help-source]").select_option("station_goods")
    form.locator("select[name=help-category]").select_option("winter_supplies")
    form.locator("input[name=help-description]").fill(description)
    form.locator("input[name=help-value]").fill(value)
    form.locator("input[name=help-quantity]").fill("1")


class HouseholdWorkbenchJourneyTests:
    def test_coordinator_records_a_household_and_is_warned_of_duplicate_help(self, page, browser_problems):
        regions = region_tree()
        station = StationFactory(name="鼓楼爱心驿站")
        coordinator = station_member_create(station)
        secret = totp_enable(coordinator)
        IncomeStandard.objects.create(
            county=regions["330302"],
            monthly_amount=Decimal("1100"),
            valid_from=timezone.localdate() - timedelta(days=300),
        )

        page.goto("/")
        sign_in_with_code(page, email=coordinator.email, secret=secret)
        expect(page).to_have_url(re.compile(r"/staff/$"))

        # The household list, then the form for a new household at the coordinator's station.
        page.locator("main a[href='/staff/households/']").click()
        expect(page.locator("#ranked-households")).to_be_visible()
        page.locator(f"main a[href='/staff/stations/{station.pk}/households/new/']").click()
        form = page.locator("main form")
        form.locator("select[name=village]").select_option(str(regions["330302006044"].pk))
        form.locator("input[name=address_detail]").fill("鼓楼街12号3幢201")
        form.locator("input[name=phone]").fill(PHONE)
        form.locator("input[name=monthly_income_per_person]").fill("900")
        form.locator("input[name=income_assessed_on]").fill(timezone.localdate().isoformat())
        form.locator("select[name=housing]").select_option("dangerous")
        form.locator("input[name=head-name]").fill("李建国")
        form.locator("select[name=head-sex]").select_option("male")
        form.locator("input[name=head-birth_date]").fill(BIRTH.isoformat())
        form.locator("input[name=head-id_number]").fill(ID_NUMBER)
        form.locator("select[name=head-health]").select_option("serious")
        form.locator("textarea[name=head-health_notes]").fill("肺癌术后化疗")
        form.locator("select[name=head-work]").select_option("unable")
        form.locator("button[type=submit]").click()

        expect(page).to_have_url(re.compile(r"/staff/households/\d+/$"))
        household = Household.objects.get()
        assert household.hardship_score > 0

        # It heads the ranked list, masked, with its score.
        page.locator(".breadcrumb a[href='/staff/households/']").click()
        row = page.locator("#ranked-households tbody tr").first
        expect(row).to_contain_text(household.reference)
        expect(row).to_contain_text("李**")
        expect(row.locator("strong")).to_have_text(str(household.hardship_score))
        page.screenshot(path=str(artifact_path("household_ranked_list")), full_page=True)
        row.get_by_role("link", name=household.reference).click()
        expect(page).to_have_url(re.compile(rf"/staff/households/{household.pk}/$"))

        # The first winter supplies are recorded.
        record_help(page, description="棉被两床", value="300")
        page.locator("form#help-form button[type=submit]").click()
        expect(page.locator("section#help table")).to_contain_text("棉被两床")

        # The second is held back: the earlier help is shown and a reason is asked for, the input kept.
        record_help(page, description="羽绒服一件", value="200")
        page.locator("form#help-form button[type=submit]").click()
        expect(page.locator("#duplicate-help")).to_contain_text("棉被两床")
        reason = page.locator("form#help-form input[name=help-override_reason]")
        expect(reason).to_be_visible()
        expect(page.locator("form#help-form input[name=help-description]")).to_have_value("羽绒服一件")
        assert AssistanceRecord.objects.count() == 1
        reason.fill("上次是被子，这次是冬衣")
        page.locator("form#help-form button[type=submit]").click()
        expect(page.locator("section#help table")).to_contain_text("羽绒服一件")
        assert AssistanceRecord.objects.filter(override_reason="上次是被子，这次是冬衣").count() == 1

        # Masked until the full details are asked for, with a reason.
        html = page.content()
        assert PHONE not in html and ID_NUMBER not in html and "肺癌" not in html
        expect(page.locator("#household-phone")).to_have_text("139****5678")
        page.screenshot(path=str(artifact_path("household_detail_masked")), full_page=True)
        page.locator("form#unmask-form input[name=reason]").fill("入户核实前电话联系")
        page.locator("form#unmask-form button[type=submit]").click()
        expect(page.locator("#unmasked-notice")).to_be_visible()
        expect(page.locator("#household-phone")).to_have_text(PHONE)
        expect(page.locator("section#members table")).to_contain_text(ID_NUMBER)
        expect(page.locator("section#members table")).to_contain_text("肺癌术后化疗")
        page.screenshot(path=str(artifact_path("household_detail_unmasked")), full_page=True)

        # The warned attempt answers 400 on purpose (the form came back with a question); Chromium logs that.
        expected = (
            f"/staff/households/{household.pk}/help/: "
            "Failed to load resource: the server responded with a status of 400"
        )
        assert sum(expected in problem for problem in browser_problems) == 1, browser_problems
        assert_no_browser_problems([problem for problem in browser_problems if expected not in problem])
