"""The public needs: the index with its filters and search, a need's page, and the station page's needs.

What a visitor may read is asserted as carefully as what they may not: no member name, phone, ID
number or exact address reaches any of these pages, whatever the state of the need.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.models import HomePage, NeedIndexPage, StationDirectoryPage
from cms.station_pages import station_page_story_update
from common.models import Region
from stations import services
from stations.models import Consent, LoveStation, Need, StationMembership
from stations.need_services import need_approve, need_close, need_create, need_met_add, need_submit
from stations.public_selectors import need_list_public
from tests.factories import StationFactory, household_of_one, region_tree, station_member_create

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
HEAD_NAME = "陈桂芳"
ID_NUMBER = "330302194104040028"
PHONE = "13905779876"
ADDRESS = "鼓楼社区解放街118号3幢2单元401室"


@pytest.fixture
def index() -> NeedIndexPage:
    home = HomePage.objects.get(depth=2)
    page = NeedIndexPage(title="爱心需求", slug="needs", show_in_menus=True)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def english_index(index) -> NeedIndexPage:
    from wagtail.models import Locale

    locale = Locale.objects.create(language_code="en")
    HomePage.objects.get(depth=2).copy_for_translation(locale).save_revision().publish()
    translated = index.copy_for_translation(locale)
    translated.title = "Needs"
    translated.save_revision().publish()
    return translated


@pytest.fixture
def longwan() -> Region:
    tree = region_tree()
    county, _ = Region.objects.get_or_create(
        edition="2022",
        code="330303",
        defaults={"name": "龙湾区", "short_name": "龙湾区", "level": Region.Level.COUNTY, "parent": tree["3303"]},
    )
    township, _ = Region.objects.get_or_create(
        edition="2022",
        code="330303003",
        defaults={"name": "永中街道", "short_name": "永中街道", "level": Region.Level.TOWNSHIP, "parent": county},
    )
    village, _ = Region.objects.get_or_create(
        edition="2022",
        code="330303003201",
        defaults={"name": "沙村村委会", "short_name": "沙村", "level": Region.Level.VILLAGE, "parent": township},
    )
    return village


class World:
    """One station with a lead and a coordinator, and helpers to make households and published needs."""

    def __init__(self, station: LoveStation | None = None):
        self.station = station or StationFactory(name="鼓楼社区爱心驿站")
        self.lead = station_member_create(self.station, role=StationMembership.Role.LEAD)
        self.coordinator = station_member_create(self.station)

    def household(self, *, region: Region | None = None, name: str = HEAD_NAME, consent: bool = True):
        household = household_of_one(
            self.station,
            by=self.coordinator,
            name=name,
            region=region,
            id_number=ID_NUMBER if name == HEAD_NAME else "",
            address_detail=ADDRESS,
            phone=PHONE,
        )
        if consent:
            services.consent_record(
                household=household,
                scope=Consent.Scope.PUBLIC_STORY,
                version="2026-1",
                given_by=household.members.get(),
                given_as=Consent.GivenAs.SELF,
                given_on=TODAY - timedelta(days=1),
                recorded_by=self.coordinator,
            )
        return household

    def need(self, household=None, *, publish: bool = True, **overrides) -> Need:
        values = {
            "station": self.station,
            "household": household,
            "kind": Need.Kind.GOODS,
            "category": "winter_supplies",
            "title": "独居老人需要过冬棉被",
            "public_description": "社区里一位独居老人屋里潮冷，需要厚棉被和电热毯。",
            "quantity": 5,
            "unit": "床",
            "responsible": self.coordinator,
            "created_by": self.coordinator,
        }
        need = need_create(**{**values, **overrides})
        if publish:
            need_submit(need=need, by=self.coordinator)
            need_approve(need=need, by=self.lead)
            need.refresh_from_db()
        return need


@pytest.fixture
def world() -> World:
    return World()


def text_of(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def titles(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [heading.get_text(strip=True) for heading in soup.select(".need-card h3")]


def need_count(world: World) -> int:
    return Need.objects.filter(station=world.station).count()


def queries_for(client, url: str) -> int:
    """Return the queries of a page view, after a first view has warmed Wagtail's caches as a server has."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def assert_no_personal_data(response) -> None:
    content = response.content.decode()
    for secret in (HEAD_NAME, "桂芳", ID_NUMBER, ID_NUMBER[-4:], PHONE, PHONE[-4:], "解放街118号"):
        assert secret not in content, secret


