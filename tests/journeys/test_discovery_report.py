"""Journey: a visitor reports a solitary elderly person; the routed station's coordinator verifies it into a household.

The browser speaks Chinese; the steps find things by address, form field name and id, so that they
hold whatever language the labels are shown in.
"""

import re

from playwright.sync_api import expect

from stations.discovery_services import report_submit
from stations.models import DiscoveryReport, Household
from tests.factories import StationFactory, region_tree, station_member_create, totp_enable
from tests.journeys.conftest import assert_no_browser_problems
from tests.journeys.test_household_workbench import sign_in_with_code

SEEN = "鼓楼街口有一位独居老人，八十多岁，腿脚不便，冬天家里没有棉被，邻居说好几天没见她出门。"


class DiscoveryReportJourneyTests:
    def test_a_visitor_reports_a_solitary_elderly_person_and_the_coordinator_verifies_a_household(
        self, page, browser_problems
    ):
        regions = region_tree()
        station = StationFactory(name="鼓楼爱心驿站")
        StationFactory(name="墨池爱心驿站", region=regions["330302006045"])
        coordinator = station_member_create(station)
        secret = totp_enable(coordinator)

        # A visitor, not signed in, finds the form from the home page and fills it in Chinese.
        page.goto("/")
        page.locator("nav.main-nav a[href='/report/']").click()
        expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
        form = page.locator("form#report-form")
        form.locator("textarea[name=what_was_seen]").fill(SEEN)
        form.locator("select[name=county]").select_option("330302")
        form.locator("input[name=place_code]").fill("330302006044")
        form.locator("input[name=location_note]").fill("菜市场旁边的老房子")
        form.locator("select[name=reporter_kind]").select_option("sanitation_worker")
        form.locator("input[name=reporter_contact]").fill("13812345678")
        expect(form.locator("input[name=homepage]")).not_to_be_in_viewport()
        form.locator("button[type=submit]").click()

        expect(page).to_have_url(re.compile(r"/report/thanks/$"))
        report = DiscoveryReport.objects.get()
        expect(page.locator("#report-reference")).to_have_text(report.reference)
        expect(page.locator("#report-next")).to_contain_text("鼓楼爱心驿站")
        assert report.routed_station == station
        assert "13812345678" not in page.content()

        # The coordinator of the routed station signs in with a code and finds it in the queue.
        page.goto("/")
        sign_in_with_code(page, email=coordinator.email, secret=secret)
        expect(page).to_have_url(re.compile(r"/staff/$"))
        page.locator("main a[href='/staff/reports/']").click()
        row = page.locator("#report-queue tbody tr").first
        expect(row).to_contain_text(report.reference)
        row.get_by_role("link", name=report.reference).click()
        expect(page).to_have_url(re.compile(rf"/staff/reports/{report.pk}/$"))
        expect(page.locator("#report-text")).to_contain_text("独居老人")
        expect(page.locator("#report-contact")).to_have_text("138****5678")

        # Verified, as a new household with its head.
        form = page.locator("form#verified-form")
        form.locator("input[name=ver-mode][value=new]").check()
        form.locator("select[name=ver-village]").select_option(str(regions["330302006044"].pk))
        form.locator("input[name=ver-address_detail]").fill("鼓楼街口老房子2号")
        form.locator("input[name=head-name]").fill("王秀英")
        form.locator("select[name=head-sex]").select_option("female")
        form.locator("input[name=head-birth_date]").fill("1943-01-15")
        form.locator("select[name=head-health]").select_option("chronic")
        form.locator("select[name=head-work]").select_option("retired")
        form.locator("button[type=submit]").click()

        household = Household.objects.get()
        expect(page).to_have_url(re.compile(rf"/staff/households/{household.pk}/$"))
        expect(page.locator("h1")).to_contain_text(household.reference)
        report.refresh_from_db()
        assert report.outcome == DiscoveryReport.Outcome.VERIFIED and report.household == household
        assert household.station == station

        # The report has left the queue.
        page.goto("/staff/reports/")
        expect(page.locator("#report-queue-empty")).to_be_visible()
        assert_no_browser_problems(browser_problems)


class ReportRerouteJourneyTests:
    def test_the_coordinator_sends_a_report_on_to_the_station_that_serves_the_place(self, page, browser_problems):
        regions = region_tree()
        station = StationFactory(name="鼓楼爱心驿站")
        other = StationFactory(name="墨池爱心驿站", region=regions["330302006045"])
        coordinator = station_member_create(station)
        other_coordinator = station_member_create(other)
        secret = totp_enable(coordinator)
        report = report_submit(
            what_was_seen="墨池社区一位独居老人需要帮助。",
            reporter_kind="public",
            channel="web",
            region=regions["330302006044"],
        )
        assert report.routed_station == station

        page.goto("/")
        sign_in_with_code(page, email=coordinator.email, secret=secret)
        page.goto(f"/staff/reports/{report.pk}/")
        section = page.locator("section#reroute")
        section.locator("summary").click()
        form = section.locator("form#reroute-form")
        form.locator("select[name=route-to_station]").select_option(str(other.pk))
        form.locator("button[type=submit]").click()

        # No reason: refused on the page, the chosen station kept, nothing moved.
        form = page.locator("section#reroute form#reroute-form")
        expect(form).to_be_visible()
        expect(form.locator(".field-invalid .field-error")).to_be_visible()
        expect(form.locator("select[name=route-to_station]")).to_have_value(str(other.pk))
        report.refresh_from_db()
        assert report.routed_station == station
        refused = (
            f"/staff/reports/{report.pk}/reroute/: Failed to load resource: the server responded with a status of 400"
        )
        browser_problems[:] = [problem for problem in browser_problems if refused not in problem]

        form.locator("textarea[name=route-reason]").fill("老人住在墨池社区，由墨池驿站跟进")
        form.locator("button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/staff/reports/$"))
        expect(page.locator("main")).to_contain_text("墨池爱心驿站")
        expect(page.locator("#report-queue-empty")).to_be_visible()
        report.refresh_from_db()
        assert report.routed_station == other
        assert other_coordinator.notifications.filter(subject__contains=report.reference).exists()
        assert_no_browser_problems(browser_problems)
