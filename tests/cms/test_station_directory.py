"""The public station directory: active stations only, filters, pagination, the map's data, and the CSP."""

import json
import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.demo import demo_seed
from cms.models import HomePage, StationDirectoryPage, StationPage
from common.models import Region
from stations.models import LoveStation
from stations.public_selectors import station_list_public, township_list_with_stations
from tests.factories import StationFactory, region_tree

pytestmark = pytest.mark.django_db

LUCHENG = "330302"
WUMA = "330302006"
GULOU = "330302006044"
QIDU = "330302023"
OUHAI = "330304"
JINGSHAN = "330304001"


def regions() -> dict[str, Region]:
    """Return the factory's slice of the tree plus a second township in 鹿城区 and a second county."""
    tree = region_tree()
    rows = [
        (QIDU, "七都街道", Region.Level.TOWNSHIP, LUCHENG),
        (OUHAI, "瓯海区", Region.Level.COUNTY, "3303"),
        (JINGSHAN, "景山街道", Region.Level.TOWNSHIP, OUHAI),
    ]
    for code, name, level, parent in rows:
        tree[code], _ = Region.objects.get_or_create(
            edition="2022",
            code=code,
            defaults={"name": name, "short_name": name, "level": level, "parent": tree[parent]},
        )
    return tree


@pytest.fixture
def directory() -> StationDirectoryPage:
    home = HomePage.objects.get(depth=2)
    page = StationDirectoryPage(title="爱心驿站分布", slug="stations", show_in_menus=True)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def stations() -> dict[str, LoveStation]:
    tree = regions()
    return {
        "wuma": StationFactory(name="五马街道爱心驿站", region=tree[WUMA], address="学院路306号"),
        "gulou": StationFactory(name="鼓楼社区爱心驿站", region=tree[GULOU]),
        "qidu": StationFactory(name="七都街道爱心驿站", region=tree[QIDU]),
        "jingshan": StationFactory(
            name="景山街道爱心驿站", region=tree[JINGSHAN], latitude=Decimal("27.979"), longitude=Decimal("120.623")
        ),
        "proposed": StationFactory(name="筹建中的驿站", region=tree[WUMA], status=LoveStation.Status.PROPOSED),
        "closed": StationFactory(name="已关闭的驿站", region=tree[QIDU], status=LoveStation.Status.CLOSED),
    }


def listed_names(response) -> list[str]:
    return [entry["station"].name for entry in response.context["station_entries"]]


def map_data(response) -> list[dict]:
    soup = BeautifulSoup(response.content, "html.parser")
    return json.loads(soup.find("script", id="station-map-data").string)


class StationListPublicTests:
    def test_only_active_stations_in_region_code_order(self, stations):
        assert [station.name for station in station_list_public()] == [
            "五马街道爱心驿站",
            "鼓楼社区爱心驿站",
            "七都街道爱心驿站",
            "景山街道爱心驿站",
        ]

    def test_county_and_township_narrow_by_code(self, stations):
        assert {s.name for s in station_list_public(county_code=OUHAI)} == {"景山街道爱心驿站"}
        assert {s.name for s in station_list_public(county_code=LUCHENG, township_code=WUMA)} == {
            "五马街道爱心驿站",
            "鼓楼社区爱心驿站",
        }
        # A township of another county leaves nothing, rather than ignoring the county.
        assert not station_list_public(county_code=OUHAI, township_code=WUMA).exists()

    def test_malformed_codes_are_ignored(self, stations):
        for county_code in ("33030", "3303021", "abcdef", "３３０３０２", "330302' OR 1=1"):
            assert station_list_public(county_code=county_code).count() == 4

    def test_townships_with_an_active_station_in_them_or_in_a_village(self, stations):
        assert [region.code for region in township_list_with_stations(LUCHENG)] == [WUMA, QIDU]
        stations["qidu"].status = LoveStation.Status.CLOSED
        stations["qidu"].save()
        assert [region.code for region in township_list_with_stations(LUCHENG)] == [WUMA]
        stations["wuma"].delete()
        # 五马街道 stays through the station of its village 鼓楼社区.
        assert [region.code for region in township_list_with_stations(LUCHENG)] == [WUMA]
        assert list(township_list_with_stations("")) == []
        assert list(township_list_with_stations("33")) == []


