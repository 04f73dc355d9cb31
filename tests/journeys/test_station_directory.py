"""Journey: a visitor finds the love stations on the map and in the list, and narrows them to one county."""

import re
from decimal import Decimal

from playwright.sync_api import expect

from cms.models import HomePage, StationDirectoryPage
from common.models import Region
from tests.factories import StationFactory, region_tree
from tests.journeys.conftest import artifact_path, assert_no_browser_problems, id_sequences_past_restored_rows

TILE_URL = re.compile(r"^https://webrd0\d\.is\.autonavi\.com/")


def city_with_stations() -> None:
    """Publish the directory in the menu; put three active stations in 鹿城区 and two in 瓯海区, one proposed."""
    tree = region_tree()
    ouhai, _ = Region.objects.get_or_create(
        edition="2022",
        code="330304",
        defaults={"name": "瓯海区", "short_name": "瓯海区", "level": Region.Level.COUNTY, "parent": tree["3303"]},
    )
    jingshan, _ = Region.objects.get_or_create(
        edition="2022",
        code="330304001",
        defaults={"name": "景山街道", "short_name": "景山街道", "level": Region.Level.TOWNSHIP, "parent": ouhai},
    )
    StationFactory(name="五马街道爱心驿站", region=tree["330302006"], latitude=Decimal("28.000"))
    StationFactory(name="鼓楼社区爱心驿站", region=tree["330302006044"], longitude=Decimal("120.640"))
    StationFactory(name="墨池社区爱心驿站", region=tree["330302006045"], latitude=Decimal("28.030"))
    for name, latitude, longitude in (
        ("景山街道爱心驿站", "27.979", "120.623"),
        ("景山第二爱心驿站", "27.960", "120.600"),
    ):
        StationFactory(
            name=name,
            region=jingshan,
            address="温州市瓯海区景山街道景山路1号",
            latitude=Decimal(latitude),
            longitude=Decimal(longitude),
        )
    StationFactory(name="筹建中的驿站", region=jingshan, address="温州市瓯海区景山街道景山路2号", status="proposed")

    id_sequences_past_restored_rows()  # this test may run without the page fixture, which does it
    home = HomePage.objects.get(depth=2)
    directory = StationDirectoryPage(title="爱心驿站分布", slug="stations", show_in_menus=True)
    home.add_child(instance=directory)
    directory.save_revision().publish()


def problems_other_than_tiles(problems: list[str]) -> list[str]:
    """Drop the console errors of tile images that could not load, and nothing else.

    The tiles come from AutoNavi's servers, which the closed test network (and this test, on
    purpose) cannot reach; Chromium logs each failed image as "Failed to load resource". That is
    the case the page is built to survive, so those lines, for the tile host only, are expected.
    """
    return [
        problem
        for problem in problems
        if not ("Failed to load resource" in problem and re.search(r"webrd0\d\.is\.autonavi\.com", problem))
    ]


class StationDirectoryJourneyTests:
    def test_visitor_finds_stations_on_the_map_and_narrows_them_to_a_county(self, page, browser_problems):
        city_with_stations()
        # Tiles cannot load: every request to the tile server fails, as it does without the internet.
        page.route(TILE_URL, lambda route: route.abort())

        page.goto("/")
        page.locator("nav.main-nav").get_by_role("link", name="爱心驿站分布").click()
        expect(page).to_have_url(re.compile(r"/stations/$"))
        expect(page.get_by_role("heading", level=1, name="爱心驿站分布")).to_be_visible()

        station_map = page.locator("#station-map")
        expect(station_map).to_be_visible()
        expect(station_map).to_have_attribute("aria-hidden", "true")
        expect(station_map.locator(".leaflet-marker-icon")).to_have_count(5)
        items = page.locator("ol.station-list > li")
        expect(items).to_have_count(5)
        expect(page.get_by_role("heading", level=3, name="筹建中的驿站")).to_have_count(0)
        page.screenshot(path=str(artifact_path("station_directory_all")), full_page=True)

        # A marker's popup names the station and links to it in the list.
        station_map.locator(".leaflet-marker-icon[title='景山街道爱心驿站']").click(force=True)
        popup = station_map.locator(".leaflet-popup-content")
        expect(popup).to_contain_text("景山街道爱心驿站")
        expect(popup).to_contain_text("瓯海区 · 景山街道")
        expect(popup).to_contain_text("周一至周五 9:00-17:00")

        page.get_by_label("县（市、区）").select_option(label="瓯海区")
        page.get_by_role("button", name="筛选").click()
        expect(page).to_have_url(re.compile(r"/stations/\?county=330304"))
        expect(items).to_have_count(2)
        expect(page.locator("ol.station-list")).to_contain_text("景山街道爱心驿站")
        expect(page.locator("ol.station-list")).not_to_contain_text("五马街道")
        expect(station_map.locator(".leaflet-marker-icon")).to_have_count(2)
        # The township filter now offers the townships of 瓯海区 that have a station.
        expect(page.locator("#station-filter-township option")).to_have_text(["全部", "景山街道"])

        # With the tiles failed, the list is all there and readable.
        expect(page.get_by_role("heading", level=3, name="景山第二爱心驿站")).to_be_visible()
        page.screenshot(path=str(artifact_path("station_directory_county")), full_page=True)

        assert_no_browser_problems(problems_other_than_tiles(browser_problems))

    def test_the_list_works_without_javascript(
        self, browser, live_server, _database_emptied_before_journeys, django_db_serialized_rollback
    ):
        city_with_stations()
        context = browser.new_context(locale="zh-CN", base_url=live_server.url, java_script_enabled=False)
        try:
            page = context.new_page()
            page.goto("/stations/")
            expect(page.locator("#station-map")).to_be_hidden()
            expect(page.locator("ol.station-list > li")).to_have_count(5)
            page.get_by_label("县（市、区）").select_option(value="330304")
            page.get_by_role("button", name="筛选").click()
            expect(page.locator("ol.station-list > li")).to_have_count(2)
        finally:
            context.close()
