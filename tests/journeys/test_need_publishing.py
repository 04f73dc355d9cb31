"""Journey: from a visitor's report to a need on the public site, with no personal data on the way out.

A visitor reports a solitary elderly woman; the routed station's coordinator verifies her into a
household, records her consent to a pseudonymised story and posts a need for winter supplies. The
first public text names her, so submitting is refused; the coordinator edits the draft and submits.
The station lead approves it, and the need appears on the needs index and the station's page, with
a pseudonym and the village, never her name, phone or address.
"""

import re
from datetime import timedelta

from playwright.sync_api import expect

from cms.models import HomePage, NeedIndexPage, StationDirectoryPage
from cms.station_pages import station_page_story_update
from stations.models import DiscoveryReport, Household, Need, StationMembership
from tests.factories import StationFactory, region_tree, station_member_create, totp_enable
from tests.journeys.conftest import artifact_path, assert_no_browser_problems
from tests.journeys.test_household_workbench import sign_in_with_code

NAME = "王秀英"
REPORTER_PHONE = "13812345678"
HOUSEHOLD_PHONE = "13905779876"
ADDRESS = "鼓楼街口老房子2号"
SEEN = "鼓楼街口有一位独居老人，八十多岁，腿脚不便，冬天家里没有棉被，邻居说好几天没见她出门。"
TITLE = "独居老人过冬需要厚棉被"
STORY_WITH_NAME = f"{NAME}奶奶八十多岁，一个人住在老房子里，冬天很冷，需要厚棉被。"
STORY = "社区里一位八十多岁的独居老人，老房子冬天阴冷潮湿，现有的被子很薄，需要三床厚棉被。"


def public_pages(station):
    """The city's public pages as an editor would have made them: the needs index and the station's page."""
    home = HomePage.objects.get(depth=2)
    needs = NeedIndexPage(title="爱心需求", slug="needs", show_in_menus=True)
    home.add_child(instance=needs)
    needs.save_revision().publish()
    directory = StationDirectoryPage(title="爱心驿站分布", slug="stations", show_in_menus=True)
    home.add_child(instance=directory)
    directory.save_revision().publish()
    return needs


def sign_out(page) -> None:
    page.locator("nav.account-nav form[action='/accounts/logout/'] button[type=submit]").click()
    expect(page.locator("nav.account-nav a[href='/accounts/login/']")).to_be_visible()


def assert_no_personal_data(page) -> None:
    content = page.content()
    for secret in (NAME, "秀英", REPORTER_PHONE, "5678", HOUSEHOLD_PHONE, "9876", ADDRESS, "老房子2号"):
        assert secret not in content, secret


