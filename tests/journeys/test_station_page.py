"""Journey: a coordinator writes the station's public story, is stopped by a phone number, and publishes it.

A visitor then finds the page from the directory and reads the story beside the station's live facts.
"""

import re

from playwright.sync_api import expect

from cms.models import HomePage, StationDirectoryPage
from tests.factories import StationFactory, station_member_create, totp_enable
from tests.journeys.conftest import artifact_path, assert_no_browser_problems
from tests.journeys.test_household_workbench import sign_in_with_code

STORY = "每周二下午，志愿者上门看望独居老人。\n\n捐赠的冬衣和棉被在这里登记、清点、发放。"


class StationPageJourneyTests:
    def test_coordinator_publishes_the_story_and_a_visitor_reads_it(self, page, browser_problems):
        home = HomePage.objects.get(depth=2)
        directory = StationDirectoryPage(title="爱心驿站分布", slug="stations", show_in_menus=True)
        home.add_child(instance=directory)
        directory.save_revision().publish()
        station = StationFactory(name="鼓楼社区爱心驿站", opening_hours="每天 9:00-17:00", phone="0577-88881234")
        coordinator = station_member_create(station)
        secret = totp_enable(coordinator)

        page.goto("/")
        sign_in_with_code(page, email=coordinator.email, secret=secret)
        page.goto(f"/staff/stations/{station.pk}/public-page/")
        form = page.locator("main form.form")
        form.locator("input[name=intro]").fill("街坊邻里在这里互相帮一把。")
        form.locator("textarea[name=story]").fill(STORY + "\n\n有事请打 13812345678。")
        form.locator("button[type=submit]").click()
        expect(page.locator(".form-errors")).to_contain_text("138****5678")
        expect(form.locator("textarea[name=story]")).to_have_value(re.compile("13812345678"))
        page.screenshot(path=str(artifact_path("station_page_edit_refused")), full_page=True)

        form.locator("textarea[name=story]").fill(STORY)
        form.locator("button[type=submit]").click()
        expect(page.locator("main")).to_contain_text(re.compile("published|发布"))
        expect(page.locator("main a", has_text=re.compile("public page|公开页面"))).to_be_visible()
        page.screenshot(path=str(artifact_path("station_page_edit")), full_page=True)

        visitor = page.context.browser.new_context(locale="zh-CN", base_url=page.url.split("/staff/")[0])
        public = visitor.new_page()
        public.goto("/stations/")
        public.locator(f"#station-{station.pk} a[href*='station-']").click()
        expect(public.locator("h1")).to_have_text("鼓楼社区爱心驿站")
        expect(public.locator("main")).to_contain_text("看望独居老人")
        expect(public.locator("main")).to_contain_text("每天 9:00-17:00")
        expect(public.locator("main")).not_to_contain_text("13812345678")
        public.screenshot(path=str(artifact_path("station_page_public")), full_page=True)
        visitor.close()
        # The refused story answers 400 on purpose; Chromium logs that status, and it is the only problem allowed.
        assert_no_browser_problems(
            [problem for problem in browser_problems if not ("status of 400" in problem and "/public-page/" in problem)]
        )