class PublicNeedSelectorTests:
    def test_only_approved_open_needs_of_active_stations_with_consent(self, world, longwan):
        household = world.household()
        shown = world.need(household, title="过冬棉被")
        partly = world.need(household, title="米和油", category="food", quantity=4, unit="袋")
        need_met_add(need=partly, by=world.coordinator, quantity=1)
        met = world.need(household, title="已经满足的需要", quantity=1, unit="件")
        need_met_add(need=met, by=world.coordinator, quantity=1)
        world.need(household, title="草稿", publish=False)
        in_review = world.need(household, title="审核中", publish=False)
        need_submit(need=in_review, by=world.coordinator)
        cancelled = world.need(household, title="取消了")
        need_close(need=cancelled, by=world.coordinator, cancel=True, comment="家属已解决")
        community = world.need(None, title="驿站公共需求", kind=Need.Kind.VOLUNTEER_SERVICE, quantity=None, unit="")

        listed = {need.title for need in need_list_public(today=TODAY)}
        assert listed == {shown.title, partly.title, community.title}

    def test_withdrawn_consent_takes_the_need_off_the_site_that_day(self, world):
        household = world.household()
        need = world.need(household)
        consent = household.consents.get()
        services.consent_withdraw(consent=consent, withdrawn_on=TODAY, recorded_by=world.coordinator)
        assert list(need_list_public(today=TODAY)) == []
        # Yesterday it was still in force: a report of the past would have listed it.
        assert [n.pk for n in need_list_public(today=TODAY - timedelta(days=1))] == [need.pk]

    def test_a_closed_station_takes_its_needs_off_the_site(self, world):
        world.need(world.household())
        LoveStation.objects.filter(pk=world.station.pk).update(status=LoveStation.Status.CLOSED)
        assert list(need_list_public(today=TODAY)) == []

    def test_filters_and_unknown_values(self, world, longwan):
        village = world.need(world.household(), title="鼓楼棉被")
        world_b = World(StationFactory(name="沙村爱心驿站", region=longwan))
        other = world_b.need(
            world_b.household(region=longwan, name="林阿婆"),
            title="助学金",
            kind=Need.Kind.MONEY,
            category="education",
            quantity=None,
            unit="",
            amount=Decimal("3000"),
            urgency=Need.Urgency.HIGH,
        )

        def listed(**filters):
            return [need.pk for need in need_list_public(today=TODAY, **filters)]

        assert listed(category="education") == [other.pk]
        assert listed(kind="goods") == [village.pk]
        assert listed(county_code="330303") == [other.pk]
        assert listed(county_code="330302") == [village.pk]
        assert listed(urgency=Need.Urgency.HIGH) == [other.pk]
        # The most urgent first, then the soonest due.
        assert listed() == [other.pk, village.pk]
        for nonsense in ({"category": "jewels"}, {"kind": "x"}, {"county_code": "33'--"}, {"urgency": 9}):
            assert len(listed(**nonsense)) == 2

    def test_chinese_substring_search_over_text_and_places(self, world, longwan):
        quilts = world.need(world.household(), title="独居老人需要过冬棉被")
        world_b = World(StationFactory(name="沙村爱心驿站", region=longwan))
        tuition = world_b.need(
            world_b.household(region=longwan, name="林阿婆"),
            title="孙女上学的学费",
            public_description="奶奶独自抚养读初中的孙女，需要助学金。",
            kind=Need.Kind.MONEY,
            category="education",
            quantity=None,
            unit="",
            amount=Decimal("3000"),
        )

        def found(text):
            return [need.pk for need in need_list_public(today=TODAY, search=text)]

        assert found("棉被") == [quantity_pk := quilts.pk]
        assert found("助学") == [tuition.pk]  # in the description only
        assert found("沙村") == [tuition.pk]  # the village
        assert found("五马") == [quantity_pk]  # the township
        assert found("棉被 沙村") == []  # every word must match
        assert found("奶奶 学费") == [tuition.pk]
        assert found("不存在的东西") == []