class StationDirectoryPageTests:
    def test_lists_active_stations_only_with_their_public_details(self, client, directory, stations):
        response = client.get("/stations/")
        assert response.status_code == 200
        assert listed_names(response) == [
            "五马街道爱心驿站",
            "鼓楼社区爱心驿站",
            "七都街道爱心驿站",
            "景山街道爱心驿站",
        ]
        assert response.context["station_count"] == 4
        html = response.content.decode()
        assert "筹建中的驿站" not in html
        assert "已关闭的驿站" not in html
        item = BeautifulSoup(html, "html.parser").find("li", id=f"station-{stations['gulou'].pk}")
        text = item.get_text(" ", strip=True)
        assert "鹿城区 · 五马街道 · 鼓楼社区" in text
        assert "周一至周五 9:00-17:00" in text
        assert item.find("a", href="tel:0577-88881234")

    def test_county_filter(self, client, directory, stations):
        response = client.get("/stations/", {"county": OUHAI})
        assert listed_names(response) == ["景山街道爱心驿站"]
        assert response.context["selected_county"] == OUHAI
        assert [region.code for region in response.context["townships"]] == [JINGSHAN]

    def test_township_filter_within_the_county(self, client, directory, stations):
        response = client.get("/stations/", {"county": LUCHENG, "township": WUMA})
        assert listed_names(response) == ["五马街道爱心驿站", "鼓楼社区爱心驿站"]
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.find("select", id="station-filter-county").find("option", selected=True)["value"] == LUCHENG
        assert soup.find("select", id="station-filter-township").find("option", selected=True)["value"] == WUMA

    @pytest.mark.parametrize(
        "query",
        [
            {"county": "999999"},
            {"county": "abc"},
            {"county": "3303"},
            {"township": WUMA},  # a township without its county
            {"county": OUHAI, "township": WUMA},  # a township of another county: the county stays
            {"county": LUCHENG, "township": "33030200604"},
            {"page": "x"},
            {"page": "-1"},
            {"page": "9999"},
            {"county": ["330302", "330304"]},
        ],
    )
    def test_bad_filter_values_are_ignored(self, client, directory, stations, query):
        response = client.get("/stations/", query)
        assert response.status_code == 200
        county = query.get("county")
        if county == OUHAI:
            assert listed_names(response) == ["景山街道爱心驿站"]
            assert response.context["selected_township"] == ""
        elif county == LUCHENG:
            assert response.context["station_count"] == 3
        elif isinstance(county, list):
            # Django reads the last of repeated values.
            assert listed_names(response) == ["景山街道爱心驿站"]
        else:
            assert response.context["station_count"] == 4
            assert response.context["selected_county"] == ""

    def test_thirty_per_page_and_page_links_keep_the_filters(self, client, directory):
        tree = regions()
        for number in range(35):
            StationFactory(name=f"鼓楼驿站{number:02d}", region=tree[GULOU])
        StationFactory(name="景山街道爱心驿站", region=tree[JINGSHAN])

        first = client.get("/stations/", {"county": LUCHENG, "township": WUMA})
        assert first.context["station_count"] == 35
        assert len(listed_names(first)) == 30
        soup = BeautifulSoup(first.content, "html.parser")
        next_link = soup.find("nav", class_="pagination").find("a", rel="next")["href"]
        assert next_link == f"?county={LUCHENG}&township={WUMA}&page=2"

        second = client.get("/stations/" + next_link)
        assert listed_names(second) == [f"鼓楼驿站{number:02d}" for number in range(30, 35)]
        soup = BeautifulSoup(second.content, "html.parser")
        assert soup.find("ol", class_="station-list")["start"] == "31"
        previous = soup.find("nav", class_="pagination").find("a", rel="prev")["href"]
        assert previous == f"?county={LUCHENG}&township={WUMA}&page=1"

    def test_map_data_holds_exactly_the_filtered_stations_on_every_page(self, client, directory, stations):
        tree = regions()
        for number in range(31):
            StationFactory(name=f"鼓楼驿站{number:02d}", region=tree[GULOU])

        response = client.get("/stations/", {"county": LUCHENG})
        data = map_data(response)
        assert len(listed_names(response)) == 30
        assert [entry["name"] for entry in data] == [
            station.name for station in station_list_public(county_code=LUCHENG)
        ]
        assert len(data) == 34

        wuma = next(entry for entry in data if entry["name"] == "五马街道爱心驿站")
        assert wuma == {
            "name": "五马街道爱心驿站",
            "county": "鹿城区",
            "township": "五马街道",
            "village": "",
            "address": "学院路306号",
            "hours": "周一至周五 9:00-17:00",
            "lat": 28.016,
            "lng": 120.655,
            "anchor": f"?county={LUCHENG}&page=1#station-{stations['wuma'].pk}",
        }
        # The last station is on the second page of the list, and its link says so.
        assert data[-1]["anchor"].startswith(f"?county={LUCHENG}&page=2#station-")
        assert all(isinstance(entry["lat"], float) and isinstance(entry["lng"], float) for entry in data)

        ouhai = map_data(client.get("/stations/", {"county": OUHAI}))
        assert [(entry["name"], entry["lat"], entry["lng"]) for entry in ouhai] == [
            ("景山街道爱心驿站", 27.979, 120.623)
        ]

    def test_no_stations_no_map(self, client, directory):
        response = client.get("/stations/")
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="station-map"' not in html
        assert "leaflet.js" not in html
        assert response.context["station_count"] == 0

    def test_query_count_does_not_grow_with_the_stations(self, client, directory):
        def queries_for_page() -> int:
            client.get("/stations/", {"county": LUCHENG})  # warm caches (site, locale, content types)
            with CaptureQueriesContext(connection) as captured:
                response = client.get("/stations/", {"county": LUCHENG})
            assert response.status_code == 200
            return len(captured)

        tree = regions()
        for number in range(2):
            StationFactory(name=f"鼓楼驿站{number:02d}", region=tree[GULOU])
        with_two = queries_for_page()
        for number in range(2, 50):
            StationFactory(name=f"鼓楼驿站{number:02d}", region=tree[[GULOU, WUMA, QIDU][number % 3]])
        with_fifty = queries_for_page()
        assert with_two == with_fifty

    def test_no_inline_script_and_the_map_scripts_are_static_files(self, client, directory, stations):
        html = client.get("/stations/").content.decode()
        soup = BeautifulSoup(html, "html.parser")
        scripts = soup.find_all("script")
        inline = [script for script in scripts if not script.get("src") and script.get("type") != "application/json"]
        assert inline == []
        sources = [script["src"] for script in scripts if script.get("src")]
        assert "/static/leaflet/leaflet.js" in sources
        assert "/static/js/station_map.js" in sources
        assert not re.search(r"\sstyle=", html)
        config = json.loads(soup.find("script", id="station-map-config").string)
        assert config["tileUrl"].startswith("https://webrd0{s}.is.autonavi.com/appmaptile?")
        assert config["tileOptions"]["subdomains"] == "1234"
        assert config["tileOptions"]["attribution"] == "© 高德地图 AutoNavi"

    def test_the_map_is_decoration_and_the_filters_have_labels(self, client, directory, stations):
        soup = BeautifulSoup(client.get("/stations/").content, "html.parser")
        assert soup.find("div", id="station-map")["aria-hidden"] == "true"
        for select in soup.find("form", class_="station-filter").find_all("select"):
            assert soup.find("label", attrs={"for": select["id"]})
        assert soup.find("ol", class_="station-list").find_all("li", recursive=False)

    def test_tile_host_is_allowed_in_the_csp_header(self, client, directory, stations):
        response = client.get("/stations/")
        policy = response.headers["Content-Security-Policy"]
        img_src = next(part for part in policy.split(";") if part.strip().startswith("img-src"))
        for subdomain in "1234":
            assert f"https://webrd0{subdomain}.is.autonavi.com" in img_src
        script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
        assert script_src.split() == ["script-src", "'self'"]

    def test_english_page_lists_the_same_stations(self, client, directory, stations):
        from wagtail.models import Locale

        english = Locale.objects.create(language_code="en")
        home = HomePage.objects.get(depth=2)
        home.copy_for_translation(english).save_revision().publish()
        translated = directory.copy_for_translation(english)
        translated.title = "Station map"
        translated.save_revision().publish()
        response = client.get("/en/stations/", {"county": LUCHENG})
        assert response.status_code == 200
        assert listed_names(response) == ["五马街道爱心驿站", "鼓楼社区爱心驿站", "七都街道爱心驿站"]
        assert "<h1>Station map</h1>" in response.content.decode()


class StationDirectorySeedTests:
    def test_seed_publishes_the_directory_in_the_menu_in_both_languages_once(self, client):
        demo_seed()
        demo_seed()
        pages = StationDirectoryPage.objects.filter(slug="stations")
        assert {(page.locale.language_code, page.title, page.live, page.show_in_menus) for page in pages} == {
            ("zh-hans", "爱心驿站分布", True, True),
            ("en", "Station map", True, True),
        }
        assert '<a href="/stations/">爱心驿站分布</a>' in client.get("/").content.decode()
        assert '<a href="/en/stations/">Station map</a>' in client.get("/en/").content.decode()
        response = client.get("/en/stations/")
        assert response.context["station_count"] == LoveStation.objects.filter(status="active").count() > 100
        assert len(map_data(response)) == response.context["station_count"]


class StationDirectoryPageTreeTests:
    def test_one_directory_under_the_home_page_with_station_pages_below(self):
        assert StationDirectoryPage.allowed_parent_page_models() == [HomePage]
        assert StationDirectoryPage.allowed_subpage_models() == [StationPage]
        assert StationDirectoryPage.max_count_per_parent == 1