class NeedPublishingJourneyTests:
    def test_report_to_household_to_need_to_review_to_the_public_site(self, page, browser_problems):
        regions = region_tree()
        station = StationFactory(name="鼓楼爱心驿站", phone="0577-88881234")
        coordinator = station_member_create(station)
        lead = station_member_create(station, role=StationMembership.Role.LEAD)
        coordinator_secret, lead_secret = totp_enable(coordinator), totp_enable(lead)
        public_pages(station)
        station_page = station_page_story_update(
            station=station, intro="街坊邻里互相帮一把。", story_text="驿站每周二看望独居老人。", user=lead
        )

        # 1. A visitor reports what they saw, without signing in.
        page.goto("/")
        page.locator("nav.main-nav a[href='/report/']").click()
        form = page.locator("form#report-form")
        form.locator("textarea[name=what_was_seen]").fill(SEEN)
        form.locator("select[name=county]").select_option("330302")
        form.locator("input[name=place_code]").fill("330302006044")
        form.locator("select[name=reporter_kind]").select_option("public")
        form.locator("input[name=reporter_contact]").fill(REPORTER_PHONE)
        form.locator("button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/report/thanks/$"))
        report = DiscoveryReport.objects.get()
        assert report.routed_station == station

        # 2. The coordinator verifies it into a new household.
        page.goto("/")
        sign_in_with_code(page, email=coordinator.email, secret=coordinator_secret)
        expect(page).to_have_url(re.compile(r"/staff/$"))
        page.locator("main a[href='/staff/reports/']").click()
        page.locator("#report-queue").get_by_role("link", name=report.reference).click()
        form = page.locator("form#verified-form")
        form.locator("input[name=ver-mode][value=new]").check()
        form.locator("select[name=ver-village]").select_option(str(regions["330302006044"].pk))
        form.locator("input[name=ver-address_detail]").fill(ADDRESS)
        form.locator("input[name=ver-phone]").fill(HOUSEHOLD_PHONE)
        form.locator("input[name=head-name]").fill(NAME)
        form.locator("select[name=head-sex]").select_option("female")
        form.locator("input[name=head-birth_date]").fill("1943-01-15")
        form.locator("select[name=head-health]").select_option("chronic")
        form.locator("select[name=head-work]").select_option("retired")
        form.locator("button[type=submit]").click()
        household = Household.objects.get()
        expect(page).to_have_url(re.compile(rf"/staff/households/{household.pk}/$"))

        # 3. She agrees to a pseudonymised story; the coordinator records it.
        consents = page.locator("section#consents")
        consents.locator("summary").click()
        form = consents.locator("form#consent-form")
        form.locator("select[name=consent-scope]").select_option("public_story")
        form.locator("input[name=consent-version]").fill("2026-1")
        form.locator("select[name=consent-given_by]").select_option(index=1)
        form.locator("select[name=consent-given_as]").select_option("self")
        form.locator("button[type=submit]").click()
        expect(consents.locator("table")).to_contain_text("2026-1")

        # 4. A need for winter supplies, first written with her name in it.
        page.locator(f"a[href='/staff/stations/{station.pk}/needs/new/?household={household.pk}']").click()
        form = page.locator("main form.form")
        expect(form.locator("input[name=household_reference]")).to_have_value(household.reference)
        form.locator("select[name=kind]").select_option("goods")
        form.locator("select[name=category]").select_option("winter_supplies")
        form.locator("input[name=title]").fill(TITLE)
        form.locator("textarea[name=public_description]").fill(STORY_WITH_NAME)
        form.locator("textarea[name=private_notes]").fill(f"联系电话 {HOUSEHOLD_PHONE}，住{ADDRESS}")
        form.locator("input[name=quantity]").fill("3")
        form.locator("input[name=unit]").fill("床")
        # Found through the report, so the need began with it: the form says so already.
        expect(form.locator("input[name=origin_report_reference]")).to_have_value(report.reference)
        form.locator("button[type=submit]").click()
        need = Need.objects.get()
        expect(page).to_have_url(re.compile(rf"/staff/needs/{need.pk}/$"))
        expect(page.locator("#need-status")).to_have_text("草稿")

        page.locator("form#submit-form button[type=submit]").click()
        expect(page.locator("main")).to_contain_text("王**")  # the refusal names what it found, masked
        need.refresh_from_db()
        assert need.status == Need.Status.DRAFT
        # The refusal is a 400 page, which Chromium logs; that one is expected, any other problem is not.
        refused = f"/staff/needs/{need.pk}/submit/: Failed to load resource: the server responded with a status of 400"
        browser_problems[:] = [problem for problem in browser_problems if refused not in problem]

        page.locator("a#edit-link").click()
        form = page.locator("main form.form")
        form.locator("textarea[name=public_description]").fill(STORY)
        form.locator("button[type=submit]").click()
        expect(page).to_have_url(re.compile(rf"/staff/needs/{need.pk}/$"))
        page.locator("form#submit-form button[type=submit]").click()
        expect(page.locator("#need-status")).to_have_text("审核中")
        sign_out(page)

        # 5. The station lead reviews it and approves it with a comment.
        sign_in_with_code(page, email=lead.email, secret=lead_secret)
        page.goto("/staff/needs/review/")
        page.locator("#needs").get_by_role("link", name=need.reference).click()
        form = page.locator("form#approve-form")
        form.locator("[name$=comment]").fill("已入户核实，同意发布。")
        form.locator("button[type=submit]").click()
        expect(page.locator("#need-status")).to_have_text("征集中")
        expect(page.locator("#need-public")).to_contain_text("已在公开网站上显示")
        expect(page.locator("#need-public a")).to_have_attribute("href", f"/needs/{need.reference}/")
        need.refresh_from_db()
        assert need.status == Need.Status.OPEN and need.published_at is not None
        assert need.origin_report == report

        # The lead gives it more time: a date before the current one is refused on the page, then a later one.
        extend = page.locator("form#extend-form")
        page.locator("summary", has_text="延期").click()
        extend.locator("input[name=extend-due_on]").fill((need.due_on - timedelta(days=1)).isoformat())
        extend.locator("input[name=extend-reason]").fill("等企业捐赠的棉被到货")
        extend.locator("button[type=submit]").click()
        expect(page.locator("form#extend-form .form-errors")).to_contain_text("新的期限必须晚于")
        expect(page.locator("form#extend-form input[name=extend-reason]")).to_have_value("等企业捐赠的棉被到货")
        refused = f"/staff/needs/{need.pk}/extend/: Failed to load resource: the server responded with a status of 4"
        browser_problems[:] = [problem for problem in browser_problems if refused not in problem]
        later = need.due_on + timedelta(days=14)
        page.locator("form#extend-form input[name=extend-due_on]").fill(later.isoformat())
        page.locator("form#extend-form button[type=submit]").click()
        expect(page.locator("#need-events")).to_contain_text("等企业捐赠的棉被到货")
        need.refresh_from_db()
        assert need.due_on == later
        sign_out(page)

        # 6. The public finds it from the menu, with a pseudonym and the village only.
        page.goto("/")
        page.locator("nav.main-nav a[href='/needs/']").click()
        card = page.locator(f"#need-{need.reference}")
        expect(card).to_contain_text(TITLE)
        expect(card).to_contain_text("还需 3 床（共 3 床）")
        expect(card).to_contain_text("五马街道 · 鼓楼社区")
        assert_no_personal_data(page)
        page.locator("#need-filter-q").fill("棉被")
        page.locator("form.need-filter button[type=submit]").click()
        expect(page.locator(".need-card")).to_have_count(1)

        card.get_by_role("link", name=TITLE).click()
        expect(page).to_have_url(re.compile(rf"/needs/{need.reference}/$"))
        expect(page.locator("h1")).to_have_text(TITLE)
        expect(page.locator(".need-summary")).to_contain_text(f"“{household.pseudonym}”家庭（化名）")
        expect(page.locator(".need-summary")).to_contain_text("鹿城区 · 五马街道 · 鼓楼社区")
        expect(page.locator(".need-story")).to_contain_text("需要三床厚棉被")
        expect(page.locator(".need-help")).to_contain_text("0577-88881234")
        assert_no_personal_data(page)
        page.screenshot(path=artifact_path("need_publishing_detail"), full_page=True)

        # 7. And on the station's own page.
        page.locator(".need-help a", has_text="鼓楼爱心驿站").click()
        expect(page).to_have_url(re.compile(re.escape(station_page.url) + "$"))
        expect(page.locator(".station-needs")).to_contain_text(TITLE)
        assert_no_personal_data(page)
        page.screenshot(path=artifact_path("need_publishing_station_page"), full_page=True)
        assert_no_browser_problems(browser_problems)
