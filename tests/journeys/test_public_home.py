"""Journey 1: a visitor reads the home page in Chinese, switches to English and back."""

import re

from playwright.sync_api import expect

from tests.journeys.conftest import artifact_path, assert_no_browser_problems


class PublicHomeJourneyTests:
    def test_visitor_reads_home_in_chinese_and_switches_to_english_and_back(self, page, browser_problems):
        main_nav = page.locator("nav.main-nav")
        account_nav = page.locator("nav.account-nav")
        language_nav = page.locator("nav.language-nav")

        page.goto("/")
        expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
        expect(page.locator("section.counters")).to_be_visible()
        page.screenshot(path=str(artifact_path("public_home_zh-hans")), full_page=True)
        # Stations, townships and communities served, volunteers, needs met.
        expect(page.locator("section.counters .counter")).to_have_count(4)
        expect(main_nav.get_by_role("link", name="首页", exact=True)).to_be_visible()
        expect(account_nav.get_by_role("link", name="登录", exact=True)).to_be_visible()
        # "首页" and "登录" also exist in Wagtail's and allauth's catalogues; the sign-up link's text
        # only in Aixin's own, so it shows whether the project's Chinese translations are loaded.
        expect(account_nav.get_by_role("link", name=re.compile("注册"))).to_be_visible()

        language_nav.get_by_role("link", name="English").click()
        expect(page).to_have_url(re.compile(r"^http://[^/]+/en/$"))
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("section.counters")).to_be_visible()
        page.screenshot(path=str(artifact_path("public_home_en")), full_page=True)
        expect(main_nav.get_by_role("link", name="Home", exact=True)).to_be_visible()
        expect(account_nav.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
        expect(account_nav.get_by_role("link", name="Sign up", exact=True)).to_be_visible()

        language_nav.get_by_role("link", name="简体中文").click()
        expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))
        expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
        expect(main_nav.get_by_role("link", name="首页", exact=True)).to_be_visible()

        assert_no_browser_problems(browser_problems)