class NeedIndexPageTests:
    def test_lists_open_needs_with_what_remains_and_no_personal_data(self, client, index, world):
        need = world.need(world.household())
        need_met_add(need=need, by=world.coordinator, quantity=2)
        response = client.get(index.url)
        assert response.status_code == 200
        text = text_of(response)
        assert "独居老人需要过冬棉被" in text
        assert "还需 3 床（共 5 床）" in text
        assert "五马街道" in text and "鼓楼社区" in text
        assert_no_personal_data(response)

    def test_english_index(self, client, english_index, world):
        world.need(world.household())
        response = client.get("/en/needs/")
        assert response.status_code == 200
        assert "5 of 5 床 still needed" in text_of(response)

    def test_filters_from_the_query_string_and_bad_values_ignored(self, client, index, world, longwan):
        world.need(world.household(), title="鼓楼棉被")
        world_b = World(StationFactory(name="沙村爱心驿站", region=longwan))
        world_b.need(
            world_b.household(region=longwan, name="林阿婆"),
            title="沙村的米",
            category="food",
            public_description="米和油。",
        )
        assert titles(client.get(index.url, {"county": "330303"})) == ["沙村的米"]
        assert titles(client.get(index.url, {"category": "food"})) == ["沙村的米"]
        assert titles(client.get(index.url, {"q": "棉被"})) == ["鼓楼棉被"]
        for bad in ({"county": "999999"}, {"urgency": "7"}, {"kind": "<script>"}, {"page": "many"}):
            response = client.get(index.url, bad)
            assert response.status_code == 200
            assert len(titles(response)) == 2

    def test_twenty_per_page_and_the_links_keep_the_filters(self, client, index, world):
        household = world.household()
        for number in range(23):
            world.need(household, title=f"棉被{number:02d}")
        first = client.get(index.url, {"q": "棉被"})
        assert len(titles(first)) == 20
        soup = BeautifulSoup(first.content, "html.parser")
        assert soup.select_one("a[rel=next]")["href"] == "?q=%E6%A3%89%E8%A2%AB&page=2"
        second = client.get(index.url, {"q": "棉被", "page": 2})
        assert len(titles(second)) == 3

    def test_station_filter_names_the_station(self, client, index, world):
        world.need(world.household())
        other = World(StationFactory(name="墨池爱心驿站"))
        other.need(other.household(name="林阿婆"), title="别的驿站的需求")
        response = client.get(index.url, {"station": world.station.pk})
        assert titles(response) == ["独居老人需要过冬棉被"]
        assert "鼓楼社区爱心驿站" in text_of(response)
        closed = StationFactory(status=LoveStation.Status.CLOSED)
        assert len(titles(client.get(index.url, {"station": closed.pk}))) == 2

    def test_query_count_is_the_same_at_2_and_at_50_needs(self, client, index, world):
        household = world.household()
        counts = {}
        for total in (2, 50):
            for number in range(need_count(world), total):
                world.need(household, title=f"需求{number}")
            counts[total] = queries_for(client, index.url)
            assert len(titles(client.get(index.url))) == min(total, NeedIndexPage.NEEDS_PER_PAGE)
        assert counts[2] == counts[50], counts
        # Filtered and searched, still the same.
        assert queries_for(client, index.url + "?q=需求&category=winter_supplies&county=330302") == counts[50]

    def test_private_columns_are_not_even_loaded(self, client, index, world):
        world.need(world.household(), private_notes="老人的女儿在外地，电话见档案")
        with CaptureQueriesContext(connection) as queries:
            client.get(index.url)
        sql = " ".join(query["sql"] for query in queries.captured_queries)
        for column in ("private_notes", "address_detail", '"phone"', "phone_index", "id_number"):
            assert column not in sql.replace('"stations_lovestation"."phone"', ""), column


class NeedDetailPageTests:
    def test_shows_pseudonym_village_category_story_remaining_and_the_station(self, client, index, world):
        household = world.household()
        need = world.need(household)
        response = client.get(index.need_url(need))
        assert response.status_code == 200
        text = text_of(response)
        assert f"“{household.pseudonym}”" in text
        for fact in (
            "独居老人需要过冬棉被",
            "过冬物资",
            "鹿城区 · 五马街道 · 鼓楼社区",
            "还需 5 床（共 5 床）",
            "0577-88881234",
        ):
            assert fact in text, fact
        assert need.reference in text
        assert_no_personal_data(response)

    def test_money_need_in_yuan(self, client, index, world):
        need = world.need(
            world.household(), kind=Need.Kind.MONEY, category="medical", quantity=None, unit="", amount=Decimal("12000")
        )
        need_met_add(need=need, by=world.coordinator, amount=Decimal("2500.50"))
        text = text_of(client.get(index.need_url(need)))
        assert "还需 9,499.50 元（共 12,000 元）" in text

    def test_gone_when_met_cancelled_unpublished_or_consent_withdrawn(self, client, index, world):
        household = world.household()
        met = world.need(household, quantity=1, unit="床")
        url = index.need_url(met)
        assert client.get(url).status_code == 200
        need_met_add(need=met, by=world.coordinator, quantity=1)
        assert client.get(url).status_code == 404

        draft = world.need(household, publish=False)
        assert client.get(index.need_url(draft)).status_code == 404

        shown = world.need(household)
        services.consent_withdraw(consent=household.consents.get(), withdrawn_on=TODAY, recorded_by=world.coordinator)
        assert client.get(index.need_url(shown)).status_code == 404

    @pytest.mark.parametrize("reference", ["nope", "ND" + "x" * 40, "%00", "ND12345678"])
    def test_unknown_references_are_404(self, client, index, reference):
        assert client.get(index.url + reference + "/").status_code == 404

    def test_english_detail(self, client, english_index, world):
        need = world.need(world.household())
        response = client.get(f"/en/needs/{need.reference}/")
        assert response.status_code == 200
        assert "a pseudonym" in text_of(response)
        assert_no_personal_data(response)


