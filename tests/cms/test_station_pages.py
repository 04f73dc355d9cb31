"""Station pages: live facts from the station, who may edit the story, the privacy guard, and the seed."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Revision

from cms.demo import demo_seed
from cms.models import HomePage, StationDirectoryPage, StationPage
from cms.station_pages import station_page_get, station_page_story_update, story_as_text, story_paragraphs
from common.errors import ApplicationError
from stations.models import LoveStation, StationMembership
from tests.factories import StationFactory, UserFactory, city_administrator_create, station_member_create, totp_enable

pytestmark = pytest.mark.django_db

STORY = "驿站每周二下午组织志愿者看望独居老人。\n\n捐赠的冬衣和棉被在这里登记、清点、发放。"


def edit_url(station: LoveStation) -> str:
    return f"/staff/stations/{station.pk}/public-page/"


def staff(station: LoveStation, role: str = StationMembership.Role.COORDINATOR):
    user = station_member_create(station, role=role)
    totp_enable(user)
    return user


@pytest.fixture
def directory() -> StationDirectoryPage:
    home = HomePage.objects.get(depth=2)
    page = StationDirectoryPage(title="爱心驿站分布", slug="stations", show_in_menus=True)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def station(directory) -> LoveStation:
    return StationFactory(name="鼓楼社区爱心驿站", opening_hours="周一至周五 9:00-17:00", phone="0577-88881234")


@pytest.fixture
def coordinator(station):
    return staff(station)


@pytest.fixture
def published(station, coordinator) -> StationPage:
    return station_page_story_update(station=station, intro="街坊邻里互相帮一把。", story_text=STORY, user=coordinator)


def text_of(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


class StationPagePublicTests:
    def test_page_shows_the_station_live_facts(self, client, station, published):
        response = client.get(published.url)
        assert response.status_code == 200
        text = text_of(response)
        for fact in (
            "鼓楼社区爱心驿站",
            "鹿城区五马街道鼓楼社区",
            "周一至周五 9:00-17:00",
            "0577-88881234",
            "鼓楼社区",
        ):
            assert fact in text
        assert "看望独居老人" in text
        assert "捐赠的冬衣和棉被" in text

    def test_changed_hours_show_without_editing_the_page(self, client, station, published):
        revisions = Revision.objects.count()
        LoveStation.objects.filter(pk=station.pk).update(opening_hours="每天 8:00-20:00", phone="0577-86660000")
        text = text_of(client.get(published.url))
        assert "每天 8:00-20:00" in text
        assert "0577-86660000" in text
        assert "周一至周五 9:00-17:00" not in text
        assert Revision.objects.count() == revisions

    @pytest.mark.parametrize("status", [LoveStation.Status.PROPOSED, LoveStation.Status.CLOSED])
    def test_page_of_a_station_not_active_is_404(self, client, station, published, status):
        LoveStation.objects.filter(pk=station.pk).update(status=status)
        assert client.get(published.url).status_code == 404

    def test_query_count_does_not_depend_on_the_story_length(self, client, station, coordinator, published):
        def queries_for_page() -> int:
            client.get(published.url)  # warm caches (site, locale, content types)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(published.url)
            assert response.status_code == 200
            return len(captured)

        short = queries_for_page()
        long_story = "\n\n".join(f"第{number}段：志愿者送去冬衣和米面油。" for number in range(60))
        station_page_story_update(station=station, intro="", story_text=long_story, user=coordinator)
        long = queries_for_page()
        assert short == long
        # Wagtail's routing and the site's base template take most of these; the story takes none.
        assert long <= 20

    def test_directory_links_to_the_station_page(self, client, station, published):
        other = StationFactory(name="没有页面的驿站")
        soup = BeautifulSoup(client.get("/stations/").content, "html.parser")
        assert soup.select_one(f"#station-{station.pk} a[href='{published.url}']") is not None
        assert soup.select_one(f"#station-{other.pk} a[href*='station-']") is None

    def test_directory_query_count_stays_fixed_with_station_pages(self, client, station, coordinator, published):
        def queries_for_directory() -> int:
            client.get("/stations/")
            with CaptureQueriesContext(connection) as captured:
                client.get("/stations/")
            return len(captured)

        before = queries_for_directory()
        for number in range(5):
            extra = StationFactory(name=f"鼓楼驿站{number}")
            station_page_story_update(station=extra, intro="", story_text=STORY, user=coordinator)
        assert queries_for_directory() == before

    def test_a_second_page_for_the_same_station_and_language_is_refused(self, directory, station, published):
        from django.core.exceptions import ValidationError

        duplicate = StationPage(title="重复", slug="duplicate", station=station)
        with pytest.raises(ValidationError):
            directory.add_child(instance=duplicate)


class StationPageEditTests:
    def test_anonymous_is_sent_to_sign_in(self, client, station):
        response = client.get(edit_url(station))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]

    def test_coordinator_of_another_station_gets_404_and_changes_nothing(self, client, station, published):
        other_coordinator = staff(StationFactory(name="景山街道爱心驿站"))
        client.force_login(other_coordinator)
        revisions = Revision.objects.count()
        assert client.get(edit_url(station)).status_code == 404
        response = client.post(edit_url(station), {"intro": "改掉", "story": "别人的驿站"})
        assert response.status_code == 404
        assert Revision.objects.count() == revisions
        assert "别人的驿站" not in story_as_text(StationPage.objects.get(pk=published.pk))

    def test_signed_in_user_without_a_station_gets_404(self, client, station):
        client.force_login(UserFactory())
        assert client.get(edit_url(station)).status_code == 404

    def test_coordinator_publishes_the_story(self, client, station, coordinator):
        client.force_login(coordinator)
        form = client.get(edit_url(station))
        assert form.status_code == 200
        assert "Translate" in form.content.decode() or "翻译" in form.content.decode()
        response = client.post(edit_url(station), {"intro": "街坊邻里互相帮一把。", "story": STORY})
        assert response.status_code == 302
        page = station_page_get(station=station)
        assert page.live
        assert page.locale == Locale.get_default()
        assert isinstance(page.get_parent().specific, StationDirectoryPage)
        assert [block.block_type for block in page.story] == ["paragraph", "paragraph"]
        revision = page.latest_revision
        assert revision.user == coordinator
        assert page.live_revision == revision
        client.logout()
        assert "看望独居老人" in text_of(client.get(page.url))

    def test_each_save_is_a_new_revision_by_its_author(self, client, station, coordinator, published):
        lead = staff(station, role=StationMembership.Role.LEAD)
        client.force_login(lead)
        assert story_as_text(published) in client.get(edit_url(station)).content.decode()
        client.post(edit_url(station), {"intro": "", "story": "新的一段。\n第二行。"})
        page = StationPage.objects.get(pk=published.pk)
        assert page.revisions.count() == 2
        assert page.latest_revision.user == lead
        assert story_as_text(page) == "新的一段。\n第二行。"

    def test_city_administrator_may_edit(self, client, station):
        administrator = city_administrator_create()
        totp_enable(administrator)
        client.force_login(administrator)
        assert client.post(edit_url(station), {"intro": "", "story": STORY}).status_code == 302
        assert station_page_get(station=station).live

    @pytest.mark.parametrize(
        "story",
        ["有需要请打电话 138 1234 5678 联系。", "老人的身份证号是 330302194001011234。", "驿站电话 0577-88881234"],
    )
    def test_phone_or_identity_number_is_refused(self, client, station, coordinator, story):
        client.force_login(coordinator)
        revisions = Revision.objects.count()
        response = client.post(edit_url(station), {"intro": "街坊邻里", "story": story})
        assert response.status_code == 400
        html = response.content.decode()
        assert "phone number" in html or "电话" in html
        assert BeautifulSoup(html, "html.parser").find("textarea", attrs={"name": "story"}).string.strip() == story
        assert station_page_get(station=station) is None
        assert Revision.objects.count() == revisions

    def test_a_household_members_name_is_refused(self, client, station, coordinator):
        from datetime import date

        from stations.models import HouseholdMember
        from stations.services import MemberInput, household_create
        from tests.factories import region_tree

        household_create(
            station=station,
            region=region_tree()["330302006044"],
            members=[
                MemberInput(
                    name="吴桂英", relation=HouseholdMember.Relation.HEAD, sex=HouseholdMember.Sex.FEMALE,
                    birth_date=date(1946, 6, 6),
                )
            ],
            created_by=coordinator,
        )  # fmt: skip
        client.force_login(coordinator)
        story = "上个月我们给桂英奶奶送去了棉被。"
        response = client.post("/en" + edit_url(station), {"intro": "", "story": story})
        assert response.status_code == 400
        assert "names a member of a household" in response.content.decode()
        assert "桂英" not in response.content.decode().split("names a member")[1][:80]  # quoted masked
        assert station_page_get(station=station) is None

    def test_refused_text_leaves_the_published_page_as_it_was(self, client, station, coordinator, published):
        client.force_login(coordinator)
        response = client.post(edit_url(station), {"intro": "电话13812345678", "story": "改过的故事"})
        assert response.status_code == 400
        page = StationPage.objects.get(pk=published.pk)
        assert page.revisions.count() == 1
        assert "改过的故事" not in story_as_text(page)

    def test_blocks_added_in_the_cms_are_kept(self, station, coordinator, published):
        page = StationPage.objects.get(pk=published.pk)
        page.story = [
            {"type": "heading", "value": {"text": "我们做什么", "level": "h2"}},
            *[{"type": block.block_type, "value": block.value.source} for block in page.story],
            {"type": "quote", "value": {"text": "一方有难，八方支援。", "attribution": ""}},
        ]
        page.save_revision().publish()
        station_page_story_update(station=station, intro="", story_text="只有一段。", user=coordinator)
        page = StationPage.objects.get(pk=published.pk)
        assert [block.block_type for block in page.story] == ["heading", "paragraph", "quote"]

    def test_html_typed_in_the_story_is_shown_as_text(self, client, station, coordinator):
        station_page_story_update(station=station, intro="", story_text="<script>x</script> & 更多", user=coordinator)
        html = client.get(station_page_get(station=station).url).content.decode()
        assert "<script>x</script>" not in html
        assert "&lt;script&gt;x&lt;/script&gt; &amp; 更多" in html

    def test_service_refuses_without_a_directory(self):
        station = StationFactory(name="无目录驿站")
        with pytest.raises(ApplicationError):
            station_page_story_update(station=station, intro="", story_text="故事", user=staff(station))
        assert not StationPage.objects.exists()


def test_story_paragraphs_split_at_blank_lines():
    assert story_paragraphs("一\r\n\r\n  \n二\n三\n\n") == ["一", "二\n三"]


@pytest.fixture(scope="class")
def demo_city(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield demo_seed()
        transaction.set_rollback(True)


@pytest.mark.usefixtures("demo_city")
class DemoStationPagesTests:
    def test_seed_publishes_station_pages_in_both_languages(self, client):
        chinese = StationPage.objects.live().filter(locale__language_code="zh-hans")
        english = StationPage.objects.live().filter(locale__language_code="en")
        assert chinese.count() >= 3
        assert english.count() == chinese.count()
        for page in english:
            assert page.get_translation(Locale.get_default()).station_id == page.station_id
        assert all(page.station.status == LoveStation.Status.ACTIVE for page in chinese)
        page = english.first()
        assert client.get(page.url).status_code == 200

    def test_second_seed_creates_no_station_pages(self):
        pages, revisions = StationPage.objects.count(), Revision.objects.count()
        demo_seed()
        assert StationPage.objects.count() == pages
        assert Revision.objects.count() == revisions