class StationPageNeedsTests:
    @pytest.fixture
    def station_page(self, world):
        home = HomePage.objects.get(depth=2)
        directory = StationDirectoryPage(title="爱心驿站分布", slug="stations")
        home.add_child(instance=directory)
        directory.save_revision().publish()
        return station_page_story_update(
            station=world.station, intro="", story_text="驿站的故事。", user=world.coordinator
        )

    def test_open_needs_of_this_station_only(self, client, index, world, station_page):
        world.need(world.household())
        other = World(StationFactory(name="墨池爱心驿站"))
        other.need(other.household(name="林阿婆"), title="别的驿站的需求")
        response = client.get(station_page.url)
        assert titles(response) == ["独居老人需要过冬棉被"]
        assert_no_personal_data(response)

    def test_shows_six_and_links_to_the_rest(self, client, index, world, station_page):
        household = world.household()
        for number in range(7):
            world.need(household, title=f"需求{number}")
        response = client.get(station_page.url)
        assert len(titles(response)) == 6
        link = BeautifulSoup(response.content, "html.parser").find("a", string="这个驿站的全部需求")
        assert link["href"] == f"{index.url}?station={world.station.pk}"

    def test_no_needs_says_so(self, client, index, world, station_page):
        assert "这个驿站目前没有待满足的需求" in text_of(client.get(station_page.url))

    def test_query_count_is_the_same_at_2_and_at_50_needs(self, client, index, world, station_page):
        household = world.household()
        counts = {}
        for total in (2, 50):
            for number in range(need_count(world), total):
                world.need(household, title=f"需求{number}")
            counts[total] = queries_for(client, station_page.url)
        assert counts[2] == counts[50], counts


class HomePageNeedsTests:
    def test_three_most_urgent_with_a_link_to_all(self, client, index, world):
        household = world.household()
        for number, urgency in enumerate([1, 4, 2, 3]):
            world.need(household, title=f"需求{number}", urgency=urgency)
        response = client.get("/")
        assert titles(response) == ["需求1", "需求3", "需求2"]
        assert_no_personal_data(response)

    def test_no_index_page_no_section(self, client, world):
        world.need(world.household())
        assert titles(client.get("/")) == []


class NeedIndexPageAdminTests:
    def test_a_city_administrator_adds_the_needs_index_in_wagtail_and_previews_it(self, admin_client, world):
        from wagtail.test.utils.form_data import rich_text

        world.need(world.household())
        home = HomePage.objects.get(depth=2)
        add_url = f"/cms/pages/add/cms/needindexpage/{home.pk}/"
        assert admin_client.get(add_url).status_code == 200
        response = admin_client.post(
            add_url,
            {
                "title": "爱心需求",
                "slug": "needs",
                "intro": rich_text("<p>核实后的需求。</p>"),
                "action-publish": "publish",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        page = NeedIndexPage.objects.get()
        assert page.live and page.get_parent().pk == home.pk
        preview_url = f"/cms/pages/{page.pk}/edit/preview/"
        form = {"title": "爱心需求", "slug": "needs", "intro": rich_text("<p>核实后的需求。</p>")}
        assert admin_client.post(preview_url, form).json()["is_valid"]
        preview = admin_client.get(preview_url)
        assert preview.status_code == 200
        assert "独居老人需要过冬棉被" in preview.content.decode()
        # One needs index per home page: Wagtail offers no second one.
        assert admin_client.get(add_url).status_code in (302, 403)
